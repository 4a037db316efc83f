"""Checks for s06c_aggregation: min, max, mean, sum; argmax and argmin; changing dtypes."""
from __future__ import annotations

import math

import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake

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
            expect.fail(f"t.mean() raised for {expect.article(dtype)} tensor: PyTorch takes the mean of float tensors only; "
                        "convert first, e.g. t.float().mean() or t.type(torch.float32).mean()")
        got = student.returned(call)
        expect.dict_with_keys(got, KEYS)
        wide = t.to(torch.float64)
        lo, hi, total = t.min().item(), t.max().item(), t.sum().item()
        mean = wide.mean().item()
        floor_mean = total // t.numel() if integer else None
        by_rows = total / t.shape[0] if t.dim() > 1 and t.shape[0] != t.numel() else None
        expect.number(got["min"], lo, what='"min"', mistakes=[Mistake(
            "min and max are swapped", test=lambda v: lo != hi and _near(v, hi)), Mistake(
            "that is the position of the smallest value (argmin); return the value itself",
            test=lambda v: _near(v, t.argmin().item()) and not _near(v, lo))])
        expect.number(got["max"], hi, what='"max"', mistakes=[Mistake(
            "min and max are swapped", test=lambda v: lo != hi and _near(v, lo)), Mistake(
            "that is the position of the largest value (argmax); return the value itself",
            test=lambda v: _near(v, t.argmax().item()) and not _near(v, hi))])
        mean_mistakes = [
            Mistake("that is sum // numel, an integer division that drops the fraction; the mean is a float: "
                    "convert to a float dtype first, e.g. t.float().mean()",
                    test=lambda v: floor_mean is not None and _near(v, floor_mean)),
            Mistake(f"that is the sum divided by len(t) = {t.shape[0]}, the size of the first dim only; divide by "
                    f"the number of elements, t.numel() = {t.numel()}, or use t.float().mean()",
                    test=lambda v: by_rows is not None and _near(v, by_rows))]
        expect.number(got["mean"], mean, what='"mean"', rtol=1e-5, atol=1e-4, mistakes=mean_mistakes)
        if integer:
            value = expect.as_number(got["mean"])
            expect.check(isinstance(value, float),
                         f'"mean": expected a float ({mean!r}) for {expect.article(dtype)} tensor, got the whole number {value!r}: '
                         "an integer result such as sum // numel drops the fraction; compute the mean in a float "
                         "dtype, e.g. t.float().mean()")
        expect.number(got["sum"], total, what='"sum"', rtol=1e-5, atol=1e-4, mistakes=[
            Mistake("that is the mean, not the sum", test=lambda v: not _near(total, mean) and _near(v, mean))])
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
                     f"expected a tuple (position of the largest, position of the smallest), got {expect.describe(got)}")
        pair = tuple(expect.as_number(v) for v in got)
        for name, value, raw in zip(("largest", "smallest"), pair, got):
            expect.check(value is not None, f"the position of the {name} value: expected an int (or a 0-dim "
                                            f"integer tensor), got {expect.describe(raw)}")
        expected = (int(t.argmax()), int(t.argmin()))
        big, small = t.max().item(), t.min().item()
        expect.check(pair == expected, expect.named(f"expected the positions {expected}, got {pair}", pair, [
            Mistake("the order is swapped: first the position of the largest value (argmax), then of the smallest "
                    "(argmin)", test=lambda p: p == expected[::-1]),
            Mistake("those are the values themselves; return their positions with argmax() and argmin()",
                    test=lambda p: _near(p[0], big) and _near(p[1], small)),
            Mistake("those are the smallest and largest values; return the positions, largest first: "
                    "(argmax, argmin)", test=lambda p: _near(p[0], small) and _near(p[1], big))]))
        expect.check(all(isinstance(v, int) and not isinstance(v, bool) for v in pair),
                     f"a position is a whole number: expected {expected}, got {pair}")
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
            Mistake("with a batch of one row the answer still has shape (1,): squeeze() drops the batch dim too; "
                    "argmax(dim=1) alone gives shape (batch,)", test=lambda v, b=b: b == 1 and v.dim() == 0),
            Mistake("that is scores.argmax() without dim: one position in the flattened tensor; "
                    "use argmax(dim=1) for one class per row", shape=()),
            Mistake(f"that is one index per column (argmax(dim=0)), shape ({c},); use dim=1 for one per row",
                    shape=(c,) if c != b else None),
            Mistake("keepdim=True keeps the shape (batch, 1); return shape (batch,)", shape=(b, 1)),
            Mistake("those are the largest scores themselves (max); return their positions with argmax(dim=1)",
                    test=lambda v: v.dtype.is_floating_point),
            Mistake("that is the position of each row's smallest score (argmin); use argmax",
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
                     f"expected a tuple (float16 copy, int8 copy), got {expect.describe(got)}")
        half, small = got
        expect.tensor(half, t.to(torch.float16), what="the first result, the float16 copy", mistakes=[
            Mistake("that is still float32: converting returns a new tensor, t keeps its own dtype; return "
                    "what t.to(torch.float16) returns", dtype=torch.float32),
            Mistake("bfloat16 is another 16-bit float; use torch.float16", dtype=torch.bfloat16),
            Mistake("the order is swapped: return (float16 copy, int8 copy)", dtype=torch.int8)])
        expect.tensor(small, t.to(torch.int8), what="the second result, the int8 copy", mistakes=[
            Mistake("that is still float32: converting returns a new tensor, t keeps its own dtype; return "
                    "what t.to(torch.int8) returns", dtype=torch.float32),
            Mistake("uint8 is unsigned (0 to 255, no negatives); use torch.int8", dtype=torch.uint8),
            Mistake("the order is swapped: return (float16 copy, int8 copy)", dtype=torch.float16),
            Mistake("that is the float16 copy converted again: float16 keeps fewer digits and rounds 99.97 up "
                    "to 100, so convert t itself: t.to(torch.int8)", value=t.to(torch.float16).to(torch.int8)),
            Mistake("that rounds to the nearest whole number; converting with .to(torch.int8) drops the fraction",
                    value=t.round().to(torch.int8)),
            Mistake("that rounds down (floor); converting with .to(torch.int8) drops the fraction, toward zero",
                    value=t.floor().to(torch.int8)),
            Mistake("that is a wider integer dtype; use torch.int8 (8 bits)",
                    test=lambda v: v.dtype in (torch.int16, torch.int32, torch.int64))])
        expect.unchanged(call, 0, t, "t")
        expect.no_shared_memory(half, call.args[0], what="the float16 copy", name="t")
        expect.no_shared_memory(small, call.args[0], what="the int8 copy", name="t")
