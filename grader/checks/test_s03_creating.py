"""Checks for s03_creating: random tensors, zeros and ones, ranges, *_like."""
import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake
from grader.i18n import _


def test_random_tensor(student, inputs):
    rows, cols = inputs.shape(2)
    got = student(rows, cols)
    expect.tensor(got, shape=(rows, cols), dtype=torch.float32, mistakes=[
        Mistake(_("rows and cols are swapped"), shape=(cols, rows)),
        Mistake(_("torch.randint makes whole numbers, not floats in [0, 1)"), dtype=torch.int64)])
    expect.uniform01(got)
    again = student(rows, cols)
    expect.check(not torch.equal(got, again), _("two calls gave the same values: the tensor should be random "
                                                "(torch.empty only reserves memory, it does not fill it)"))
    big = student(30, 40)
    expect.tensor(big, shape=(30, 40), dtype=torch.float32)
    expect.uniform01(big)


def test_random_image_tensor(student):
    got = student()
    expect.tensor(got, shape=(3, 224, 224), dtype=torch.float32, mistakes=[
        Mistake(_("that is height, width, channels; this kata wants colour channels first"), shape=(224, 224, 3)),
        Mistake(_("that has an extra batch dim in front: a batch of one image, not one image"),
                shape=(1, 3, 224, 224))])
    expect.uniform01(got)
    expect.check(not torch.equal(got, student()), _("two calls gave the same image: it should be random"))


def test_zeros_and_ones(student, inputs):
    rows, cols = inputs.shape(2)
    got = student(rows, cols, setup=(("fill_uninitialized", {}),))  # torch.empty gives NaN, not zeros by luck
    expect.check(isinstance(got, tuple) and len(got) == 2,
                 _("expected a tuple (zeros, ones), got {got}").format(got=expect.describe(got)))
    zeros, ones = got
    for name, value, fill, number in (("zeros", zeros, torch.zeros, 0), ("ones", ones, torch.ones, 1)):
        expect.tensor(value, fill(rows, cols), what=name, mistakes=[
            Mistake(_("rows and cols are swapped"), shape=(cols, rows)),
            Mistake(_("those are integers, not float32 numbers"), test=lambda v: not v.dtype.is_floating_point),
            Mistake(_("not every value is {number}: torch.empty does not fill a tensor, it keeps whatever was in "
                      "memory").format(number=number),
                    test=lambda v, fill=fill: not torch.equal(v, fill(v.shape, dtype=v.dtype)))])


def test_zero_to_ten(student):
    expect.tensor(student(), torch.arange(10), mistakes=[
        Mistake(_("that is what torch.range(0, 10) gives: 11 numbers, as torch.range includes its end, and floats; "
                  "torch.range is deprecated"), value=torch.arange(11, dtype=torch.float32)),
        Mistake(_("that includes 10, but ten numbers from 0 end at 9"), value=torch.arange(11)),
        Mistake(_("that starts at 1; the range starts at 0"), value=torch.arange(1, 11)),
        Mistake(_("that is a float tensor, not an int64 one: one float among the arguments makes every value a "
                  "float"), test=lambda v: v.dtype.is_floating_point)])


def test_evens_below(student, inputs):
    for n in (inputs.integer(5, 40), 8, 1, 2, 0, -3, -inputs.integer(4, 40)):
        call = student.run(n)  # a failure's message starts with this call, evens_below(n)
        if call.raised is not None and n < 0:
            expect.fail(_("it raised {error}: no number of 0, 2, 4, ... is smaller than a negative n, so the "
                          "answer is an empty int64 tensor").format(error=call.raised))
        expected = torch.arange(0, max(n, 0), 2)
        expect.tensor(student.returned(call), expected, mistakes=[
            Mistake(_("that includes {n}: the numbers must be smaller than n").format(n=n),
                    value=torch.arange(0, n + 1, 2) if n >= 0 else None),
            Mistake(_("those are floats, not int64 whole numbers"), test=lambda v: v.dtype.is_floating_point),
            Mistake(_("those count down from 0, but 0 is not smaller than {n}: for n <= 0 the answer is "
                      "empty").format(n=n),
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
    maker = f"torch.{fill.__name__.removesuffix('_like')}"  # torch.zeros, torch.ones
    for t in _like_cases(inputs):
        call = student.run(t, setup=(("fill_uninitialized", {}),))  # torch.empty_like gives NaN or the largest value
        got = student.returned(call)  # a failure's message starts with this call, which shows t's dtype and shape
        expect.tensor(got, fill(t), mistakes=[
            Mistake(_("that is float32, the default dtype that {maker}(t.shape) makes whatever t's dtype is").format(
                maker=maker), test=lambda v, t=t: v.dtype == torch.float32 != t.dtype),
            Mistake(_("arithmetic on t such as t * 0 is NaN where t is inf or NaN"),
                    test=lambda v, t=t: bool(v.isnan()[~t.isfinite()].any())),
            Mistake(_("torch.empty_like(t) only reserves memory, it does not fill it"),
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
    expect.tensor(got, fill(t), device=None)
    expect.check(expect.remote_device(got) == "cpu", _(
        "the result is on PyTorch's default device, so t's device is lost: for this check t stayed on the CPU "
        "while the default device was set to another one (\"meta\", which stands in for a GPU here). On a GPU "
        "machine, t would be on cuda and such a result on the CPU"))


def test_zeros_like_of(student, inputs):
    _check_like(student, inputs, torch.zeros_like)


def test_ones_like_of(student, inputs):
    _check_like(student, inputs, torch.ones_like)
