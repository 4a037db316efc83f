"""2. Introduction to tensors: reference answers."""
from __future__ import annotations

import torch
from torch import Tensor


def make_scalar() -> Tensor:
    return torch.tensor(7)


def scalar_to_python(t: Tensor) -> int | float:
    return t.item()


def make_vector() -> Tensor:
    return torch.tensor([7, 7])


def make_matrix() -> Tensor:
    return torch.tensor([[7, 8, 9], [10, 11, 12]])


def make_tensor_3d() -> Tensor:
    return torch.tensor([[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]])


def describe(t: Tensor) -> tuple[int, tuple[int, ...]]:
    return t.ndim, t.shape
