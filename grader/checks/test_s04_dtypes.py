"""Checks for s04_dtypes: choosing float32, tensors that autograd tracks, bytes per element."""
import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake
from grader.i18n import _

# Every standard dtype of katas.md; bytes_per_element must be right for each one.
STANDARD_DTYPES = (torch.bool, torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.float16,
                   torch.bfloat16, torch.float32, torch.float64, torch.complex64, torch.complex128)


def _dtype_mistakes(values: list) -> list:
    truncated = torch.tensor([int(v) for v in values], dtype=torch.float32)
    return [
        Mistake(_("torch.tensor(values) keeps a list of whole numbers as int64, not as floats"),
                test=lambda v: not v.dtype.is_floating_point),
        Mistake(_("that is float64 (double precision), twice the memory of float32"), dtype=torch.float64),
        Mistake(_("that is float16 (half precision), half the memory and far less precision than float32"),
                dtype=torch.float16),
        Mistake(_("the decimals were dropped: the values went through ints on the way"), value=truncated),
    ]


def _value_lists(inputs) -> list:
    """Whole numbers (the case that trips torch.tensor), mixed numbers, one number, no numbers."""
    n = inputs.integer(4, 9)
    ints = [int(v) for v in inputs.randint(-1000, 1000, n)]
    mixed = [int(v) for v in inputs.randint(-50, 50, 3)] + [round(float(v), 3) for v in inputs.randn(n - 1) * 10]
    mixed = [mixed[i] for i in torch.randperm(len(mixed), generator=inputs.generator).tolist()]
    return [ints, mixed, [inputs.integer(-99, 99)], []]


def test_float32_tensor(student, inputs):
    for values in _value_lists(inputs):
        call = student.run(values)
        got = student.returned(call)
        expected = torch.tensor(values, dtype=torch.float32)
        expect.tensor(got, expected, mistakes=_dtype_mistakes(values))
        expect.unchanged(call, 0, values, "values")


def test_trainable_tensor(student, inputs):
    for values in _value_lists(inputs)[:3]:
        call = student.run(values)
        got = student.returned(call)
        expected = torch.tensor(values, dtype=torch.float32)
        expect.tensor(got, expected, device="cpu", mistakes=_dtype_mistakes(values))
        r = expect.remote_tensor(got)
        expect.check(r.requires_grad, _("autograd does not record its operations (requires_grad is False)"))
        expect.check(r.is_leaf and r.grad_fn is None, _(
            "it is not a leaf tensor: it was computed from another tensor that requires grad (grad_fn={grad_fn}), "
            "so its .grad will stay None").format(grad_fn=r.grad_fn))
        expect.unchanged(call, 0, values, "values")


def test_bytes_per_element(student):
    for dtype in STANDARD_DTYPES:
        call = student.run(dtype)
        if call.raised is not None and call.raised.type != "NotImplementedError":
            expect.fail(_("it raised {error}: it must work for every standard dtype, and a hand-written table that "
                          "misses some dtypes, or torch.finfo / torch.iinfo (each made for only some dtypes), "
                          "does not").format(error=call.raised))
        got = student.returned(call)
        expected = torch.empty(0, dtype=dtype).element_size()
        expect.number(got, expected, mistakes=[
            Mistake(_("a table that misses this dtype? It must work for every standard dtype"),
                    test=lambda v: v is None),
            Mistake(_("that is the size in bits; a byte is 8 bits"),
                    test=lambda v: expect.as_number(v) == 8 * expected),
            Mistake(_("a complex number is two floats (a real and an imaginary part), so it takes twice the bytes "
                      "of one float"), test=lambda v: dtype.is_complex and expect.as_number(v) == expected // 2),
            Mistake(_("a hand-written table with a wrong entry? PyTorch itself knows the size of every dtype"),
                    test=lambda v: expect.as_number(v) is not None)])
