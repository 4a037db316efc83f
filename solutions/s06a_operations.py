"""6. Manipulating tensors: basic operations: reference answers."""
import torch
from torch import Tensor


def add_ten(t: Tensor) -> Tensor:
    return t + 10


def basic_ops(a: Tensor, b: Tensor) -> dict:
    return {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b}
