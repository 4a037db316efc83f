"""7. PyTorch tensors and NumPy arrays (파이토치 텐서와 넘파이 배열).

Move data between NumPy and PyTorch: tensors that share an array's memory, dtype changes on
the way, and arrays made from any tensor (one that requires grad or lives on a GPU included).
Run `kata grade --section s07_numpy` to check your answers.
"""
import numpy as np
import torch
from torch import Tensor


def from_numpy_shared(arr: np.ndarray) -> Tensor:
    """Return a tensor that shares arr's memory (no copy) and keeps arr's dtype.

    Changing one then changes the other. Example: for arr = np.arange(1.0, 8.0) (float64),
    return tensor([1., 2., 3., 4., 5., 6., 7.], dtype=torch.float64).
    """
    raise NotImplementedError("from_numpy_shared")


def from_numpy_float32(arr: np.ndarray) -> Tensor:
    """Return a float32 tensor of the values of the float64 array arr.

    NumPy's default is float64, PyTorch's is float32. Example: for arr = np.arange(1.0, 8.0),
    return tensor([1., 2., 3., 4., 5., 6., 7.]) (dtype torch.float32).
    """
    raise NotImplementedError("from_numpy_float32")


def to_numpy(t: Tensor) -> np.ndarray:
    """Return a NumPy array of t's values, with t's shape and dtype (float32 stays float32).

    It must work for any t: one that requires grad, and one on a GPU, too. t itself must stay
    as it was (same values, same device, still requiring grad if it did).
    Example: torch.ones(7) gives array([1., 1., 1., 1., 1., 1., 1.], dtype=float32).
    """
    raise NotImplementedError("to_numpy")


def numpy_copy(t: Tensor) -> np.ndarray:
    """Return a NumPy array of the CPU tensor t's values that does NOT share memory with t.

    Same shape and dtype as t; changing the array afterwards must leave t unchanged.
    """
    raise NotImplementedError("numpy_copy")
