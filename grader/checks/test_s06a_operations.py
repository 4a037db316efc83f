"""Checks for s06a_operations: adding a number, and element-wise +, -, *, / of two tensors."""
from __future__ import annotations

import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake
from grader.i18n import _

OPS = ("add", "sub", "mul", "div")


def _same_values(wrong):
    """A Mistake test: the answer has the values of `wrong`, whatever its dtype."""
    def test(got: torch.Tensor) -> bool:
        return wrong is not None and got.shape == wrong.shape and got.numel() > 0 and torch.allclose(
            got.to(torch.float64), wrong.to(torch.float64), rtol=1e-5, atol=1e-6)
    return test


def _nonzero_ints(inputs, *shape):
    """Whole numbers from -9 to 9 without 0, signs mixed (safe divisors)."""
    sign = inputs.randint(0, 2, *shape) * 2 - 1
    return inputs.randint(1, 10, *shape) * sign


# ----- add_ten ---------------------------------------------------------------------------------

def test_add_ten(student, inputs):
    rows, cols = inputs.shape(2)
    cases = [torch.tensor([1, 2, 3]),
             inputs.randint(-50, 50, rows, cols, dtype=torch.int32),
             inputs.noncontiguous(cols, rows),
             torch.tensor(-2.5, dtype=torch.float16),
             inputs.rand(0, cols, dtype=torch.float64)]
    for t in cases:
        call = student.run(t)
        got = student.returned(call)
        expect.tensor(got, t + 10, mistakes=[
            Mistake(_("that is t itself: nothing was added"), value=t),
            Mistake(_("that is t * 10, a multiplication; this kata adds 10"), value=t * 10),
            Mistake(_("that is t - 10, a subtraction; this kata adds 10"), value=t - 10),
            Mistake(_("adding 10.0 (a float) turned the integer tensor t into a float tensor: its dtype changed"),
                    test=lambda v, t=t: v.shape == t.shape and not t.dtype.is_floating_point
                    and v.dtype.is_floating_point),
            Mistake(_("the dtype changed: adding a whole number to a tensor keeps the tensor's dtype"),
                    test=lambda v, t=t: v.shape == t.shape and v.dtype != t.dtype)])
        expect.unchanged(call, 0, t, "t")
        expect.no_shared_memory(got, call.args[0], what=_("the result"), name="t")


# ----- basic_ops -------------------------------------------------------------------------------

def _mistakes(op: str, a: torch.Tensor, b: torch.Tensor, changed: bool) -> list:
    return _op_mistakes(op, a, b) + [Mistake(
        _("a or b was changed in place (by add_(), +=, ...), so the later results used changed values"),
        test=lambda v: changed)]


def _op_mistakes(op: str, a: torch.Tensor, b: torch.Tensor) -> list:
    if op == "add":
        return [Mistake(_('that is a - b, a subtraction; "add" adds'), value=a - b),
                Mistake(_('that is a * b, a multiplication; "add" adds'), value=a * b)]
    if op == "sub":
        return [Mistake(_('that is b - a: the order matters, "sub" takes b away from a'), value=b - a),
                Mistake(_('that is a + b, an addition; "sub" subtracts'), value=a + b)]
    if op == "mul":
        return [Mistake(_('that is a @ b, matrix multiplication (for two vectors, their dot product: one number); '
                          '"mul" multiplies element-wise, position by position'), value=expect.maybe(lambda: a @ b)),
                Mistake(_('that is a + b, an addition; "mul" multiplies'), value=a + b)]
    return [Mistake(_("that is floor division (a // b), which rounds down and drops the fraction; "
                      "true division keeps it"), test=_same_values(expect.maybe(lambda: a // b))),
            Mistake(_("that rounds toward zero (rounding_mode='trunc') and drops the fraction; "
                      "true division keeps it"),
                    test=_same_values(expect.maybe(lambda: torch.div(a, b, rounding_mode="trunc")))),
            Mistake(_('that is b / a: the order matters, "div" divides a by b'),
                    test=_same_values(expect.maybe(lambda: b / a))),
            Mistake(_("that is an integer result: true division gives floats, even for integer tensors"),
                    test=lambda v: not v.dtype.is_floating_point)]


def test_basic_ops(student, inputs):
    rows, cols = inputs.shape(2)
    # First a pair of vectors: there a @ b runs (a dot product) and can be named; -7 / 2 tells
    # floor division (-4) from rounding toward zero (-3).
    n = rows + cols
    a, b = inputs.randint(-40, 40, n), _nonzero_ints(inputs, n)
    a[0], b[0] = -7, 2
    cases = [(a, b),
             (torch.tensor([1, 2, 3]), torch.tensor([10, 20, 30])),
             (inputs.randint(-40, 40, rows, cols), _nonzero_ints(inputs, rows, cols)),
             (inputs.noncontiguous(cols, rows), inputs.randn(cols, rows)),
             (inputs.randn(0, rows), inputs.randn(0, rows))]
    for a, b in cases:
        call = student.run(a, b)
        got = student.returned(call)
        expect.dict_with_keys(got, OPS)
        expected = {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b}
        changed = not (torch.equal(call.args[0], a) and torch.equal(call.args[1], b))
        for op in OPS:
            expect.tensor(got[op], expected[op], what=f'"{op}"', mistakes=_mistakes(op, a, b, changed))
        expect.unchanged(call, 0, a, "a")
        expect.unchanged(call, 1, b, "b")
