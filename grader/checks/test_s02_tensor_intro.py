"""Checks for s02_tensor_intro: scalars, vectors, matrices, tensors; ndim and shape."""
import numpy as np
import torch

from grader.checkkit import expect
from grader.sandbox import wire
from grader.checkkit.expect import Mistake
from grader.i18n import _


def _is_float(v) -> bool:
    return v.dtype.is_floating_point


def _floats() -> Mistake:
    return Mistake(_("those are floats, not int64 whole numbers"), test=_is_float)


def _size_mistakes() -> list:
    """What a shape that is no tuple most likely is."""
    return [Mistake(_("t.size is a method, and that is the method itself, not what it returns"),
                    test=lambda v: isinstance(v, wire.Opaque) and "method" in v.type_name),
            Mistake(_("a list is not a tuple (a torch.Size is a tuple)"), test=lambda v: isinstance(v, list))]


def test_make_scalar(student):
    expect.tensor(student(), torch.tensor(7), mistakes=[
        Mistake(_("the brackets make it a tensor with dims (torch.tensor([7]) is a vector of one number), "
                  "but a scalar has 0 dims"), test=lambda v: v.dim() > 0 and v.numel() == 1),
        Mistake(_("7.0 makes a float tensor, not an int64 one"), test=_is_float)])


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
        tensor = expect.tensor_kind(t.dtype)
        mistakes = [
            Mistake(_("t.tolist() keeps one pair of brackets per dim, so the number came back inside lists"),
                    test=lambda v: isinstance(v, list)),
            Mistake(_("that is a NumPy number, not a plain Python one"),
                    test=lambda v: isinstance(v, np.generic)),
            Mistake(_("t is {tensor}, a number with decimals: int(t) or round() drops them").format(tensor=tensor),
                    test=lambda v: type(v) is int and kind == "float")]
        expect.number(got, expected, python_only=True, mistakes=mistakes)
        wrong_kind = (_("t is {tensor}, so expected a Python {kind}, got {type} {got}: float(t) turns a whole "
                        "number into a float") if kind == "int"
                      else _("t is {tensor}, so expected a Python {kind}, got {type} {got}"))
        expect.check(type(got) is type(expected), expect.named(wrong_kind.format(
            tensor=tensor, kind=kind, type=type(got).__name__, got=repr(got)), got, mistakes))
        expect.unchanged(call, 0, t, "t")


def test_make_vector(student):
    expect.tensor(student(), torch.full((2,), 7), mistakes=[
        Mistake(_("a vector has exactly 1 dim, and each pair of brackets adds one"),
                test=lambda v: v.dim() > 1 and v.numel() == 2),
        Mistake(_("that is a scalar (0 dims), one number; a vector holds a list of numbers"),
                test=lambda v: v.dim() == 0),
        _floats()])


def test_make_matrix(student):
    expected = torch.arange(7, 13).reshape(2, 3)
    expect.tensor(student(), expected, mistakes=[
        Mistake(_("rows and columns are swapped: the matrix has 2 rows of 3 numbers"), shape=(3, 2)),
        Mistake(_("that is flat (1 dim), but a matrix has 2 dims: its rows, and the numbers in each row"),
                test=lambda v: v.dim() == 1),
        _floats()])


def test_make_tensor_3d(student):
    expected = torch.arange(1, 13).reshape(1, 3, 4)
    expect.tensor(student(), expected, mistakes=[
        Mistake(_("that is the 3 x 4 matrix alone (2 dims); a (1, 3, 4) tensor has one more dim around it, "
                  "which holds that matrix as its only element"), shape=(3, 4)),
        Mistake(_("rows and columns are swapped: the matrix has 3 rows of 4 numbers"), shape=(1, 4, 3)),
        Mistake(_("that is flat (1 dim), but the tensor has 3 dims"), test=lambda v: v.dim() == 1),
        Mistake(_("the numbers start at 1, not 0"), value=expected - 1),
        _floats()])


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
                     _("expected a tuple (number of dims, shape), got {got}").format(got=expect.describe(got)))
        ndim, shape = got
        expect.number(ndim, t.dim(), what=_("the number of dims"), mistakes=[
            Mistake(_("the tuple is (number of dims, shape), in that order"), test=lambda v: isinstance(v, tuple)),
            Mistake(_("len(t) is the size of the first dim, not the number of dims"),
                    test=lambda v: t.dim() > 0 and expect.as_number(v) == t.shape[0]),
            Mistake(_("t.numel() counts the elements, not the dims"),
                    test=lambda v: expect.as_number(v) == t.numel())])
        expect.check(isinstance(shape, tuple), expect.named(_("the shape: expected a tuple of ints, got {got}").format(
            got=expect.describe(shape)), shape, _size_mistakes()))
        expect.check(all(type(d) is int for d in shape) and tuple(shape) == tuple(t.shape),
                     _("the shape: expected {expected}, got {got}").format(
                         expected=expect.shape_text(t.shape), got=repr(shape)))
        expect.unchanged(call, 0, t, "t")
