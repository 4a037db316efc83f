"""2. Introduction to tensors (텐서 소개).

Meet the scalar, the vector, the matrix and the tensor, and read a tensor's number of dims
(ndim) and shape. Run `kata grade --section s02_tensor_intro` to check your answers.
"""
from __future__ import annotations

import torch
from torch import Tensor


def make_scalar() -> Tensor:
    """Return a scalar: a tensor with 0 dims holding the whole number 7 (dtype int64).

    A scalar is a single number, but still a torch.Tensor: its ndim is 0 and its shape is ().
    Printed, it looks like tensor(7).
    """
    raise NotImplementedError("make_scalar")


def scalar_to_python(t: Tensor) -> int | float:
    """Return the plain Python number inside t, a tensor that holds exactly one element.

    t may have any number of dims: tensor(7), tensor([2.5]) and tensor([[[-3]]]) all hold one
    number. Return a Python int for an integer tensor and a Python float for a floating-point
    one, keeping the value exactly (no rounding or cutting off decimals), not a tensor.
    Example: scalar_to_python(torch.tensor(7)) is 7, and type(...) is int.
    """
    raise NotImplementedError("scalar_to_python")


def make_vector() -> Tensor:
    """Return the vector [7, 7]: a 1-dim int64 tensor with two elements, shape (2,)."""
    raise NotImplementedError("make_vector")


def make_matrix() -> Tensor:
    """Return the matrix [[7, 8, 9], [10, 11, 12]]: a 2-dim int64 tensor with 2 rows and 3 columns.

    Its shape is (2, 3): 2 along dim 0 (the rows), 3 along dim 1 (the columns).
    """
    raise NotImplementedError("make_matrix")


def make_tensor_3d() -> Tensor:
    """Return the int64 tensor [[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]], of shape (1, 3, 4).

    A 3-dim tensor is a stack of matrices: here one matrix of 3 rows and 4 columns.
    """
    raise NotImplementedError("make_tensor_3d")


def describe(t: Tensor) -> tuple[int, tuple[int, ...]]:
    """Return (number of dims, shape) of t, for a tensor of any number of dims.

    The number of dims is a Python int; the shape is a tuple of ints (a torch.Size is a tuple,
    so t.shape is fine). Example: for torch.tensor([[7, 8, 9], [10, 11, 12]]) return (2, (2, 3));
    for torch.tensor(7) return (0, ()).
    """
    raise NotImplementedError("describe")
