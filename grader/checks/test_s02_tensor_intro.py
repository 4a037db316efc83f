"""Checks for s02_tensor_intro: scalars, vectors, matrices, tensors; ndim and shape."""
import numpy as np
import torch

from grader.checkkit import expect
from grader.sandbox import wire
from grader.checkkit.expect import Mistake


def _is_float(v) -> bool:
    return v.dtype.is_floating_point


def test_make_scalar(student):
    expect.tensor(student(), torch.tensor(7), mistakes=[
        Mistake("the brackets make it a tensor with dims (torch.tensor([7]) is a vector of one number); "
                "a scalar has 0 dims: torch.tensor(7), no brackets", test=lambda v: v.dim() > 0 and v.numel() == 1),
        Mistake("7.0 makes a float tensor; write the whole number 7 to get int64", test=_is_float)])


def _scalar_cases(inputs):
    """One-element tensors: 0-dim and with dims, integer and float, values with decimals and negatives."""
    return [
        inputs.randint(-1000, 1000),
        (inputs.randint(-50, 50, 1) + 0.25 + inputs.rand(1) / 2).to(torch.float32),
        -(inputs.randint(1, 50, 1, 1, 1) + 0.3 + inputs.rand(1, 1, 1, dtype=torch.float64) / 3),
        inputs.randint(-(2**20), 2**20, 1, 1, dtype=torch.int32),
        (inputs.randint(1, 9) + inputs.rand() / 2 + 0.125).to(torch.float16),
    ]


def test_scalar_to_python(student, inputs):
    for t in _scalar_cases(inputs):
        call = student.run(t)
        got = student.returned(call)
        expected = t.item()
        kind = "int" if isinstance(expected, int) else "float"
        dtype = expect.dtype_name(t.dtype)
        mistakes = [
            Mistake("t.tolist() keeps one pair of brackets per dim; t.item() gives the number itself",
                    test=lambda v: isinstance(v, list)),
            Mistake("that is a NumPy number; t.item() gives a plain Python number",
                    test=lambda v: isinstance(v, np.generic)),
            Mistake(f"t holds a {dtype} number with decimals: int(t) or round() drops them; t.item() keeps them",
                    test=lambda v: type(v) is int and kind == "float")]
        expect.number(got, expected, python_only=True, mistakes=mistakes)
        expect.check(type(got) is type(expected), expect.named(
            f"t is {'an' if dtype[0] in 'aeiou' else 'a'} {dtype} tensor, so expected a Python {kind}, "
            f"got {type(got).__name__} {got!r}"
            + (": float(t) turns a whole number into a float; t.item() keeps the tensor's kind of number"
               if kind == "int" else ""), got, mistakes))
        expect.unchanged(call, 0, t, "t")


def test_make_vector(student):
    expect.tensor(student(), torch.full((2,), 7), mistakes=[
        Mistake("a vector has exactly 1 dim: one pair of brackets, torch.tensor([7, 7])",
                test=lambda v: v.dim() > 1 and v.numel() == 2),
        Mistake("that is a scalar (0 dims); a vector holds a list of numbers: torch.tensor([7, 7])",
                test=lambda v: v.dim() == 0),
        Mistake("those are floats; write whole numbers to get int64", test=_is_float)])


def test_make_matrix(student):
    expected = torch.arange(7, 13).reshape(2, 3)
    expect.tensor(student(), expected, mistakes=[
        Mistake("rows and columns are swapped: the matrix has 2 rows of 3 numbers", shape=(3, 2)),
        Mistake("that is flat (1 dim); a matrix has 2 dims: put each row in its own list inside the outer list",
                test=lambda v: v.dim() == 1),
        Mistake("those are floats; write whole numbers to get int64", test=_is_float)])


def test_make_tensor_3d(student):
    expected = torch.arange(1, 13).reshape(1, 3, 4)
    expect.tensor(student(), expected, mistakes=[
        Mistake("that is the 3 x 4 matrix alone (2 dims); wrap it in one more pair of brackets to stack it "
                "as the single matrix of a (1, 3, 4) tensor", shape=(3, 4)),
        Mistake("rows and columns are swapped: the matrix has 3 rows of 4 numbers", shape=(1, 4, 3)),
        Mistake("that is flat (1 dim); the tensor has 3 dims: [[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]]",
                test=lambda v: v.dim() == 1),
        Mistake("the numbers start at 1, not 0", value=expected - 1),
        Mistake("those are floats; write whole numbers to get int64", test=_is_float)])


def _describe_cases(inputs):
    """Tensors whose first dim never equals their number of dims (so len(t) cannot pass)."""
    d3 = inputs.shape(3, low=4)
    d4 = inputs.shape(4, low=5, high=10)
    return [inputs.randn(*d3), inputs.randint(-9, 9), inputs.randint(-9, 9, inputs.integer(2, 9)),
            inputs.noncontiguous(*d4), torch.empty(0, inputs.integer(3, 9))]


def test_describe(student, inputs):
    for t in _describe_cases(inputs):
        call = student.run(t)
        got = student.returned(call)
        expect.check(isinstance(got, tuple) and len(got) == 2,
                     f"expected a tuple (number of dims, shape), got {expect.describe(got)}")
        ndim, shape = got
        expect.number(ndim, t.dim(), what="the number of dims", mistakes=[
            Mistake("the tuple is (number of dims, shape), in that order", test=lambda v: isinstance(v, tuple)),
            Mistake("len(t) is the size of the first dim, not the number of dims; use t.ndim",
                    test=lambda v: t.dim() > 0 and expect.as_number(v) == t.shape[0]),
            Mistake("t.numel() counts the elements, not the dims; use t.ndim",
                    test=lambda v: expect.as_number(v) == t.numel())])
        shape_mistakes = [
            Mistake("t.size is a method: call it, t.size(), or use t.shape",
                    test=lambda v: isinstance(v, wire.Opaque) and "method" in v.type_name),
            Mistake("a list is not a tuple; t.shape (a torch.Size) already is a tuple",
                    test=lambda v: isinstance(v, list))]
        expect.check(isinstance(shape, tuple), expect.named(
            f"the shape: expected a tuple of ints, got {expect.describe(shape)}", shape, shape_mistakes))
        expect.check(all(type(d) is int for d in shape) and tuple(shape) == tuple(t.shape),
                     f"the shape: expected {expect.shape_text(t.shape)}, got {shape!r}")
        expect.unchanged(call, 0, t, "t")
