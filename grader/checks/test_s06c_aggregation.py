"""Checks for s06c_aggregation: min, max, mean, sum; argmax and argmin; changing dtypes."""
from __future__ import annotations

import math

import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake
from grader.i18n import _

KEYS = ("min", "max", "mean", "sum")


def _near(value, target) -> bool:
    """Whether a number (in any accepted form) is close to `target`."""
    v = expect.as_number(value)
    return v is not None and math.isclose(float(v), float(target), rel_tol=1e-5, abs_tol=1e-4)


# ----- summarize -------------------------------------------------------------------------------

def _fractional_mean(t: torch.Tensor) -> torch.Tensor:
    """t, nudged so that its mean is not a whole number (sum // numel then differs from the mean)."""
    t = t.clone()
    if int(t.sum()) % t.numel() == 0:
        t.view(-1)[0] += 1
    return t


def _summarize_cases(inputs) -> list:
    rows, cols, depth = inputs.shape(3)
    return [torch.arange(0, 100, 10),  # the tutorial's example
            _fractional_mean(inputs.randint(-50, 50, rows, cols, dtype=torch.int32)),
            inputs.noncontiguous(rows, cols),
            inputs.randn(depth, rows, cols, dtype=torch.float64),
            _fractional_mean(inputs.randint(0, 250, rows * cols + 1, dtype=torch.uint8)),
            torch.tensor([[inputs.integer(-20, 0)]], dtype=torch.int16)]


def _mean_raised(call) -> bool:
    """Whether the call died in t.mean() / torch.mean() on an integer tensor."""
    r = call.raised
    return r is not None and r.type == "RuntimeError" and "mean(): could not infer output dtype" in r.message


def test_summarize(student, inputs):
    for t in _summarize_cases(inputs):
        call = student.run(t)
        integer = not t.dtype.is_floating_point
        dtype = expect.dtype_name(t.dtype)
        if _mean_raised(call):
            expect.fail(_("t.mean() raised for a tensor of dtype {dtype}: PyTorch takes the mean of floating-point "
                          "tensors only").format(dtype=dtype))
        got = student.returned(call)
        expect.dict_with_keys(got, KEYS)
        wide = t.to(torch.float64)
        lo, hi, total = t.min().item(), t.max().item(), t.sum().item()
        mean = wide.mean().item()
        floor_mean = total // t.numel() if integer else None
        by_rows = total / t.shape[0] if t.dim() > 1 and t.shape[0] != t.numel() else None
        expect.number(got["min"], lo, what='"min"', mistakes=[Mistake(
            _("min and max are swapped"), test=lambda v: lo != hi and _near(v, hi)), Mistake(
            _("that is the position of the smallest value (argmin), not the value itself"),
            test=lambda v: _near(v, t.argmin().item()) and not _near(v, lo))])
        expect.number(got["max"], hi, what='"max"', mistakes=[Mistake(
            _("min and max are swapped"), test=lambda v: lo != hi and _near(v, lo)), Mistake(
            _("that is the position of the largest value (argmax), not the value itself"),
            test=lambda v: _near(v, t.argmax().item()) and not _near(v, hi))])
        mean_mistakes = [
            Mistake(_("that is sum // numel, an integer division that drops the fraction; a mean keeps it"),
                    test=lambda v: floor_mean is not None and _near(v, floor_mean)),
            Mistake(_("that is the sum divided by len(t) = {rows}, the size of the first dim only; the tensor "
                      "has {count} elements").format(rows=t.shape[0], count=t.numel()),
                    test=lambda v: by_rows is not None and _near(v, by_rows))]
        expect.number(got["mean"], mean, what='"mean"', rtol=1e-5, atol=1e-4, mistakes=mean_mistakes)
        if integer:
            value = expect.as_number(got["mean"])
            expect.check(isinstance(value, float),
                         _('"mean": expected a float ({mean!r}) for a tensor of dtype {dtype}, got the whole number '
                           '{got!r}: an integer result (such as sum // numel) drops the fraction').format(
                             mean=mean, dtype=dtype, got=value))
        expect.number(got["sum"], total, what='"sum"', rtol=1e-5, atol=1e-4, mistakes=[
            Mistake(_("that is the mean, not the sum"), test=lambda v: not _near(total, mean) and _near(v, mean))])
        expect.unchanged(call, 0, t, "t")


# ----- argmax_argmin ---------------------------------------------------------------------------

def _distinct_ints(inputs, n: int) -> torch.Tensor:
    """n different whole numbers, negatives included, in random order."""
    return inputs.randn(n).argsort() * 3 - n


def test_argmax_argmin(student, inputs):
    n = inputs.integer(6, 15)
    cases = [torch.arange(10, 100, 10),  # the tutorial's example
             inputs.randn(n),
             _distinct_ints(inputs, n + 2),
             inputs.noncontiguous(3, n)[0],
             inputs.randn(1, dtype=torch.float64)]
    for t in cases:
        call = student.run(t)
        got = student.returned(call)
        expect.check(isinstance(got, tuple) and len(got) == 2,
                     _("expected a tuple (position of the largest, position of the smallest), got {got}").format(
                         got=expect.describe(got)))
        pair = tuple(expect.as_number(v) for v in got)
        for message, value, raw in zip(
                (_("the position of the largest value: expected an int (or a 0-dim integer tensor), got {got}"),
                 _("the position of the smallest value: expected an int (or a 0-dim integer tensor), got {got}")),
                pair, got):
            expect.check(value is not None, message.format(got=expect.describe(raw)))
        expected = (int(t.argmax()), int(t.argmin()))
        big, small = t.max().item(), t.min().item()
        expect.check(pair == expected, expect.named(
            _("expected the positions {expected}, got {got}").format(expected=expected, got=pair), pair, [
                Mistake(_("the order is swapped: first the position of the largest value (argmax), then of the "
                          "smallest (argmin)"), test=lambda p: p == expected[::-1]),
                Mistake(_("those are the largest and smallest values themselves, not their positions"),
                        test=lambda p: _near(p[0], big) and _near(p[1], small)),
                Mistake(_("those are the smallest and largest values themselves, not the positions of the largest "
                          "and the smallest"), test=lambda p: _near(p[0], small) and _near(p[1], big))]))
        expect.check(all(isinstance(v, int) and not isinstance(v, bool) for v in pair),
                     _("a position is a whole number: expected {expected}, got {got}").format(
                         expected=expected, got=pair))
        expect.unchanged(call, 0, t, "t")


# ----- best_class_per_row ----------------------------------------------------------------------

def test_best_class_per_row(student, inputs):
    batch, classes = inputs.shape(2)
    cases = [torch.tensor([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]]),  # the docstring's example
             inputs.randn(batch, classes),
             inputs.noncontiguous(classes, batch),
             inputs.randn(1, classes),
             inputs.randn(0, classes)]
    for scores in cases:
        call = student.run(scores)
        got = student.returned(call)
        b, c = scores.shape
        expect.tensor(got, scores.argmax(dim=1), mistakes=[
            Mistake(_("with a batch of one row the answer still has shape (1,): squeeze() dropped the batch dim "
                      "too"), test=lambda v, b=b: b == 1 and v.dim() == 0),
            Mistake(_("that is scores.argmax() without dim: one position in the flattened tensor, not one class "
                      "per row"), shape=()),
            Mistake(_("that is one index per column (argmax(dim=0)), shape ({c},), not one per row").format(c=c),
                    shape=(c,) if c != b else None),
            Mistake(_("keepdim=True kept the shape (batch, 1); the answer has shape (batch,)"), shape=(b, 1)),
            Mistake(_("those are the largest scores themselves (max), not their positions"),
                    test=lambda v: v.dtype.is_floating_point),
            Mistake(_("that is the position of each row's smallest score (argmin), not of its largest"),
                    value=scores.argmin(dim=1) if b * c > b else None)])
        expect.unchanged(call, 0, scores, "scores")


# ----- convert_dtypes --------------------------------------------------------------------------

def test_convert_dtypes(student, inputs):
    rows, cols, depth = inputs.shape(3)
    cases = [torch.arange(10., 100., 10.),  # the tutorial's example
             (inputs.rand(cols, rows) * 250 - 125).T,  # fractions and negatives, not contiguous
             (inputs.randn(depth, rows, cols) * 30).clamp(-120, 120),
             # just below whole numbers: float16 rounds 99.97 up to 100, so t.half().to(torch.int8) is off
             torch.tensor([99.97, -99.97, 63.99, 99.6, -0.9999, 120.96]),
             inputs.rand(0, cols)]
    for t in cases:
        call = student.run(t)
        got = student.returned(call)
        expect.check(isinstance(got, tuple) and len(got) == 2,
                     _("expected a tuple (float16 copy, int8 copy), got {got}").format(got=expect.describe(got)))
        half, small = got
        still = _("that is still float32: converting returns a new tensor and leaves t's own dtype as it was")
        swapped = _("the order is swapped: the float16 copy comes first, then the int8 copy")
        expect.tensor(half, t.to(torch.float16), what=_("the first result, the float16 copy"), mistakes=[
            Mistake(still, dtype=torch.float32),
            Mistake(_("that is bfloat16, another 16-bit float, not float16"), dtype=torch.bfloat16),
            Mistake(swapped, dtype=torch.int8)])
        expect.tensor(small, t.to(torch.int8), what=_("the second result, the int8 copy"), mistakes=[
            Mistake(still, dtype=torch.float32),
            Mistake(_("that is uint8, which is unsigned (0 to 255, no negatives), not int8"), dtype=torch.uint8),
            Mistake(swapped, dtype=torch.float16),
            Mistake(_("that is the float16 copy converted again: float16 keeps fewer digits and rounds 99.97 up "
                      "to 100 before the fraction is dropped"), value=t.to(torch.float16).to(torch.int8)),
            Mistake(_("that rounds to the nearest whole number; converting to an integer dtype drops the "
                      "fraction instead, toward zero"), value=t.round().to(torch.int8)),
            Mistake(_("that rounds down (floor); converting to an integer dtype drops the fraction, toward zero"),
                    value=t.floor().to(torch.int8)),
            Mistake(_("that is a wider integer dtype than int8 (8 bits)"),
                    test=lambda v: v.dtype in (torch.int16, torch.int32, torch.int64))])
        expect.unchanged(call, 0, t, "t")
        expect.no_shared_memory(half, call.args[0], what=_("the float16 copy"), name="t")
        expect.no_shared_memory(small, call.args[0], what=_("the int8 copy"), name="t")
