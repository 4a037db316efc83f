"""6. Manipulating tensors: basic operations (기본 연산).

Add, subtract, multiply and divide tensors element by element, without changing the inputs.
Run `kata grade --section s06a_operations` to check your answers.
"""
import torch
from torch import Tensor


def add_ten(t: Tensor) -> Tensor:
    """Return a new tensor holding t + 10; t itself must stay as it was.

    Example: for t = torch.tensor([1, 2, 3]), return tensor([11, 12, 13]); afterwards t is still
    tensor([1, 2, 3]). The result has the same shape and dtype as t (an int64 t gives int64).
    """
    raise NotImplementedError("add_ten")


def basic_ops(a: Tensor, b: Tensor) -> dict:
    """Return {"add": ..., "sub": ..., "mul": ..., "div": ...}: the four element-wise results.

    a and b have the same shape. Each value is a tensor of that shape:
    - "add": a + b
    - "sub": a - b
    - "mul": a times b, element by element (each element of a times the element of b at the
      same position; this is not matrix multiplication)
    - "div": a divided by b with true division, so integer inputs give a float result
      (7 divided by 2 is 3.5, not 3)

    Example: for a = torch.tensor([1, 2, 3]) and b = torch.tensor([10, 20, 30]), "add" is
    tensor([11, 22, 33]) and "div" is tensor([0.1000, 0.1000, 0.1000]). Leave a and b unchanged.
    """
    raise NotImplementedError("basic_ops")
