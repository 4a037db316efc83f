"""Checks for s09_gpu: choosing a device, counting GPUs, moving tensors and models, back to NumPy.

Without a GPU, availability is simulated in the child (the fake_accelerators setup) and moves are
checked with the "meta" device, where a tensor has a shape and a dtype but no values. The
catalogue says which checks need a CUDA device (gpu, gpu_checks); they are skipped without one. The check process never touches CUDA
itself: it builds CPU inputs, and the child moves them to the GPU where a check needs a CUDA input
(the args_to_cuda setup).
"""
import contextlib
from typing import Any

import numpy as np
import torch
from torch import nn

from grader.checkkit import expect
from grader.sandbox import wire
from grader.checkkit.expect import Mistake
from grader.i18n import _

SQUARING = frozenset({"__pow__", "__ipow__", "pow", "pow_", "square", "square_", "__mul__", "__rmul__",
                      "__imul__", "mul", "mul_", "multiply", "multiply_"})


@contextlib.contextmanager
def _rng_kept():
    """Leave this process's global random state as it was (nn layers draw their initial weights)."""
    saved = torch.get_rng_state()
    try:
        yield
    finally:
        torch.set_rng_state(saved)


def _machine(cuda: int, mps: bool) -> str:
    if cuda == 0:
        text = _("on a machine with no CUDA GPU and with Apple's MPS") if mps else \
            _("on a machine with no CUDA GPU and without Apple's MPS")
    elif cuda == 1:
        text = _("on a machine with 1 CUDA GPU and with Apple's MPS") if mps else \
            _("on a machine with 1 CUDA GPU and without Apple's MPS")
    else:
        text = _("on a machine with {count} CUDA GPUs and with Apple's MPS") if mps else \
            _("on a machine with {count} CUDA GPUs and without Apple's MPS")
    return text.format(count=cuda)


def on_device(got, device, what: str, mistakes: list[Mistake]) -> None:
    """Fail unless `got` is a tensor on `device`'s type, naming a known mistake."""
    expect.is_tensor(got, what, mistakes)
    on = expect.remote_device(got)
    if on.split(":")[0] != torch.device(device).type:
        message = _("expected it on {device}, got it on {got}").format(device=expect.device_text(device), got=on)
        expect.fail(expect.named(_("{what}: {message}").format(what=what, message=message) if what else message,
                                 got, mistakes))


# ----- pick_device ----------------------------------------------------------------------------

def test_pick_device(student):
    for cuda, mps, expected in ((1, False, "cuda"), (0, False, "cpu"), (0, True, "mps"), (3, True, "cuda")):
        call = student.run(setup=(("fake_accelerators", {"cuda": cuda, "mps": mps}),))
        mistakes = [
            Mistake(_("that names one GPU by its index; the kata asks for the name without a device index"),
                    test=lambda v: str(v).startswith("cuda:")),
            Mistake(_("there is no CUDA GPU here: the answer assumes one without asking PyTorch"),
                    test=lambda v, cuda=cuda: v == "cuda" and cuda == 0),
            Mistake(_("Apple's GPU (MPS) is there, but the answer fell back to the CPU without asking about it"),
                    test=lambda v, expected=expected: v == "cpu" and expected == "mps"),
            Mistake(_("CUDA comes first when both are there, but the answer picked MPS"),
                    test=lambda v, expected=expected: v == "mps" and expected == "cuda"),
            Mistake(_('that is not one of the names PyTorch gives its devices ("cuda", "mps", "cpu")'),
                    test=lambda v: isinstance(v, str) and v not in ("cuda", "mps", "cpu")),
        ]
        got = student.returned(call)
        if isinstance(got, torch.device):  # a device object, not its name: say so plainly
            expect.fail(_("{machine}: expected the str {expected}, got torch.device({got}): a device object, not "
                          "the device's name as a str").format(machine=_machine(cuda, mps), expected=repr(expected),
                                                               got=repr(str(got))))
        expect.equal(got, expected, what=_machine(cuda, mps), mistakes=mistakes)


# ----- gpu_count ------------------------------------------------------------------------------

def test_gpu_count(student):
    for cuda, mps in ((3, False), (0, True), (1, False), (2, True)):
        call = student.run(setup=(("fake_accelerators", {"cuda": cuda, "mps": mps}),))
        expect.number(student.returned(call), cuda, what=_machine(cuda, mps), mistakes=[
            Mistake(_("torch.cuda.is_available() says whether there is a GPU (True or False), not how many"),
                    test=lambda v: isinstance(v, (bool, np.bool_))),
            Mistake(_("that is 1 because CUDA is available, not the number of GPUs"),
                    test=lambda v, cuda=cuda: cuda > 1 and expect.as_number(v) == 1),
            Mistake(_("that counts Apple's MPS as well; the kata counts only CUDA GPUs"),
                    test=lambda v, cuda=cuda, mps=mps: mps and expect.as_number(v) == cuda + 1),
        ])


# ----- to_device ------------------------------------------------------------------------------

def _move_mistakes(t: torch.Tensor, device, source: str = "cpu") -> list[Mistake]:
    """Known wrong moves of t, a tensor on the device `source` ("cpu" or "cuda"), to `device`."""
    target = torch.device(device).type
    if target == source:
        mistakes = []
    elif source == "cuda":
        mistakes = [Mistake(_("the result is still on the GPU, where t was: t.to(device) leaves t where it was "
                              "and returns a moved copy, and that copy was not the one returned"),
                            test=lambda v: expect.remote_device(v).startswith("cuda"))]
    else:
        mistakes = [Mistake(_("t.to(device) does not move t: it returns a new tensor on the device, and the "
                              "answer returned t as it was"), test=lambda v: expect.remote_device(v) == source)]
    return mistakes + [
        Mistake(_("t.cuda() always goes to the GPU, whatever device was asked for"),
                test=lambda v: expect.remote_device(v).startswith("cuda")),
        Mistake(_("the dtype changed: moving a tensor to a device keeps its dtype"),
                test=lambda v: v.dtype != t.dtype),
        Mistake(_("these are new values: moving a tensor to a device keeps its values"),
                test=lambda v: tuple(v.shape) == tuple(t.shape)),
    ]


def _no_gpu_needed(call, device, how: str) -> None:
    """Name the mistake when the answer went for a GPU that was not asked for (and is not there)."""
    raised = call.raised
    if raised is not None and torch.device(device).type != "cuda" and any(
            word in raised.message for word in ("CUDA", "cuda", "NVIDIA", "GPU")):
        expect.fail(_("it raised {error}: {how} always goes to the GPU, whatever device was asked for, and this "
                      "machine has none").format(error=f"{raised.type}: {raised.message}", how=how))


def test_to_device(student, inputs):
    rows, cols, depth = inputs.shape(3)
    cases = [
        (inputs.randn(rows, cols), "meta"),
        (inputs.randint(-50, 50, cols, rows, depth), torch.device("meta")),
        (inputs.rand(0, cols, dtype=torch.float64), "meta"),
        (inputs.noncontiguous(rows, cols), "cpu"),
    ]
    for t, device in cases:
        call = student.run(t, device)
        _no_gpu_needed(call, device, "t.cuda()")
        target = torch.device(device).type
        got, mistakes = student.returned(call), _move_mistakes(t, device)
        on_device(got, device, "", mistakes)
        expect.tensor(got, t if target == "cpu" else None, shape=t.shape, dtype=t.dtype, device=None,
                      mistakes=mistakes)
        expect.unchanged(call, 0, t, "t")


def test_to_device__cuda(student, inputs):
    rows, cols = inputs.shape(2)
    cases = ((inputs.randn(rows, cols), "cuda", "cpu"),
             (inputs.randint(-50, 50, cols, rows), torch.device("cuda:0"), "cpu"),
             (inputs.noncontiguous(rows, cols), "cpu", "cuda"))  # t arrives on the GPU: back to the CPU
    for t, device, source in cases:
        setup = (("args_to_cuda", {}),) if source == "cuda" else ()
        got, mistakes = student(t, device, setup=setup), _move_mistakes(t, device, source)
        on_device(got, device, "", mistakes)
        expect.tensor(got, t, device=None, mistakes=mistakes)


# ----- model_to_device ------------------------------------------------------------------------

def _model(inputs) -> nn.Module:
    """A small model with parameters and buffers, its values drawn from the check's inputs."""
    n_in, n_out = inputs.shape(2)
    with _rng_kept():  # layers draw initial weights from the global generator; ours are set below
        model = nn.Sequential(nn.Linear(n_in, n_out), nn.BatchNorm1d(n_out))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(inputs.randn(*p.shape))
        norm: Any = model[1]  # a BatchNorm1d, whose buffers torch types as Optional
        norm.running_mean.copy_(inputs.randn(n_out))
        norm.running_var.copy_(inputs.rand(n_out) + 0.5)
        norm.num_batches_tracked.fill_(inputs.integer(1, 100))
    return model


def _tensor_name(kind: str, name: str) -> str:
    return (_("parameter {name}") if kind == "parameter" else _("buffer {name}")).format(name=name)


def _check_model(got, model: nn.Module, device: str) -> None:
    """Every parameter and buffer of `model` in `got` (a wire.ModuleInfo), on `device`."""
    if not isinstance(got, wire.ModuleInfo):
        expect.fail(_("expected the model (an nn.Module), got None: did you forget to `return` it?") if got is None
                    else _("expected the model (an nn.Module), got {got}").format(got=expect.describe(got)))
    expect.check(got.type_name == type(model).__name__,
                 _("expected the nn.{expected} model you were given, got an nn.{got}").format(
                     expected=type(model).__name__, got=got.type_name))
    groups = (("parameter", got.parameters, dict(model.named_parameters())),
              ("buffer", got.buffers, dict(model.named_buffers())))
    for kind, tensors, expected in groups:
        message = _("the model's parameters are {got}; expected {expected}: that is not the model you were given") \
            if kind == "parameter" else \
            _("the model's buffers are {got}; expected {expected}: that is not the model you were given")
        expect.check(set(tensors) == set(expected), message.format(got=sorted(tensors), expected=sorted(expected)))
    left = [(kind, name, expect.remote_device(tensors[name])) for kind, tensors, expected in groups
            for name in expected if torch.device(expect.remote_device(tensors[name])).type != device]
    if left:
        where = ", ".join(_("{tensor} is on {device}").format(tensor=_tensor_name(kind, name), device=on)
                          for kind, name, on in left[:3])
        if len(left) > 3:
            where = _("{places} (and {count} more)").format(places=where, count=len(left) - 3)
        if all(on.startswith("cuda") for _k, _n, on in left) and device != "cuda":
            why = _("model.cuda() always goes to the GPU, whatever device was asked for")
        elif len(left) == sum(len(e) for _k, _t, e in groups):
            why = _("nothing was moved")
        elif all(kind == "buffer" for kind, _n, _o in left):
            why = _("the parameters moved but the buffers (BatchNorm's running_mean, running_var, "
                    "num_batches_tracked) stayed behind")
        else:
            why = _("some layers were left behind: a layer moved on its own takes only its own parameters and "
                    "buffers along")
        expect.fail(_("expected every parameter and buffer on {device}, but {where}: {why}").format(
            device=expect.device_text(device), where=where, why=why))
    for kind, tensors, expected in groups:
        for name, e in expected.items():
            got_t, what = tensors[name], _tensor_name(kind, name)
            expect.check(tuple(got_t.shape) == tuple(e.shape), _("{what}: expected shape {expected}, got {got}").format(
                what=what, expected=expect.shape_text(e.shape), got=expect.shape_text(got_t.shape)))
            expect.check(got_t.dtype == e.dtype, _("{what}: expected dtype {expected}, got {got}: moving a model to "
                                                   "a device keeps its dtypes, so something else changed them").format(
                what=what, expected=expect.dtype_name(e.dtype), got=expect.dtype_name(got_t.dtype)))
            if device != "meta":
                expect.values(got_t, e.detach(), what=what, mistakes=[Mistake(
                    _("moving a model keeps its weights and buffers as they were"), test=lambda v: True)])


def test_model_to_device(student, inputs):
    for device in ("meta", torch.device("meta"), "cpu"):
        model = _model(inputs)
        call = student.run(model, device)
        _no_gpu_needed(call, device, "model.cuda()")
        _check_model(student.returned(call), model, torch.device(device).type)


def test_model_to_device__cuda(student, inputs):
    for device in ("cuda", torch.device("cuda:0")):
        model = _model(inputs)
        got = student(model, device)
        _check_model(got, model, "cuda")


# ----- back to NumPy (GPU) -------------------------------------------------------------------

def _square_cases(inputs) -> list[torch.Tensor]:
    rows, cols = inputs.shape(2)
    return [inputs.randn(rows, cols), inputs.randint(-20, 20, cols, rows), inputs.noncontiguous(rows, cols)]


def test_gpu_square_to_numpy(student, inputs):
    for t in _square_cases(inputs):
        call = student.run(t)
        expect.array(student.returned(call), (t ** 2).numpy(), rtol=1.3e-6, atol=1e-5)
        expect.unchanged(call, 0, t, "t")


def test_gpu_square_to_numpy__on_gpu(student, inputs):
    # "record_ops" / "ops": a setup and probe proposed for grader/sandbox/probes.py (a TorchFunctionMode
    # that records each torch call's name and the devices of its tensor arguments).
    t = _square_cases(inputs)[0]
    call = student.run(t, setup=(("record_ops", {}),), probes=("ops",))
    student.returned(call)
    ops = call.after["ops"][len(call.before["ops"]):]
    squares = [(name, devices) for name, devices in ops if name in SQUARING]
    on_gpu = [devices for _name, devices in squares if devices and all(d.startswith("cuda") for d in devices)]
    if not on_gpu and squares:
        expect.fail(_("the square was computed on the CPU: t was squared before it went to the GPU, or after it "
                      "came back"))
    expect.check(on_gpu, _("no square was computed on the GPU with PyTorch: the squaring happened somewhere else "
                           "(in NumPy, after the values left the GPU?)"))


def test_cuda_to_numpy(student, inputs):
    rows, cols, depth = inputs.shape(3)
    for t in (inputs.randn(rows, cols), inputs.randint(-50, 50, cols, rows, depth, dtype=torch.int32),
              inputs.noncontiguous(cols, rows)):
        call = student.run(t, setup=(("args_to_cuda", {}),))
        expect.array(student.returned(call), t.numpy(), rtol=1.3e-6, atol=1e-5)
        expect.check(expect.remote_device(call.args[0]).startswith("cuda"),
                     _("t left the GPU: the function moved t itself, where only a copy had to come to the CPU"))
        expect.unchanged(call, 0, t, "t")
