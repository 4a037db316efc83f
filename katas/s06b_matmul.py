"""6. Matrix multiplication and neural networks (행렬 곱셈).

Tell element-wise multiplication from matrix multiplication, follow the two shape rules of
matrix multiplication, fix a product with a transpose, and compute what nn.Linear does.
Run `kata grade --section s06b_matmul` to check your answers.
"""
import torch
from torch import Tensor


def elementwise_product(a: Tensor, b: Tensor) -> Tensor:
    """Return the element-wise product of a and b (two tensors of the same shape).

    Each element of the result is the product of the elements of a and b at the same position,
    so the result has the shape of a. Example: for a = b = torch.tensor([1, 2, 3]), return
    tensor([1, 4, 9]). This is not matrix multiplication.
    """
    raise NotImplementedError("elementwise_product")


def dot_product(a: Tensor, b: Tensor) -> Tensor:
    """Return the dot product of two 1-D tensors of the same length, as a 0-dim tensor.

    The dot product multiplies the elements pair by pair and adds the products up: for
    a = b = torch.tensor([1, 2, 3]) it is 1*1 + 2*2 + 3*3, tensor(14). The dot product of two
    empty vectors is 0.

    Let PyTorch do the work: write no Python loop, in this function or in any function it calls:
    no `for`, no `while`, no comprehension, no recursion, and no built-in that walks the elements
    one by one, such as sum() or map(). Keep the result a tensor (do not call .item()).
    """
    raise NotImplementedError("dot_product")


def can_matmul(shape_a: tuple, shape_b: tuple) -> bool:
    """Return True if a matrix of shape shape_a can be matrix-multiplied by one of shape_b.

    Both shapes have two dims, (rows, cols). The rule: the inner dims must match, that is the
    last dim of shape_a and the first dim of shape_b.
    Examples: can_matmul((2, 3), (3, 2)) is True; can_matmul((3, 2), (3, 2)) is False.
    """
    raise NotImplementedError("can_matmul")


def matmul_shape(shape_a: tuple, shape_b: tuple) -> tuple[int, int]:
    """Return the shape of the matrix product of a shape_a matrix and a shape_b matrix.

    The result has the outer dims: (rows of the first, cols of the second). Examples:
    matmul_shape((2, 3), (3, 2)) is (2, 2); matmul_shape((3, 2), (2, 3)) is (3, 3).
    When the inner dims do not match, raise ValueError with a message that shows both shapes,
    e.g. "cannot multiply (3, 2) by (3, 2)". Return a tuple of two ints.
    """
    raise NotImplementedError("matmul_shape")


def fix_matmul(a: Tensor, b: Tensor) -> Tensor:
    """a and b both have shape (n, k), so a @ b fails. Transpose b and return a @ bᵀ, shape (n, n).

    Example: for a = [[1, 2], [3, 4], [5, 6]] and b = [[7, 10], [8, 11], [9, 12]] (both (3, 2)),
    the result is [[27, 30, 33], [61, 68, 75], [95, 106, 117]], shape (3, 3).
    """
    raise NotImplementedError("fix_matmul")


def linear_forward(x: Tensor, weight: Tensor, bias: Tensor) -> Tensor:
    """Return what torch.nn.Linear computes: x times the transpose of weight, plus bias.

    x has shape (batch, in_features), weight (out_features, in_features) and bias
    (out_features,). The result has shape (batch, out_features): row i is x[i] @ weightᵀ + bias.
    Leave x, weight and bias unchanged.
    """
    raise NotImplementedError("linear_forward")


def seeded_linear(in_features: int, out_features: int, seed: int) -> torch.nn.Linear:
    """Return a new torch.nn.Linear(in_features, out_features) whose starting weights repeat.

    A new layer starts with random weights and bias. Call torch.manual_seed(seed) right before
    you create it, so that the same seed always gives the same weights (the tutorial seeds 42
    before torch.nn.Linear(in_features=2, out_features=6)).
    """
    raise NotImplementedError("seeded_linear")
