"""Checks for s07_numpy: tensors from arrays (shared or converted), arrays from any tensor."""
import numpy as np
import pytest
import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake


def _kept_dtype(arr: np.ndarray) -> Mistake:
    return Mistake(f"the tensor must keep arr's dtype ({arr.dtype}): torch.Tensor(arr) always makes float32 and "
                   "a conversion such as .float() or .long() changes it; torch.from_numpy(arr) keeps it",
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
        expect.tensor(got, torch.from_numpy(arr), what="the tensor", mistakes=[_kept_dtype(arr)])
        expect.check(expect.shares(got, call.args[0]),
                     "the tensor does not share memory with arr: it is a copy (torch.tensor(arr), .clone() and "
                     "arr.copy() all copy), "
                     "so changing one will not change the other; torch.from_numpy(arr) or torch.as_tensor(arr) "
                     "reuse arr's memory")
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
        expect.tensor(got, torch.from_numpy(arr).float(), what="the float32 tensor", mistakes=[
            Mistake("torch.from_numpy keeps the array's float64; convert the tensor with .float(), "
                    ".to(torch.float32) or .type(torch.float32)", dtype=torch.float64),
            Mistake("that is float16 (.half()); float32 is .float()", dtype=torch.float16),
            Mistake("that is an integer dtype: the decimals are lost; float32 is .float()",
                    test=lambda v: not v.dtype.is_floating_point)])
        expect.unchanged(call, 0, arr, "arr")


# ----- to_numpy ------------------------------------------------------------------------------

def _numpy_mistakes(expected: np.ndarray) -> list:
    return [Mistake("a Python list keeps no dtype: make the array with .numpy(), not np.array(t.tolist())",
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
                 f"t was moved off {device}: leave t where it is and move a copy (t.cpu() returns a new tensor)")
    expect.check(expect.remote_tensor(after).requires_grad == requires_grad,
                 "t no longer requires grad: do not switch autograd off on t itself (requires_grad_(False)); "
                 "t.detach() gives a tensor without it and leaves t as it was")
    expect.unchanged(call, 0, t, "t")


def test_to_numpy(student, inputs):
    a, b, c = inputs.shape(3)
    cases = [(inputs.randn(a, b), False),
             (inputs.randint(-50, 50, b, a), False),
             (inputs.randn(a, c), True),
             (inputs.noncontiguous(c, a, dtype=torch.float64), False)]
    for t, requires_grad in cases:
        _check_to_numpy(student, t, requires_grad, "cpu")


@pytest.mark.gpu
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
                     "the array shares memory with t: t.numpy() reuses the tensor's memory, so changing one "
                     "changes the other; copy it with t.numpy().copy() or t.clone().numpy()")
        expect.unchanged(call, 0, t, "t")
