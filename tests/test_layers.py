"""The import rules of the README's structure picture, checked on every module's source (lazy imports too).

Layers, bottom up: ml (no Django) and common; diagnosis; the feature apps; the project and the benchmarks.
A module may import its own package and the layers below it, never a layer above or a sibling feature app."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FEATURES = {"history", "stats", "products", "hospitals"}
# ads sits below products: the products section shows its sponsored cards and ranks by its click counts.
BASE = {"diagnosis", "common", "ml"}
ALLOWED = {
    "ml": {"ml"},
    "common": {"common"},
    "diagnosis": {"diagnosis", "common", "ml"},
    **{app: {app, *BASE} for app in FEATURES},
    "ads": {"ads", *BASE},
    "products": {"products", "ads", *BASE},
    "scalpspectra": {"scalpspectra", "ads", *FEATURES, *BASE},
    "benchmarks": {"benchmarks", "ads", *FEATURES, *BASE},
}
PROJECT = set(ALLOWED) | {"tests"}


def imported_packages(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def modules(package: str):
    return [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize("package", sorted(p for p in ALLOWED if (ROOT / p).is_dir()))
def test_no_package_imports_a_layer_above_it_or_a_sibling(package):
    wrong = {}
    for path in modules(package):
        if bad := (imported_packages(path) & PROJECT) - ALLOWED[package]:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert not wrong, f"{package} may import only {sorted(ALLOWED[package])}: {wrong}"


def test_ml_never_imports_django():
    offenders = [str(p.relative_to(ROOT)) for p in modules("ml") if "django" in imported_packages(p)]
    assert not offenders


def test_every_app_is_placed_in_a_layer():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps <= set(ALLOWED), f"add {sorted(apps - set(ALLOWED))} to the layers (README: structure)"


def test_importing_the_model_cache_imports_no_pytorch():
    code = "import sys, ml.cache, ml.runtime_config, ml.photo_check; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
