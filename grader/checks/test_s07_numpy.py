"""Checks for s07_numpy: tensors from arrays (shared or converted), arrays from any tensor."""
import numpy as np
import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake
from grader.i18n import _


def _kept_dtype(arr: np.ndarray) -> Mistake:
    return Mistake(_("the tensor must keep arr's dtype ({dtype}): torch.Tensor(arr) always makes float32, and a "
                     "conversion such as .float() or .long() changes the dtype").format(dtype=arr.dtype),
                   test=lambda v: isinstance(v, torch.Tensor) and v.dtype != torch.from_numpy(arr).dtype)


# ----- from_numpy_shared ---------------------------------------------------------------------

def test_from_numpy_shared(student, inputs):
    a, b, c = inputs.shape(3)
    cases = [np.arange(1.0, 8.0),
             inputs.randn(a, b, dtype=torch.float64).numpy(),
             inputs.randint(-100, 100, b, a, dtype=torch.int32).numpy(),
             inputs.randn(a, b, c).numpy(),  # float32
             inputs.randn(c, a, dtype=torch.float64).numpy().T]  # not C-contiguous
    for arr in cases:
        call = student.run(arr)
        got = student.returned(call)
        expect.tensor(got, torch.from_numpy(arr), what=_("the tensor"), mistakes=[_kept_dtype(arr)])
        expect.check(expect.shares(got, call.args[0]),
                     _("the tensor does not share memory with arr: it is a copy (torch.tensor(arr), .clone() and "
                       "arr.copy() all copy), so changing one will not change the other"))
        expect.unchanged(call, 0, arr, "arr")


# ----- from_numpy_float32 --------------------------------------------------------------------

def test_from_numpy_float32(student, inputs):
    a, b, c = inputs.shape(3)
    cases = [np.arange(1.0, 8.0),
             (inputs.randn(a, b, dtype=torch.float64) * 1000).numpy(),
             inputs.randn(a, b, c, dtype=torch.float64).numpy(),
             inputs.randn(c, a, dtype=torch.float64).numpy().T,
             np.zeros((0, a))]
    for arr in cases:
        call = student.run(arr)
        got = student.returned(call)
        expect.tensor(got, torch.from_numpy(arr).float(), what=_("the float32 tensor"), mistakes=[
            Mistake(_("the tensor keeps the array's float64: torch.from_numpy keeps the dtype of the array it is "
                      "given"), dtype=torch.float64),
            Mistake(_("that is float16 (.half()), half the precision of float32"), dtype=torch.float16),
            Mistake(_("that is an integer dtype: the decimals are lost"),
                    test=lambda v: not v.dtype.is_floating_point)])
        expect.unchanged(call, 0, arr, "arr")


# ----- to_numpy ------------------------------------------------------------------------------

def _numpy_mistakes(expected: np.ndarray) -> list:
    return [Mistake(_("a Python list keeps no dtype, so np.array(t.tolist()) picks float64 or int64, not the "
                      "tensor's {dtype}").format(dtype=expected.dtype),
                    test=lambda v: isinstance(v, np.ndarray) and v.dtype != expected.dtype
                    and v.dtype in (np.float64, np.int64))]


def _check_to_numpy(student, t: torch.Tensor, requires_grad: bool, device: str) -> None:
    """Call to_numpy on t (on `device`, requiring grad if asked) and check the array and what became of t."""
    arg = t.clone().requires_grad_() if requires_grad else t
    setup: tuple = (("args_to_cuda", {}),) if device == "cuda" else ()
    call = student.run(arg, setup=setup)
    got = student.returned(call)
    expect.array(got, t.numpy(), mistakes=_numpy_mistakes(t.numpy()))
    after = call.args[0]
    expect.check(expect.remote_device(after).split(":")[0] == device,
                 _("t was moved off {device}: the function moved t itself, where only a copy had to go to the "
                   "CPU").format(device=device))
    expect.check(expect.remote_tensor(after).requires_grad == requires_grad,
                 _("t no longer requires grad: autograd was switched off on t itself (requires_grad_(False)), "
                   "which changes the caller's tensor"))
    expect.unchanged(call, 0, t, "t")


def test_to_numpy(student, inputs):
    a, b, c = inputs.shape(3)
    cases = [(inputs.randn(a, b), False),
             (inputs.randint(-50, 50, b, a), False),
             (inputs.randn(a, c), True),
             (inputs.noncontiguous(c, a, dtype=torch.float64), False)]
    for t, requires_grad in cases:
        _check_to_numpy(student, t, requires_grad, "cpu")


def test_to_numpy__cuda(student, inputs):
    """The same on the GPU: the args_to_cuda setup moves t there in the child."""
    a, b = inputs.shape(2)
    for t, requires_grad in ((inputs.randn(a, b), False), (inputs.randint(-50, 50, b, a), False),
                             (inputs.randn(b, a), True)):
        _check_to_numpy(student, t, requires_grad, "cuda")


# ----- numpy_copy ----------------------------------------------------------------------------

def test_numpy_copy(student, inputs):
    a, b, c = inputs.shape(3)
    cases = [inputs.randn(a, b), inputs.randint(-50, 50, b, a), inputs.noncontiguous(a, c),
             inputs.randn(c, dtype=torch.float64)]
    for t in cases:
        call = student.run(t)
        got = student.returned(call)
        expect.array(got, t.numpy(), mistakes=_numpy_mistakes(t.numpy()))
        expect.check(not expect.shares(got, call.args[0]),
                     _("the array shares memory with t: t.numpy() (like np.asarray(t)) reuses the tensor's "
                       "memory, so changing one changes the other"))
        expect.unchanged(call, 0, t, "t")
