"""Checks for s03_creating: random tensors, zeros and ones, ranges, *_like."""
import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake


def test_random_tensor(student, inputs):
    rows, cols = inputs.shape(2)
    got = student(rows, cols)
    expect.tensor(got, shape=(rows, cols), dtype=torch.float32, mistakes=[
        Mistake("rows and cols are swapped", shape=(cols, rows)),
        Mistake("torch.randint makes integers; torch.rand makes floats in [0, 1)", dtype=torch.int64)])
    expect.uniform01(got)
    again = student(rows, cols)
    expect.check(not torch.equal(got, again), "two calls gave the same values: the tensor should be random "
                 "(torch.empty only reserves memory, it does not fill it)")
    big = student(30, 40)
    expect.tensor(big, shape=(30, 40), dtype=torch.float32)
    expect.uniform01(big)


def test_random_image_tensor(student):
    got = student()
    expect.tensor(got, shape=(3, 224, 224), dtype=torch.float32, mistakes=[
        Mistake("that is height, width, channels; this kata wants colour channels first", shape=(224, 224, 3)),
        Mistake("that has an extra batch dim in front; return one image, not a batch of one",
                shape=(1, 3, 224, 224))])
    expect.uniform01(got)
    expect.check(not torch.equal(got, student()), "two calls gave the same image: it should be random")


def test_zeros_and_ones(student, inputs):
    rows, cols = inputs.shape(2)
    got = student(rows, cols, setup=(("fill_uninitialized", {}),))  # torch.empty gives NaN, not zeros by luck
    expect.check(isinstance(got, tuple) and len(got) == 2,
                 f"expected a tuple (zeros, ones), got {expect.describe(got)}")
    zeros, ones = got
    for name, value, fill in (("zeros", zeros, torch.zeros), ("ones", ones, torch.ones)):
        expect.tensor(value, fill(rows, cols), what=name, mistakes=[
            Mistake("rows and cols are swapped", shape=(cols, rows)),
            Mistake("those are integers; make float32 tensors (the default for torch.zeros/torch.ones)",
                    test=lambda v: not v.dtype.is_floating_point),
            Mistake("torch.empty does not fill the tensor; use torch.zeros or torch.ones",
                    test=lambda v, fill=fill: not torch.equal(v, fill(v.shape, dtype=v.dtype)))])


def test_zero_to_ten(student):
    expect.tensor(student(), torch.arange(10), mistakes=[
        Mistake("that includes 10: torch.arange stops before its end", value=torch.arange(11)),
        Mistake("that starts at 1; the range starts at 0", value=torch.arange(1, 11)),
        Mistake("that is a float tensor; torch.arange with whole numbers gives int64",
                test=lambda v: v.dtype.is_floating_point)])


def test_evens_below(student, inputs):
    for n in (inputs.integer(5, 40), 8, 1, 2, 0, -3, -inputs.integer(4, 40)):
        call = student.run(n)
        if call.raised is not None and n < 0:
            expect.fail(f"evens_below({n}) raised {call.raised}: no number of 0, 2, 4, ... is smaller than a "
                        "negative n, so return an empty int64 tensor (torch.arange(0, max(n, 0), 2))")
        expected = torch.arange(0, max(n, 0), 2)
        expect.tensor(student.returned(call), expected, what=f"evens_below({n})", mistakes=[
            Mistake(f"that includes {n}: the numbers must be smaller than n",
                    value=torch.arange(0, n + 1, 2) if n >= 0 else None),
            Mistake("those are floats; make an int64 tensor", test=lambda v: v.dtype.is_floating_point),
            Mistake(f"those count down from 0, but 0 is not smaller than {n}: for n <= 0 the answer is empty",
                    test=lambda v, n=n: n < 0 and v.numel() > 0 and bool((v <= 0).all()))])


def _like_cases(inputs):
    rows, cols = inputs.shape(2)
    odd = inputs.randn(cols, rows)
    odd[0, 0], odd[-1, 0], odd[0, -1] = float("inf"), float("-inf"), float("nan")  # t * 0 is NaN there
    return [inputs.randint(-50, 50, rows, cols, dtype=torch.int32),
            inputs.randn(cols, rows, 2, dtype=torch.float64),
            inputs.rand(rows, 1, cols, dtype=torch.float16),
            odd]


# The text of a run that moved a tensor made on the "meta" default device to t's device.
MOVED_FROM_META = "Cannot copy out of meta tensor"


def _check_like(student, inputs, fill):
    name = fill.__name__
    for t in _like_cases(inputs):
        call = student.run(t, setup=(("fill_uninitialized", {}),))  # torch.empty_like gives NaN or the largest value
        got = student.returned(call)
        where = f"for a {expect.dtype_name(t.dtype)} input of shape {expect.shape_text(t.shape)}"
        expect.tensor(got, fill(t), what=f"the result {where}", mistakes=[
            Mistake(f"use torch.{name}(t), which copies the dtype and device too, not torch.{name[:-5]}(t.shape)",
                    test=lambda v, t=t: v.dtype == torch.float32 != t.dtype),
            Mistake(f"arithmetic on t such as t * 0 is NaN where t is inf or NaN; torch.{name}(t) fills every "
                    "element whatever t holds", test=lambda v, t=t: bool(v.isnan()[~t.isfinite()].any())),
            Mistake(f"torch.empty_like(t) only reserves memory, it does not fill it; use torch.{name}(t)",
                    test=lambda v, t=t: v.shape == t.shape and v.dtype == t.dtype)])
        expect.unchanged(call, 0, t, "t")
        expect.no_shared_memory(got, call.args[0], name="t")
    # t on a device other than the default one: here the default is "meta" and t is on the CPU, the
    # way a GPU tensor is off the default device (no GPU needed, and "meta" computes nothing).
    t = _like_cases(inputs)[1]
    call = student.run(t, setup=(("default_device", {"device": "meta"}),))
    if call.raised is not None and MOVED_FROM_META in call.raised.message:
        return  # made on the default device, then moved to t's: t's device is kept
    got = student.returned(call)
    expect.tensor(got, fill(t), what="the result when t is not on the default device", mistakes=[
        Mistake(f"that is on the default device, not on t's: torch.{name[:-5]}(t.shape, dtype=t.dtype) loses "
                f"t's device (on a GPU, t would be on cuda and the result on the CPU); torch.{name}(t) keeps it "
                "(or pass device=t.device)", test=lambda v: expect.remote_device(v) == "meta")])


def test_zeros_like_of(student, inputs):
    _check_like(student, inputs, torch.zeros_like)


def test_ones_like_of(student, inputs):
    _check_like(student, inputs, torch.ones_like)
