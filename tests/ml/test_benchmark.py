import json

import pytest

from ml import benchmark


@pytest.mark.slow  # cold starts in fresh processes, both backends
def test_compare_times_both_backends_and_ends_with_one_json_line(tiny_weights_dir, capsys):
    args = benchmark.get_args_parser().parse_args(
        ["--compare", "--save-dir", str(tiny_weights_dir), "--weights", str(tiny_weights_dir),
         "--runs", "2", "--warmup", "1", "--photos", "3"])
    benchmark.main(args)
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["eager_p50_ms"] > 0 and line["onnxruntime_p50_ms"] > 0
    assert line["speedup"] == round(line["eager_p50_ms"] / line["onnxruntime_p50_ms"], 2)
    assert line["grades_identical"] is True and line["max_prob_diff"] <= 1e-4
    assert line["agreement_photos"] == 3 and line["onnxruntime_fallbacks"] == []
    assert line["export_all_s"] > 0 and line["cold_load_warm_cache_s"] > 0
    assert set(line["peak_rss_mb"]) == {"eager", "onnxruntime", "onnxruntime_exporting"}


def test_worker_with_a_warm_cache_exports_nothing(tiny_weights_dir, onnx_cache_dir, capsys):
    argv = ["--worker", "--weights", str(tiny_weights_dir), "--onnx-cache", str(onnx_cache_dir), "--warmup", "1"]
    benchmark.main(benchmark.get_args_parser().parse_args(argv))
    again = benchmark.main(benchmark.get_args_parser().parse_args(argv))
    assert again["exported"] == 0 and again["served_by"] == ["onnxruntime"]


def test_running_the_benchmark_leaves_autograd_on_for_the_caller(tiny_weights_dir, onnx_cache_dir):
    import torch

    argv = ["--worker", "--weights", str(tiny_weights_dir), "--onnx-cache", str(onnx_cache_dir), "--warmup", "0"]
    benchmark.main(benchmark.get_args_parser().parse_args(argv))
    assert torch.is_grad_enabled()
