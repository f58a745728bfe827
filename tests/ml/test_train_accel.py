import pytest
import torch
from torch import nn

from ml import train
from ml.model import build_model, make_checkpoint
from ml.train_setup import Accel
from tests.factories import TINY_ARCH, TINY_OVERRIDES
from tests.ml.synthetic_data import synthetic_dataset
from tests.ml.test_train import TINY

CUDA = torch.cuda.is_available()


def _args(*argv):
    return train.get_args_parser().parse_args(list(argv))


def test_mixed_precision_and_channels_last_are_on_by_default_on_cuda_and_can_be_turned_off():
    assert Accel.for_device(_args("--data", "d"), torch.device("cuda")) == Accel(amp=True, channels_last=True)
    off = _args("--data", "d", "--no-amp", "--no-channels-last")
    assert Accel.for_device(off, torch.device("cuda")) == Accel(amp=False, channels_last=False)


def test_cpu_training_ignores_the_gpu_flags():
    assert Accel.for_device(_args("--data", "d", "--amp"), torch.device("cpu")) == Accel()


def test_a_channels_last_model_is_saved_as_plain_contiguous_float32():
    model = build_model(TINY_ARCH, image_size=32, overrides=TINY_OVERRIDES).to(memory_format=torch.channels_last)
    ckpt = make_checkpoint(model, symptom="value_1", arch=TINY_ARCH, image_size=32, overrides=TINY_OVERRIDES)
    convs = [v for v in ckpt["state_dict"].values() if v.dim() == 4]
    assert convs and all(v.is_contiguous() and v.dtype == torch.float32 for v in convs)


def test_a_training_step_with_the_disabled_scaler_matches_plain_sgd():
    torch.manual_seed(0)
    model, images, target = nn.Linear(8, 4), torch.randn(16, 8), torch.randint(0, 4, (16,))
    plain = build_plain_step(model, images, target)
    loader = [(images, target)]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    result = train.train_one_epoch(model, nn.CrossEntropyLoss(), optimizer, loader, torch.device("cpu"),
                                   progress=False)
    assert result["loss"] == pytest.approx(plain["loss"])
    assert torch.allclose(model.weight, plain["weight"])


def build_plain_step(model, images, target) -> dict:
    import copy

    twin = copy.deepcopy(model)
    optimizer = torch.optim.SGD(twin.parameters(), lr=0.1)
    loss = nn.CrossEntropyLoss()(twin(images), target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return {"loss": loss.item(), "weight": twin.weight.detach()}


@pytest.mark.skipif(not CUDA, reason="needs a CUDA GPU")
def test_amp_training_on_cuda_writes_a_float32_checkpoint(tmp_path):
    data = synthetic_dataset(40, 5)
    train.main(_args("--data", str(data), "--out", str(tmp_path / "w"), "--run-dir", str(tmp_path / "r"),
                     "--symptoms", "value_1", "--epochs", "1", "--device", "cuda", *TINY))
    ckpt = torch.load(tmp_path / "w" / "value_1.pt", weights_only=True)
    assert all(v.dtype == torch.float32 for v in ckpt["state_dict"].values() if v.is_floating_point())
    assert all(v.is_contiguous() for v in ckpt["state_dict"].values())
