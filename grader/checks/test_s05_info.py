"""Checks for s05_info: a tensor's shape, dtype and device.

Some inputs live on the "meta" device (moved there with .to("meta"), never computed on), so an
answer that assumes the CPU cannot pass.
"""
import torch

from grader.checkkit import expect
from grader.sandbox import wire
from grader.checkkit.expect import Mistake
from grader.i18n import _

KEYS = ("shape", "dtype", "device")


def _meta() -> str:
    """What the "meta" device is, for a student whose chapter never names it."""
    return _("the \"meta\" device stands in for a GPU here: it holds a tensor's shape and dtype, but no values")


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
            _('"shape": expected a tuple of ints such as {expected}, got {got}').format(
                expected=expect.shape_text(t.shape), got=expect.describe(shape)),
            shape, [Mistake(_("t.size is a method, and that is the method itself, not what it returns"),
                            test=lambda v: isinstance(v, wire.Opaque) and "method" in v.type_name),
                    Mistake(_("a list is not a tuple (a torch.Size is a tuple)"), test=lambda v: isinstance(v, list))]))
        expect.check(all(type(d) is int for d in shape) and tuple(shape) == tuple(t.shape),
                     _('"shape": expected {expected}, got {got}').format(
                         expected=expect.shape_text(t.shape), got=repr(shape)))

        dtype = got["dtype"]
        expect.check(isinstance(dtype, torch.dtype) and dtype == t.dtype, expect.named(
            _('"dtype": expected {expected}, got {got}').format(expected=t.dtype, got=expect.describe(dtype)), dtype, [
                Mistake(_("t.type() gives the name of the tensor's type ({type}), not its dtype").format(
                    type=repr(t.type())), test=lambda v: v == t.type()),
                Mistake(_("that is the dtype's name as a string, not the torch.dtype itself"),
                        test=lambda v: isinstance(v, str) and v in (str(t.dtype), expect.dtype_name(t.dtype)))]))

        device = got["device"]
        expect.check(_same_device(device, t.device), expect.named(
            _('"device": expected {expected} (a torch.device or its name), got {got}').format(
                expected=t.device, got=expect.describe(device)), device, [
                Mistake(_("t is on {device}, not on the CPU ({meta}), yet the answer says the CPU: the device was "
                          "assumed, not read from t").format(device=t.device, meta=_meta()),
                        test=lambda v: t.device.type != "cpu" and _same_device(v, torch.device("cpu"))),
                Mistake(_("t.get_device() gives a device number (-1 for the CPU), not a device"),
                        test=lambda v: type(v) is int)]))
        _unchanged(call, 0, t, "t")


def _kind_cases(inputs):
    """(a, b, expected, what a wrong answer here most likely missed)."""
    r, c = inputs.shape(2)
    d3, d4 = inputs.shape(3), inputs.shape(4)
    n = inputs.integer(2, 9)
    shapes_differ = _("the shapes differ ({a} and {b}): the shapes count too; a.type() only tells the dtype and "
                      "the kind of device")
    return [
        (inputs.rand(*d3), inputs.randn(*d3), True,
         _("a and b have the same shape, dtype and device; only their values differ, and values do not count")),
        (inputs.rand(r, c), inputs.rand(r, c, dtype=torch.float64), False,
         _("the dtypes differ (float32 and float64): the dtypes count too, not only the shapes")),
        (inputs.randint(-9, 9, r, c), inputs.randint(-9, 9, r, c).to("meta"), False,
         _("the devices differ (cpu and meta; {meta}): the devices count too").format(meta=_meta())),
        (inputs.rand(r, c), inputs.rand(c, r), False,
         shapes_differ.format(a=expect.shape_text((r, c)), b=expect.shape_text((c, r)))),
        (inputs.rand(*d4, dtype=torch.float16).to("meta"), inputs.rand(*d4, dtype=torch.float16).to("meta"), True,
         _("both are float16 tensors of one shape on one device, meta ({meta}): a device was assumed instead of "
           "comparing the device of a with that of b").format(meta=_meta())),
        (inputs.randint(0, 9, n, dtype=torch.int32), inputs.randint(0, 9, 1, n, dtype=torch.int32), False,
         _("the shapes differ ({a} and {b}), although they hold the same number of elements").format(
             a=expect.shape_text((n,)), b=expect.shape_text((1, n)))),
    ]


def test_same_kind(student, inputs):
    for a, b, expected, hint in _kind_cases(inputs):
        call = student.run(a, b)
        got = student.returned(call)
        # The message starts with this call, which shows a and b by dtype and shape; `hint` says the rest.
        expect.boolean(got, expected,
                       mistakes=[Mistake(hint, test=lambda v, e=expected: expect.as_number(v) is (not e))])
        _unchanged(call, 0, a, "a")
        _unchanged(call, 1, b, "b")
