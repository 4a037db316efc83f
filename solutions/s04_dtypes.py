"""4. Tensor datatypes: reference answers."""
import torch
from torch import Tensor


def float32_tensor(values: list) -> Tensor:
    return torch.tensor(values, dtype=torch.float32)


def trainable_tensor(values: list) -> Tensor:
    return torch.tensor(values, dtype=torch.float32, requires_grad=True)


def bytes_per_element(dtype: torch.dtype) -> int:
    return torch.empty(0, dtype=dtype).element_size()
