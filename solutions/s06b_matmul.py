"""6. Matrix multiplication and neural networks: reference answers."""
import torch
from torch import Tensor


def elementwise_product(a: Tensor, b: Tensor) -> Tensor:
    return a * b


def dot_product(a: Tensor, b: Tensor) -> Tensor:
    return torch.matmul(a, b)


def can_matmul(shape_a: tuple, shape_b: tuple) -> bool:
    return shape_a[1] == shape_b[0]


def matmul_shape(shape_a: tuple, shape_b: tuple) -> tuple[int, int]:
    if shape_a[1] != shape_b[0]:
        raise ValueError(f"cannot multiply {tuple(shape_a)} by {tuple(shape_b)}: "
                         f"the inner dims {shape_a[1]} and {shape_b[0]} differ")
    return (shape_a[0], shape_b[1])


def fix_matmul(a: Tensor, b: Tensor) -> Tensor:
    return a @ b.T


def linear_forward(x: Tensor, weight: Tensor, bias: Tensor) -> Tensor:
    return x @ weight.T + bias


def seeded_linear(in_features: int, out_features: int, seed: int) -> torch.nn.Linear:
    torch.manual_seed(seed)
    return torch.nn.Linear(in_features, out_features)
