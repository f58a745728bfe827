from django.core.management import call_command


def test_benchmark_fills_a_throwaway_database_and_uses_the_stats_index(tmp_path, capsys, django_db_blocker):
    with django_db_blocker.unblock():  # only the throwaway SQLite file is opened, never the project's database
        call_command("benchmark_stats", "--rows", "3000", "--repeats", "1", "--compare",
                     "--db", str(tmp_path / "bench.sqlite3"))

    out = capsys.readouterr().out
    assert "Filled 3,000 rows" in out
    assert "USING COVERING INDEX human_stats_idx" in out
    assert out.count("statistics section (1 GROUP BY query): p50") == 2
    assert (tmp_path / "bench.sqlite3").stat().st_size > 100_000
