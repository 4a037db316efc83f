"""3. Creating tensors: reference answers."""
import torch
from torch import Tensor


def random_tensor(rows: int, cols: int) -> Tensor:
    return torch.rand(rows, cols)


def random_image_tensor() -> Tensor:
    return torch.rand(3, 224, 224)


def zeros_and_ones(rows: int, cols: int) -> tuple[Tensor, Tensor]:
    return torch.zeros(rows, cols), torch.ones(rows, cols)


def zero_to_ten() -> Tensor:
    return torch.arange(10)


def evens_below(n: int) -> Tensor:
    return torch.arange(0, max(n, 0), 2)  # empty for n <= 0 (torch.arange(0, n, 2) raises for n < 0)


def zeros_like_of(t: Tensor) -> Tensor:
    return torch.zeros_like(t)


def ones_like_of(t: Tensor) -> Tensor:
    return torch.ones_like(t)
