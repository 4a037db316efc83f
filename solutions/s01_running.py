"""1. Running PyTorch code: reference answers."""
import torch
from torch.torch_version import TorchVersion


def torch_version() -> str:
    return str(torch.__version__)


def version_at_least(version: str, major: int, minor: int) -> bool:
    return TorchVersion(version) >= (major, minor)
