"""3. Creating tensors (텐서 생성하기).

Make tensors from scratch: random ones (난수), zeros and ones, ranges, and tensors shaped like
another tensor. Run `kata grade --section s03_creating` to check your answers.
"""
import torch
from torch import Tensor


def random_tensor(rows: int, cols: int) -> Tensor:
    """Return a float32 tensor of shape (rows, cols) filled with random values, uniform in [0, 1).

    Example: random_tensor(3, 4) has shape (3, 4) and values such as 0.4963, 0.7682, ...
    """
    raise NotImplementedError("random_tensor")


def random_image_tensor() -> Tensor:
    """Return a random colour image as a float32 tensor, uniform in [0, 1), colour channels first.

    PyTorch keeps images as (colour channels, height, width): a 224 x 224 RGB image has shape
    (3, 224, 224).
    """
    raise NotImplementedError("random_image_tensor")


def zeros_and_ones(rows: int, cols: int) -> tuple[Tensor, Tensor]:
    """Return (zeros, ones): two float32 tensors of shape (rows, cols), one all 0, one all 1."""
    raise NotImplementedError("zeros_and_ones")


def zero_to_ten() -> Tensor:
    """Return the int64 tensor [0, 1, 2, ..., 9] (ten numbers, 10 not included)."""
    raise NotImplementedError("zero_to_ten")


def evens_below(n: int) -> Tensor:
    """Return an int64 tensor of the even numbers 0, 2, 4, ... that are smaller than n.

    Example: evens_below(7) is tensor([0, 2, 4, 6]). When n is 0 or negative, no number of
    0, 2, 4, ... is smaller than n: evens_below(0) and evens_below(-3) are empty int64 tensors.
    """
    raise NotImplementedError("evens_below")


def zeros_like_of(t: Tensor) -> Tensor:
    """Return zeros with the same shape, dtype and device as t, leaving t unchanged."""
    raise NotImplementedError("zeros_like_of")


def ones_like_of(t: Tensor) -> Tensor:
    """Return ones with the same shape, dtype and device as t, leaving t unchanged."""
    raise NotImplementedError("ones_like_of")
