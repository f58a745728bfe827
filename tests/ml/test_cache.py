import threading

import pytest

from ml.cache import ModelCache, WeightsUnavailable
from ml.labels import SYMPTOM_KEYS
from tests.factories import write_checkpoint, write_weights


def test_reads_each_checkpoint_once_across_many_calls_and_threads(tmp_path):
    write_weights(tmp_path)
    cache = ModelCache()
    threads = [threading.Thread(target=cache.get, args=(tmp_path,)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for _ in range(5):
        models = cache.get(tmp_path)
    assert cache.loads == len(SYMPTOM_KEYS)
    assert set(models) == set(SYMPTOM_KEYS)


def test_nothing_is_read_until_first_use(tmp_path):
    write_weights(tmp_path)
    assert ModelCache().loads == 0


def test_lists_every_missing_and_corrupt_file(tmp_path):
    write_weights(tmp_path)
    (tmp_path / "value_2.pt").unlink()
    (tmp_path / "value_5.pt").write_bytes(b"\x00garbage")
    with pytest.raises(WeightsUnavailable) as info:
        ModelCache().get(tmp_path)
    found = {(p.symptom, p.reason) for p in info.value.problems}
    assert found == {("value_2", "missing"), ("value_5", "corrupt")}


def test_picks_up_weights_added_after_a_failure(tmp_path):
    write_weights(tmp_path)
    (tmp_path / "value_3.pt").unlink()
    cache = ModelCache()
    with pytest.raises(WeightsUnavailable):
        cache.get(tmp_path)
    write_checkpoint(tmp_path / "value_3.pt", "value_3")
    assert set(cache.get(tmp_path)) == set(SYMPTOM_KEYS)
    assert cache.loads == len(SYMPTOM_KEYS)


def test_corrupt_file_is_not_reread_until_it_changes(tmp_path):
    write_weights(tmp_path)
    (tmp_path / "value_1.pt").write_bytes(b"broken")
    cache = ModelCache()
    for _ in range(3):
        with pytest.raises(WeightsUnavailable):
            cache.get(tmp_path)
    assert cache.loads == len(SYMPTOM_KEYS)  # five good + the broken one, once
