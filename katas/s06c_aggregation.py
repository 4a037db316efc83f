"""6. min, max, mean, sum; positional min/max; changing dtypes (텐서 집계와 데이터 타입 변경).

Aggregate a tensor into single numbers (집계: min, max, mean, sum), find where the largest and
smallest values are (argmax, argmin), and convert a tensor to another dtype.
Run `kata grade --section s06c_aggregation` to check your answers.
"""
import torch
from torch import Tensor


def summarize(t: Tensor) -> dict:
    """Return {"min": ..., "max": ..., "mean": ..., "sum": ...} of all the elements of t.

    t has at least one element and any numeric dtype, integer ones included. Each value may be a
    Python number or a 0-dim tensor. The mean is the true mean, a float even for an integer
    tensor. Careful: t.mean() raises for an integer tensor, so convert to a float dtype first.

    Example: for t = torch.arange(0, 100, 10), min is 0, max is 90, mean is 45.0 and sum is 450.
    """
    raise NotImplementedError("summarize")


def argmax_argmin(t: Tensor) -> tuple[int, int]:
    """Return (position of the largest value, position of the smallest value) of a 1-D t.

    Positions, not values: for t = torch.arange(10, 100, 10), that is tensor([10, 20, ..., 90]),
    return (8, 0). Each position may be a Python int or a 0-dim integer tensor.
    """
    raise NotImplementedError("argmax_argmin")


def best_class_per_row(scores: Tensor) -> Tensor:
    """Return, for each row of scores, the column index of its largest score.

    scores has shape (batch, classes): one row of class scores per example. Return an int64
    tensor of shape (batch,) whose element i is the class with the highest score in row i.
    Example: for [[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]], return tensor([1, 0]).
    """
    raise NotImplementedError("best_class_per_row")


def convert_dtypes(t: Tensor) -> tuple[Tensor, Tensor]:
    """Return (a float16 copy of t, an int8 copy of t) for a float32 tensor t; t stays unchanged.

    The values of t fit in int8 (-128 to 127); converting a float to an integer dtype drops the
    fraction, as tensor.type(torch.int8) or tensor.to(torch.int8) does. Example: for
    torch.arange(10., 100., 10.), return tensor([10., 20., ..., 90.], dtype=torch.float16) and
    tensor([10, 20, ..., 90], dtype=torch.int8).
    """
    raise NotImplementedError("convert_dtypes")
