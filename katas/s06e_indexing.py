"""6. Indexing (인덱싱).

Select parts of a tensor with square brackets: whole matrices, rows, columns and single
elements (`:` means "every value of this dim"), and elements picked by a condition.
Run `kata grade --section s06e_indexing` to check your answers.

Unless a kata says otherwise, x is a 3-D tensor of shape (B, R, C): B matrices, each with R rows
and C columns. The running example: x = torch.arange(1, 7).reshape(1, 2, 3), that is
tensor([[[1, 2, 3],
         [4, 5, 6]]]).
"""
import torch
from torch import Tensor


def first_matrix(x: Tensor) -> Tensor:
    """Return the first (R, C) matrix of x.

    Example: for the running example x, return tensor([[1, 2, 3], [4, 5, 6]]).
    """
    raise NotImplementedError("first_matrix")


def column_from_each(x: Tensor, j: int) -> Tensor:
    """Return column j of every matrix of x, as a tensor of shape (B, R); 0 <= j < C.

    Example: for the running example x and j = 1, return tensor([[2, 5]]).
    """
    raise NotImplementedError("column_from_each")


def pick_row_col(x: Tensor, r: int, c: int) -> Tensor:
    """Return the element at row r, column c of every matrix of x, as a tensor of shape (B,).

    Example: for the running example x, r = 1 and c = 1, return tensor([5]).
    """
    raise NotImplementedError("pick_row_col")


def row_keep_dims(m: Tensor, i: int) -> Tensor:
    """Return row i of the 2-D tensor m (shape (R, C)) with its row dim kept: shape (1, C).

    0 <= i < R. Example: for m = tensor([[1, 2, 3], [4, 5, 6]]) and i = 1, return
    tensor([[4, 5, 6]]) (shape (1, 3), not (3,)).
    """
    raise NotImplementedError("row_keep_dims")


def corners(m: Tensor) -> Tensor:
    """Return the four corner elements of the 2-D tensor m as a tensor of shape (4,).

    The order is top-left, top-right, bottom-left, bottom-right, and the dtype is m's.
    Example: for m = tensor([[1, 2, 3], [4, 5, 6]]), return tensor([1, 3, 4, 6]).
    """
    raise NotImplementedError("corners")


def positives(v: Tensor) -> Tensor:
    """Return the elements of the 1-D tensor v that are greater than 0, in their order in v.

    The result is 1-D and has v's dtype; it is empty when no element is greater than 0.
    Example: for v = tensor([3, -1, 0, 5, -2]), return tensor([3, 5]).
    """
    raise NotImplementedError("positives")
