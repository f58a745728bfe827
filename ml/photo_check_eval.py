"""How often the photo check passes fresh synthetic scalps and catches images of other kinds.

    python -m ml.photo_check_eval --weights weights --n 60

Prints, per evaluation set (ml.photo_check_sets), the share passed, flagged doubtful and refused,
the share caught for the expected reason (quality sets) and the count of each reason. Runs the full
check the site runs: quality on the decoded photo, then the six models' features.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from ml import photo_check as pc
from ml.assess import Scenery, assess
from ml.cache import ModelCache
from ml.model import LoadedModel
from ml.photo_check_sets import FRESH_SEED, EvalSet, build_sets


def check_image(image, models: Mapping[str, LoadedModel], thresholds: pc.Thresholds = pc.DEFAULTS,
                scenery: Scenery | None = None):
    """The site's check (ml.assess), grading every photo that is a scalp so familiarity is measured too."""
    return assess(image, models=lambda: models, scenery=scenery, thresholds=thresholds, grade_anyway=True).check


def rates(eval_set: EvalSet, models, thresholds: pc.Thresholds = pc.DEFAULTS, scenery: Scenery | None = None) -> dict:
    """Shares of one set: passed, doubtful, refused, caught (flagged or refused), for the expected
    reason; reason counts."""
    checks = [check_image(image, models, thresholds, scenery) for image in eval_set.images]
    n = len(checks)
    outcomes = Counter(c.outcome for c in checks)
    reasons = Counter(code for c in checks for code in c.codes)
    expected = eval_set.expected if eval_set.expected not in (None, "pass") else None
    row = {"set": eval_set.name, "images": n, "passed": outcomes[pc.OK] / n,
           "doubtful": outcomes[pc.DOUBTFUL] / n, "refused": outcomes[pc.REFUSED] / n,
           "caught": 1 - outcomes[pc.OK] / n, "reasons": dict(sorted(reasons.items()))}
    if expected:
        row["right_reason"] = sum(expected in c.codes for c in checks) / n
    return row


def format_row(row: dict) -> str:
    right = f"  right reason {row['right_reason']:.0%}" if "right_reason" in row else ""
    reasons = ", ".join(f"{k} {v}" for k, v in row["reasons"].items()) or "-"
    return (f"{row['set']:<24} n={row['images']:<4} passed {row['passed']:5.0%}  doubtful {row['doubtful']:5.0%}  "
            f"refused {row['refused']:5.0%}  caught {row['caught']:5.0%}{right}  | {reasons}")


def main(args: argparse.Namespace) -> list[dict]:
    models = ModelCache().get(args.weights)
    missing = [s for s, m in models.items() if not m.photo_check]
    if missing:
        print(f"no familiarity statistics in {missing}: run python -m ml.calibrate first (quality only)")
    scenery = None
    if args.scene:
        from ml import scene_backbone, scene_check

        scenery = Scenery(scene_backbone.load(), scene_check.load(args.scene))
    rows = []
    for eval_set in build_sets(args.n, args.seed):
        rows.append(rates(eval_set, models, scenery=scenery))
        print(format_row(rows[-1]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    return rows


def get_args_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Rates of the photo check on fresh and foreign images.")
    p.add_argument("--weights", type=Path, default=Path("weights"), help="folder holding <symptom>.pt")
    p.add_argument("--n", type=int, default=60, help="images per set")
    p.add_argument("--seed", type=int, default=FRESH_SEED, help="seed of the sets (never a training seed)")
    p.add_argument("--json", type=Path, help="also write the rates to this file")
    p.add_argument("--scene", type=Path, help="also run the scene check from this file (weights/scene_check.npz)")
    return p


if __name__ == "__main__":
    main(get_args_parser().parse_args())
