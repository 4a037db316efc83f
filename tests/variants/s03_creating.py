"""Other answers to s03_creating."""
import torch

from tests.variants import accepted, wrong


@accepted("random_tensor")
def rand_with_size(rows, cols):
    return torch.rand(size=(rows, cols), dtype=torch.float32)


@wrong("random_tensor", says="torch.randn")
def randn(rows, cols):
    return torch.randn(rows, cols)


@wrong("random_tensor", says="swapped")
def swapped(rows, cols):
    return torch.rand(cols, rows)


@wrong("random_tensor", says="expected random values")
def empty(rows, cols):
    return torch.zeros(rows, cols) + 0.5


@wrong("random_tensor", says="randint")
def randint(rows, cols):
    return torch.randint(0, 10, (rows, cols))


@wrong("random_tensor", says="uniform")
def half_range(rows, cols):
    return torch.rand(rows, cols) / 4


@wrong("random_image_tensor", says="height, width, channels")
def hwc_image():
    return torch.rand(224, 224, 3)


@wrong("random_image_tensor", says="batch")
def batched_image():
    return torch.rand(1, 3, 224, 224)


@wrong("random_image_tensor", says="expected a torch.Tensor")
def numpy_image():
    import numpy as np
    return np.random.rand(3, 224, 224).astype("float32")


@wrong("zeros_and_ones", says="integers")
def int_zeros(rows, cols):
    return torch.zeros(rows, cols, dtype=torch.int64), torch.ones(rows, cols, dtype=torch.int64)


@wrong("zeros_and_ones", says="torch.empty")
def empty_ones(rows, cols):
    return torch.zeros(rows, cols), torch.empty(rows, cols).fill_(7)


@accepted("zero_to_ten")
def arange_keywords():
    return torch.arange(start=0, end=10, step=1)


@wrong("zero_to_ten", says="includes 10")
def to_eleven():
    return torch.arange(0, 11)


@wrong("zero_to_ten", says="starts at 1")
def from_one():
    return torch.arange(1, 11)


@wrong("zero_to_ten", says="float")
def float_range():
    return torch.arange(10.0)


@wrong("zero_to_ten", says="torch.range includes its end")  # issue 11: torch.range was never named
def deprecated_range():
    return torch.range(0, 10)


@accepted("evens_below")
def every_other(n):
    return torch.arange(max(n, 0))[::2]


# The message starts with the call once (issue 11: "evens_below(-3): evens_below(-3) raised ...").
@wrong("evens_below", says="evens_below(-3): it raised RuntimeError")
def every_other_without_max(n):
    return torch.arange(n)[::2]


@wrong("evens_below", says="no number of 0, 2, 4, ... is smaller than a negative n")
def arange_to_n(n):
    return torch.arange(0, n, 2)


@wrong("evens_below", says="count down from 0")
def counting_down(n):
    return torch.arange(0, n, 2 if n > 0 else -2)


@wrong("zeros_and_ones", says="torch.empty")
def empty_zeros(rows, cols):
    return torch.empty(rows, cols), torch.ones(rows, cols)


@wrong("evens_below", says="smaller than n")
def including_n(n):
    return torch.arange(0, max(n + 1, 0), 2)


# Straight after the call: no "for a int32 input" (issue 11), and no fix ("use torch.zeros_like").
@wrong("zeros_like_of", says=">): expected dtype int32, got float32: that is float32, the default dtype")
def zeros_of_shape(t):
    return torch.zeros(t.shape)


@wrong("zeros_like_of", says="t's device is lost")
def zeros_of_shape_and_dtype(t):
    return torch.zeros(t.shape, dtype=t.dtype)


@wrong("zeros_like_of", says="t * 0 is NaN where t is inf or NaN")
def times_zero(t):
    return t * 0


@wrong("zeros_like_of", says="torch.empty")
def empty_like(t):
    return torch.empty_like(t)


@accepted("zeros_like_of")
def zeros_keyword_copies(t):
    return torch.zeros(t.shape, dtype=t.dtype, device=t.device)


@wrong("zeros_like_of", says="was changed")
def zero_in_place(t):
    return t.zero_()


@wrong("ones_like_of", says="torch.ones(t.shape)")
def ones_of_shape(t):
    return torch.ones(t.shape)


@accepted("ones_like_of")
def made_then_moved(t):
    return torch.ones(t.shape, dtype=t.dtype).to(t.device)


@wrong("ones_like_of", says="t's device is lost")
def ones_of_shape_and_dtype(t):
    return torch.ones(t.shape, dtype=t.dtype)


@wrong("ones_like_of", says="is NaN where t is inf or NaN")
def times_zero_plus_one(t):
    return t * 0 + 1


@accepted("ones_like_of")
def new_ones(t):
    return t.new_ones(t.shape)


@wrong("ones_like_of", says="was changed")
def fill_in_place(t):
    return t.fill_(1)
