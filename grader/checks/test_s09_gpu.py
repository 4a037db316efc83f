"""Checks for s09_gpu: choosing a device, counting GPUs, moving tensors and models, back to NumPy.

Without a GPU, availability is simulated in the child (the fake_accelerators setup) and moves are
checked with the "meta" device, where a tensor has a shape and a dtype but no values. Checks
marked gpu need a CUDA device and are skipped without one. The check process never touches CUDA
itself: it builds CPU inputs, and the child moves them to the GPU where a check needs a CUDA input
(the args_to_cuda setup).
"""
import contextlib
from typing import Any

import numpy as np
import pytest
import torch
from torch import nn

from grader.checkkit import expect
from grader.sandbox import wire
from grader.checkkit.expect import Mistake

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
    gpus = "no CUDA GPU" if cuda == 0 else f"{cuda} CUDA GPU{'s' if cuda > 1 else ''}"
    return f"on a machine with {gpus} and {'with' if mps else 'without'} Apple's MPS"


# ----- pick_device ----------------------------------------------------------------------------

def test_pick_device(student):
    for cuda, mps, expected in ((1, False, "cuda"), (0, False, "cpu"), (0, True, "mps"), (3, True, "cuda")):
        call = student.run(setup=(("fake_accelerators", {"cuda": cuda, "mps": mps}),))
        expect.equal(student.returned(call), expected, what=_machine(cuda, mps), mistakes=[
            Mistake('return the name as a str, such as "cuda", not a torch.device',
                    test=lambda v: isinstance(v, torch.device)),
            Mistake('return just "cuda", without a device index', test=lambda v: str(v).startswith("cuda:")),
            Mistake("there is no CUDA GPU here: ask torch.cuda.is_available() instead of assuming one",
                    test=lambda v, cuda=cuda: v == "cuda" and cuda == 0),
            Mistake("Apple's GPU is there: check torch.backends.mps.is_available() before falling back to the CPU",
                    test=lambda v, expected=expected: v == "cpu" and expected == "mps"),
            Mistake("CUDA comes first: check torch.cuda.is_available() before MPS",
                    test=lambda v, expected=expected: v == "mps" and expected == "cuda"),
            Mistake('PyTorch names its devices "cuda", "mps" and "cpu"',
                    test=lambda v: isinstance(v, str) and v not in ("cuda", "mps", "cpu")),
        ])


# ----- gpu_count ------------------------------------------------------------------------------

def test_gpu_count(student):
    for cuda, mps in ((3, False), (0, True), (1, False), (2, True)):
        call = student.run(setup=(("fake_accelerators", {"cuda": cuda, "mps": mps}),))
        expect.number(student.returned(call), cuda, what=_machine(cuda, mps), mistakes=[
            Mistake("torch.cuda.is_available() says whether there is a GPU (True or False), not how many: "
                    "use torch.cuda.device_count()", test=lambda v: isinstance(v, (bool, np.bool_))),
            Mistake("that is 1 because CUDA is available, not the number of GPUs: use torch.cuda.device_count()",
                    test=lambda v, cuda=cuda: cuda > 1 and expect.as_number(v) == 1),
            Mistake("that counts Apple's MPS; count only CUDA GPUs (torch.cuda.device_count())",
                    test=lambda v, cuda=cuda, mps=mps: mps and expect.as_number(v) == cuda + 1),
        ])


# ----- to_device ------------------------------------------------------------------------------

def _move_mistakes(t: torch.Tensor, device, source: str = "cpu") -> list[Mistake]:
    """Known wrong moves of t, a tensor on the device `source` ("cpu" or "cuda"), to `device`."""
    target = torch.device(device).type
    if target == source:
        mistakes = []
    elif source == "cuda":
        mistakes = [Mistake("the result is still on the GPU: t.cuda() always goes to the GPU, and t.to(device) "
                            "leaves t where it was and returns a moved copy; return t.to(device)",
                            test=lambda v: expect.remote_device(v).startswith("cuda"))]
    else:
        mistakes = [Mistake("t.to(device) does not move t: it returns a new tensor on the device, and that "
                            "result is the one to return", test=lambda v: expect.remote_device(v) == source)]
    return mistakes + [
        Mistake("t.cuda() always goes to the GPU, whatever device was asked for: use t.to(device)",
                test=lambda v: expect.remote_device(v).startswith("cuda")),
        Mistake("moving a tensor keeps its dtype: t.to(device) alone does not change it",
                test=lambda v: v.dtype != t.dtype),
        Mistake("moving a tensor keeps its values: return t itself, moved",
                test=lambda v: tuple(v.shape) == tuple(t.shape)),
    ]


def _no_gpu_needed(call, device, how: str) -> None:
    """Name the mistake when the answer went for a GPU that was not asked for (and is not there)."""
    raised = call.raised
    if raised is not None and torch.device(device).type != "cuda" and any(
            word in raised.message for word in ("CUDA", "cuda", "NVIDIA", "GPU")):
        expect.fail(f"it raised {raised.type}: {raised.message}: {how} always goes to the GPU, whatever device "
                    "was asked for; use .to(device)")


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
        expect.tensor(student.returned(call), t if target == "cpu" else None, shape=t.shape, dtype=t.dtype,
                      device=target, mistakes=_move_mistakes(t, device))
        expect.unchanged(call, 0, t, "t")


@pytest.mark.gpu
def test_to_device__cuda(student, inputs):
    rows, cols = inputs.shape(2)
    cases = ((inputs.randn(rows, cols), "cuda", "cpu"),
             (inputs.randint(-50, 50, cols, rows), torch.device("cuda:0"), "cpu"),
             (inputs.noncontiguous(rows, cols), "cpu", "cuda"))  # t arrives on the GPU: back to the CPU
    for t, device, source in cases:
        setup = (("args_to_cuda", {}),) if source == "cuda" else ()
        got = student(t, device, setup=setup)
        expect.tensor(got, t, device=torch.device(device).type, mistakes=_move_mistakes(t, device, source))


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


def _check_model(got, model: nn.Module, device: str) -> None:
    """Every parameter and buffer of `model` in `got` (a wire.ModuleInfo), on `device`."""
    if not isinstance(got, wire.ModuleInfo):
        hint = ": did you forget to `return` it? model.to(device) moves the model and returns it" if got is None else ""
        expect.fail(f"expected the model (an nn.Module), got {expect.describe(got)}{hint}")
    expect.check(got.type_name == type(model).__name__,
                 f"expected the nn.{type(model).__name__} model you were given, got an nn.{got.type_name}")
    groups = (("parameter", got.parameters, dict(model.named_parameters())),
              ("buffer", got.buffers, dict(model.named_buffers())))
    for kind, tensors, expected in groups:
        expect.check(set(tensors) == set(expected),
                     f"the model's {kind}s are {sorted(tensors)}; expected {sorted(expected)} (return the model "
                     "you were given, moved)")
    left = [(kind, name, expect.remote_device(tensors[name])) for kind, tensors, expected in groups
            for name in expected if torch.device(expect.remote_device(tensors[name])).type != device]
    if left:
        where = ", ".join(f"{kind} {name} is on {on}" for kind, name, on in left[:3])
        where += f" (and {len(left) - 3} more)" if len(left) > 3 else ""
        if all(on.startswith("cuda") for _, _, on in left) and device != "cuda":
            hint = "model.cuda() always goes to the GPU, whatever device was asked for; use model.to(device)"
        elif len(left) == sum(len(e) for _, _, e in groups):
            hint = "nothing was moved: model.to(device) moves the model, and returns it"
        elif all(kind == "buffer" for kind, _, _ in left):
            hint = ("the parameters moved but the buffers (BatchNorm's running_mean, running_var, "
                    "num_batches_tracked) stayed behind: model.to(device) moves both")
        else:
            hint = "some layers were left behind: model.to(device) moves every layer, parameters and buffers"
        expect.fail(f"expected every parameter and buffer on {device}, but {where}: {hint}")
    for kind, tensors, expected in groups:
        for name, e in expected.items():
            got_t, what = tensors[name], f"{kind} {name}"
            expect.check(tuple(got_t.shape) == tuple(e.shape), f"{what}: expected shape "
                         f"{expect.shape_text(e.shape)}, got {expect.shape_text(got_t.shape)}")
            expect.check(got_t.dtype == e.dtype, f"{what}: expected dtype {expect.dtype_name(e.dtype)}, got "
                         f"{expect.dtype_name(got_t.dtype)}: moving a model to a device keeps its dtypes")
            if device != "meta":
                expect.values(got_t, e.detach(), what=what, mistakes=[Mistake(
                    "moving a model keeps its weights and buffers as they were", test=lambda v: True)])


def test_model_to_device(student, inputs):
    for device in ("meta", torch.device("meta"), "cpu"):
        model = _model(inputs)
        call = student.run(model, device)
        _no_gpu_needed(call, device, "model.cuda()")
        _check_model(student.returned(call), model, torch.device(device).type)


@pytest.mark.gpu
def test_model_to_device__cuda(student, inputs):
    for device in ("cuda", torch.device("cuda:0")):
        model = _model(inputs)
        got = student(model, device)
        _check_model(got, model, "cuda")


# ----- back to NumPy (GPU) -------------------------------------------------------------------

def _square_cases(inputs) -> list[torch.Tensor]:
    rows, cols = inputs.shape(2)
    return [inputs.randn(rows, cols), inputs.randint(-20, 20, cols, rows), inputs.noncontiguous(rows, cols)]


@pytest.mark.gpu
def test_gpu_square_to_numpy(student, inputs):
    for t in _square_cases(inputs):
        call = student.run(t)
        expect.array(student.returned(call), (t ** 2).numpy(), rtol=1.3e-6, atol=1e-5)
        expect.unchanged(call, 0, t, "t")


@pytest.mark.gpu
def test_gpu_square_to_numpy__on_gpu(student, inputs):
    # "record_ops" / "ops": a setup and probe proposed for grader/sandbox/probes.py (a TorchFunctionMode
    # that records each torch call's name and the devices of its tensor arguments).
    t = _square_cases(inputs)[0]
    call = student.run(t, setup=(("record_ops", {}),), probes=("ops",))
    student.returned(call)
    ops = call.after["ops"][len(call.before["ops"]):]
    squares = [(name, devices) for name, devices in ops if name in SQUARING]
    on_gpu = [devices for _, devices in squares if devices and all(d.startswith("cuda") for d in devices)]
    if not on_gpu and squares:
        expect.fail("the square was computed on the CPU: move t to the GPU first (t.to(\"cuda\")), square it "
                    "there, then bring the result back with .cpu()")
    expect.check(on_gpu, "no square was computed on the GPU with PyTorch: square the GPU tensor (** 2, "
                         "torch.square) before bringing it back, not the NumPy array afterwards")


@pytest.mark.gpu
def test_cuda_to_numpy(student, inputs):
    rows, cols, depth = inputs.shape(3)
    for t in (inputs.randn(rows, cols), inputs.randint(-50, 50, cols, rows, depth, dtype=torch.int32),
              inputs.noncontiguous(cols, rows)):
        call = student.run(t, setup=(("args_to_cuda", {}),))
        expect.array(student.returned(call), t.numpy(), rtol=1.3e-6, atol=1e-5)
        expect.check(expect.remote_device(call.args[0]).startswith("cuda"),
                     "t left the GPU: .cpu() returns a copy on the CPU; leave t itself where it was")
        expect.unchanged(call, 0, t, "t")
