from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hospitals.samples import HIRA_HOSPITAL_HEADER, sample_rows, write_csv, write_xlsx, write_zip


class Command(BaseCommand):
    help = ("Write a synthetic file in HIRA's 병원정보서비스 layout (xlsx, zip or cp949 CSV) for benchmarking "
            "load_hospitals. The rows are generated, not real clinics.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="output file: .xlsx, .zip (xlsx inside) or .csv")
        parser.add_argument("--rows", type=int, default=80_000, help="number of rows (default 80000)")
        parser.add_argument("--relevant-share", type=float, default=0.05,
                            help="share of rows named like dermatology clinics (default 0.05)")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, path: Path, rows: int, relevant_share: float, seed: int, **options):
        data = sample_rows(rows, seed=seed, relevant_share=relevant_share)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            write_csv(path, HIRA_HOSPITAL_HEADER, data)
        elif suffix == ".xlsx":
            write_xlsx(path, HIRA_HOSPITAL_HEADER, data)
        elif suffix == ".zip":
            inner = write_xlsx(path.with_suffix(".xlsx.tmp.xlsx"), HIRA_HOSPITAL_HEADER, data)
            write_zip(path, {"1.병원정보서비스 (합성표본).xlsx": inner})
            inner.unlink()
        else:
            raise CommandError("The output must end in .xlsx, .zip or .csv.")
        self.stdout.write(f"Wrote {rows} synthetic rows to {path}")
