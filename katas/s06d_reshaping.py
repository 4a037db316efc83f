"""6. Reshaping, viewing, stacking, squeezing, unsqueezing, permuting (형태와 차원 변경하기).

Change a tensor's shape and dims without changing its values: add and remove size-1 dims,
views that share memory, stacking, permuting image axes and flattening a batch.
Run `kata grade --section s06d_reshaping` to check your answers.
"""
import torch
from torch import Tensor


def add_batch_dim(x: Tensor) -> Tensor:
    """Return x with a new dim of size 1 in front (a "batch" of one).

    Shape (...) becomes (1, ...): a (3, 4) tensor becomes (1, 3, 4), a (7,) tensor becomes
    (1, 7), and a 0-dim tensor becomes (1,). The values stay the same.
    """
    raise NotImplementedError("add_batch_dim")


def view_and_edit(x: Tensor, value) -> Tensor:
    """Make a (1, n) view of the 1-D tensor x, set its first element to value, and return it.

    A view shares memory with x, so the edit shows in x too. Example: for
    x = torch.arange(1., 8.) and value 5, return tensor([[5., 2., 3., 4., 5., 6., 7.]]), and
    afterwards x is tensor([5., 2., 3., 4., 5., 6., 7.]).
    """
    raise NotImplementedError("view_and_edit")


def stack_copies(x: Tensor, n: int, dim: int) -> Tensor:
    """Return n copies of x stacked along a new dim at position dim (0 <= dim <= x.dim()).

    Example: for x of shape (7,), stack_copies(x, 4, 0) has shape (4, 7), each row equal to x;
    stack_copies(x, 4, 1) has shape (7, 4), each column equal to x.
    """
    raise NotImplementedError("stack_copies")


def squeeze_all(x: Tensor) -> Tensor:
    """Return x without any of its size-1 dims, values unchanged.

    Example: shape (1, 7) becomes (7,); shape (1, 3, 1, 5) becomes (3, 5); shape (1, 1) becomes
    a 0-dim tensor; a tensor with no size-1 dims keeps its shape.
    """
    raise NotImplementedError("squeeze_all")


def to_column(x: Tensor) -> Tensor:
    """Turn the 1-D tensor x of shape (n,) into a column of shape (n, 1), values in order.

    Example: tensor([1., 2., 3.]) becomes tensor([[1.], [2.], [3.]]).
    """
    raise NotImplementedError("to_column")


def hwc_to_chw(img: Tensor) -> Tensor:
    """Turn an image of shape (height, width, colour channels) into (channels, height, width).

    The pixels must move with their axes: the result's [c, h, w] is img[h, w, c].
    Example: a (224, 224, 3) image becomes (3, 224, 224).
    """
    raise NotImplementedError("hwc_to_chw")


def chw_to_hwc(img: Tensor) -> Tensor:
    """Turn an image of shape (channels, height, width) into (height, width, channels).

    The inverse of hwc_to_chw: the result's [h, w, c] is img[c, h, w].
    Example: a (3, 224, 224) image becomes (224, 224, 3).
    """
    raise NotImplementedError("chw_to_hwc")


def flatten_batch(x: Tensor) -> Tensor:
    """Flatten every dim but the first: (B, ...) becomes (B, product of the other dims).

    Row i of the result holds the values of x[i] in order. Example: a batch of 32 images of
    shape (32, 3, 28, 28) becomes (32, 2352). It must work for any x, including one that is
    not contiguous in memory (such as a transposed or permuted tensor).
    """
    raise NotImplementedError("flatten_batch")
