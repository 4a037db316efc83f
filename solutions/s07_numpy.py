"""7. PyTorch tensors and NumPy arrays: reference answers."""
import numpy as np
import torch
from torch import Tensor


def from_numpy_shared(arr: np.ndarray) -> Tensor:
    return torch.from_numpy(arr)


def from_numpy_float32(arr: np.ndarray) -> Tensor:
    return torch.from_numpy(arr).float()


def to_numpy(t: Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def numpy_copy(t: Tensor) -> np.ndarray:
    return t.numpy().copy()
