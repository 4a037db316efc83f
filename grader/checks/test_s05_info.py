"""Checks for s05_info: a tensor's shape, dtype and device.

Some inputs live on the "meta" device (moved there with .to("meta"), never computed on), so an
answer that assumes the CPU cannot pass.
"""
import torch

from grader.checkkit import expect
from grader.sandbox import wire
from grader.checkkit.expect import Mistake

KEYS = ("shape", "dtype", "device")


def _unchanged(call, index: int, t: torch.Tensor, name: str) -> None:
    if t.device.type != "meta":  # comparing meta tensors would compute on them
        expect.unchanged(call, index, t, name)


def _same_device(got, device: torch.device) -> bool:
    if isinstance(got, torch.device):
        return got == device
    if isinstance(got, str):
        try:
            return torch.device(got) == device
        except RuntimeError:
            return False
    return False


def _info_cases(inputs):
    """Float, integer, bool; CPU and meta; 0-dim, empty and non-contiguous."""
    return [
        inputs.rand(*inputs.shape(3)),
        inputs.noncontiguous(*inputs.shape(2), dtype=torch.int32),
        inputs.rand(*inputs.shape(4), dtype=torch.float16).to("meta"),
        inputs.rand() > 0.5,
        torch.empty(inputs.integer(2, 9), 0, dtype=torch.float64).to("meta"),
    ]


def test_tensor_info(student, inputs):
    for t in _info_cases(inputs):
        call = student.run(t)
        got = student.returned(call)
        expect.dict_with_keys(got, KEYS)

        shape = got["shape"]
        expect.check(isinstance(shape, tuple), expect.named(
            f"\"shape\": expected a tuple of ints such as {expect.shape_text(t.shape)}, got {expect.describe(shape)}",
            shape, [Mistake("t.size is a method: call it, t.size(), or use t.shape",
                            test=lambda v: isinstance(v, wire.Opaque) and "method" in v.type_name),
                    Mistake("a list is not a tuple; t.shape (a torch.Size) already is a tuple",
                            test=lambda v: isinstance(v, list))]))
        expect.check(all(type(d) is int for d in shape) and tuple(shape) == tuple(t.shape),
                     f"\"shape\": expected {expect.shape_text(t.shape)}, got {shape!r}")

        dtype = got["dtype"]
        expect.check(isinstance(dtype, torch.dtype) and dtype == t.dtype, expect.named(
            f"\"dtype\": expected {t.dtype}, got {expect.describe(dtype)}", dtype, [
                Mistake(f"t.type() gives the name of the tensor's type ({t.type()!r}), not its dtype; use t.dtype",
                        test=lambda v: v == t.type()),
                Mistake("that is the dtype's name as a string; store the torch.dtype itself, t.dtype",
                        test=lambda v: isinstance(v, str) and v in (str(t.dtype), expect.dtype_name(t.dtype)))]))

        device = got["device"]
        expect.check(_same_device(device, t.device), expect.named(
            f"\"device\": expected {t.device} (a torch.device or its name), got {expect.describe(device)}", device, [
                Mistake(f"t is on {t.device}, not on the CPU: read t.device rather than assuming the CPU",
                        test=lambda v: t.device.type != "cpu" and _same_device(v, torch.device("cpu"))),
                Mistake("t.get_device() gives a device number (-1 for the CPU); use t.device",
                        test=lambda v: type(v) is int)]))
        _unchanged(call, 0, t, "t")


def _kind_cases(inputs):
    """(a, b, expected, what a wrong answer here most likely missed)."""
    r, c = inputs.shape(2)
    d3, d4 = inputs.shape(3), inputs.shape(4)
    n = inputs.integer(2, 9)
    return [
        (inputs.rand(*d3), inputs.randn(*d3), True,
         "a and b have the same shape, dtype and device; only their values differ, and values do not count"),
        (inputs.rand(r, c), inputs.rand(r, c, dtype=torch.float64), False,
         "the dtypes differ (float32 and float64): compare the dtypes too, not only the shapes"),
        (inputs.randint(-9, 9, r, c), inputs.randint(-9, 9, r, c).to("meta"), False,
         "the devices differ (cpu and meta): compare the devices too"),
        (inputs.rand(r, c), inputs.rand(c, r), False,
         f"the shapes differ ({expect.shape_text((r, c))} and {expect.shape_text((c, r))}): compare the shapes too; "
         "a.type() only tells the dtype and the kind of device"),
        (inputs.rand(*d4, dtype=torch.float16).to("meta"), inputs.rand(*d4, dtype=torch.float16).to("meta"), True,
         "both are float16 tensors of one shape on the meta device: compare a.device with b.device, "
         "not with a device you assume"),
        (inputs.randint(0, 9, n, dtype=torch.int32), inputs.randint(0, 9, 1, n, dtype=torch.int32), False,
         f"the shapes differ ({expect.shape_text((n,))} and {expect.shape_text((1, n))}), although they hold "
         "the same number of elements"),
    ]


def test_same_kind(student, inputs):
    for a, b, expected, hint in _kind_cases(inputs):
        call = student.run(a, b)
        got = student.returned(call)
        what = (f"with a: {expect.dtype_name(a.dtype)} {expect.shape_text(a.shape)} on {a.device}, "
                f"b: {expect.dtype_name(b.dtype)} {expect.shape_text(b.shape)} on {b.device}")
        expect.boolean(got, expected, what=what,
                       mistakes=[Mistake(hint, test=lambda v, e=expected: expect.as_number(v) is (not e))])
        _unchanged(call, 0, a, "a")
        _unchanged(call, 1, b, "b")
