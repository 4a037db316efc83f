"""5. Getting information from tensors (텐서 정보 얻기).

Read the three facts you will check most often when something goes wrong: a tensor's shape,
its dtype and its device. Run `kata grade --section s05_info` to check your answers.
"""
import torch
from torch import Tensor


def tensor_info(t: Tensor) -> dict:
    """Return {"shape": ..., "dtype": ..., "device": ...} for the tensor t.

    - "shape": a tuple of ints (a torch.Size is a tuple, so t.shape is fine);
    - "dtype": the torch.dtype itself, such as torch.float32;
    - "device": where t lives, as a torch.device or its name ("cpu", "cuda:0", ...).
    Example: for torch.rand(3, 4) return
    {"shape": torch.Size([3, 4]), "dtype": torch.float32, "device": device(type='cpu')}.
    """
    raise NotImplementedError("tensor_info")


def same_kind(a: Tensor, b: Tensor) -> bool:
    """Return True when a and b have the same shape, the same dtype and the same device, else False.

    The values inside do not matter: torch.rand(3, 4) and torch.zeros(3, 4) are the same kind;
    torch.rand(3, 4) and torch.rand(4, 3), or torch.rand(3, 4) and
    torch.rand(3, 4, dtype=torch.float64), are not.
    """
    raise NotImplementedError("same_kind")
