"""Trusted routines that run inside the sandbox around a student call.

A check names them: `setup` ones change the child's world before the call (pretend a GPU is
there, spy on seeding functions), `probes` read facts before and after it (the random state,
fresh random draws). Everything they use is bound here, before student code is imported, so a
module that monkeypatches torch cannot change what they see.
"""
from __future__ import annotations

import random
import sys
from typing import Any, Callable

import numpy as np
import torch
from torch.overrides import TorchFunctionMode, _get_current_function_mode_stack
from torch.utils._pytree import tree_leaves

_get_rng_state = torch.get_rng_state
_torch_rand = torch.rand
_py_random = random.random
_np_random = np.random.random
_torch_seed = torch.manual_seed
_cuda_seed = torch.cuda.manual_seed
_cuda_seed_all = torch.cuda.manual_seed_all

_settrace = sys.settrace
_set_default_device = torch.set_default_device
# torch.use_deterministic_algorithms imports inductor (seconds); the switch under it does not.
_deterministic = getattr(torch._C, "_set_deterministic_algorithms", torch.use_deterministic_algorithms)
_fill_flag = getattr(torch._C, "_set_deterministic_fill_uninitialized_memory", None)  # on by default
_gettrace = sys.gettrace
_mode_stack = _get_current_function_mode_stack

_seed_calls: list = []
_ops: list = []
_OPS_LIMIT = 10_000
_recorder: list = []


def _fake_accelerators(args: tuple, kwargs: dict, cuda: int = 0, mps: bool = False) -> None:
    """Pretend that `cuda` CUDA devices and (or not) Apple's MPS are present."""
    torch.cuda.is_available = lambda: cuda > 0
    torch.cuda.device_count = lambda: cuda
    torch.backends.mps.is_available = lambda: mps  # type: ignore[assignment]  # cached in torch
    torch.backends.mps.is_built = lambda: mps
    accelerator = getattr(torch, "accelerator", None)
    if accelerator is not None:
        kind = "cuda" if cuda > 0 else "mps" if mps else None
        accelerator.is_available = lambda: kind is not None
        accelerator.device_count = lambda: cuda if cuda > 0 else int(mps)
        accelerator.current_accelerator = lambda *a, **k: None if kind is None else torch.device(kind)


class _OpRecorder(TorchFunctionMode):
    """Records each torch function or Tensor method called: its name and its tensors' devices."""

    def __torch_function__(self, func: Any, types: Any, args: tuple = (), kwargs: dict | None = None) -> Any:
        kwargs = kwargs or {}
        if len(_ops) < _OPS_LIMIT:
            devices = sorted({str(a.device) for a in tree_leaves((args, kwargs)) if isinstance(a, torch.Tensor)})
            _ops.append((str(getattr(func, "__name__", type(func).__name__)), devices))
        return func(*args, **kwargs)


def _record_ops(args: tuple, kwargs: dict) -> None:
    """From now on record every torch call (read with the "ops" probe); the calls still run."""
    if not _recorder:
        _recorder.append(_OpRecorder())
        _recorder[0].__enter__()


_steps = [0]
_counter: list = []


class _StepCounter(TorchFunctionMode):
    """Counts every torch function or Tensor method called, those that C code calls included."""

    def __torch_function__(self, func: Any, types: Any, args: tuple = (), kwargs: dict | None = None) -> Any:
        _steps[0] += 1
        return func(*args, **(kwargs or {}))


def _trace(frame: Any, event: str, arg: Any) -> Any:
    _steps[0] += 1
    return _trace


def _count_steps(args: tuple, kwargs: dict) -> None:
    """From now on count the steps run: Python calls and lines, and torch calls (read with the
    "steps" probe). A loop over the elements, however it is written, makes them grow with the size."""
    if not _counter:
        _counter.append(_StepCounter())
        _counter[0].__enter__()
        _settrace(_trace)


def _spy_seeding(args: tuple, kwargs: dict) -> None:
    """Record calls to the seeding functions; the real ones still run (CUDA's lazily)."""
    def spy(name: str, real: Callable) -> Callable:
        def seeded(seed: int, *a: Any, **k: Any) -> Any:
            _seed_calls.append((name, int(seed)))
            return real(seed, *a, **k)
        seeded.__kata_spy__ = name  # type: ignore[attr-defined]  # the mark _seeding_calls looks for
        return seeded

    torch.manual_seed = spy("torch.manual_seed", _torch_seed)
    torch.cuda.manual_seed = spy("torch.cuda.manual_seed", _cuda_seed)
    torch.cuda.manual_seed_all = spy("torch.cuda.manual_seed_all", _cuda_seed_all)
    torch.random.manual_seed = torch.manual_seed
    torch.cuda.random.manual_seed = torch.cuda.manual_seed  # where the two CUDA ones are defined
    torch.cuda.random.manual_seed_all = torch.cuda.manual_seed_all


def _fill_uninitialized(args: tuple, kwargs: dict) -> None:
    """Make torch.empty and its kin fill what they reserve with NaN (floats) or the largest value
    (integers): otherwise a tensor that was never filled holds whatever the memory held, often
    zeros or numbers too small to tell from zero, and an answer that forgot to fill it would pass
    by luck. PyTorch does this in its deterministic mode; warn_only keeps every operation allowed."""
    _deterministic(True, warn_only=True)
    if _fill_flag is not None:
        _fill_flag(True)


def _default_device(args: tuple, kwargs: dict, device: str) -> None:
    """Make `device` the default for new tensors ("meta": no memory, no values), so a result
    made there, instead of on its input's device, shows; on "meta" it costs nothing."""
    _set_default_device(device)


def _torch_version(args: tuple, kwargs: dict, version: str) -> None:
    """Pretend the installed PyTorch reports `version`."""
    torch.__version__ = torch.version.__version__ = torch.torch_version.TorchVersion(version)


def _args_to_cuda(args: tuple, kwargs: dict) -> tuple:
    """Move every tensor argument to the GPU in the child (the grader itself never touches CUDA)."""
    def move(v: Any) -> Any:
        return v.cuda() if isinstance(v, torch.Tensor) else v
    return tuple(move(a) for a in args), {k: move(v) for k, v in kwargs.items()}


# Each setup gets the call's (args, kwargs) and its params; it may return new (args, kwargs).
SETUPS: dict[str, Callable[..., Any]] = {
    "fake_accelerators": _fake_accelerators,
    "spy_seeding": _spy_seeding,
    "args_to_cuda": _args_to_cuda,
    "torch_version": _torch_version,
    "record_ops": _record_ops,
    "count_steps": _count_steps,
    "fill_uninitialized": _fill_uninitialized,
    "default_device": _default_device,
}


def _seeding_calls() -> dict:
    """The seeding calls made, and whether each spied function is still in place."""
    intact = {name: getattr(fn, "__kata_spy__", None) == name for name, fn in (
        ("torch.manual_seed", torch.manual_seed),
        ("torch.cuda.manual_seed", torch.cuda.manual_seed),
        ("torch.cuda.manual_seed_all", torch.cuda.manual_seed_all))}
    return {"calls": list(_seed_calls), "intact": intact}


def _cuda_start_seed() -> dict:
    """The seed CUDA's generator would start from if a GPU were used now, read from what PyTorch
    keeps until then (torch.cuda's lazy seed tracker: the latest of manual_seed and manual_seed_all
    wins), so every way of seeding counts, however the function was reached. "seed" is None where
    nothing is queued; "call" tells one queued call from another; "known" is False where this
    PyTorch keeps its seeds some other way."""
    tracker = getattr(torch.cuda, "_lazy_seed_tracker", None)
    order = getattr(tracker, "call_order", None)
    if not isinstance(order, list):
        return {"known": False, "seed": None, "call": 0}
    queued = [entry[0] for entry in order if entry is not None]
    if not queued:
        return {"known": True, "seed": None, "call": 0}
    last = queued[-1]
    code = getattr(last, "__code__", None)
    cells = getattr(last, "__closure__", None) or ()
    values = dict(zip(getattr(code, "co_freevars", ()), cells))
    cell = values.get("seed")
    seed = getattr(cell, "cell_contents", None) if cell is not None else None
    return {"known": type(seed) is int, "seed": seed if type(seed) is int else None, "call": id(last)}


def _draws() -> dict:
    """Three draws each from Python's random, NumPy's global generator and torch's CPU generator."""
    return {"python": [_py_random() for _ in range(3)], "numpy": _np_random(3), "torch": _torch_rand(3)}


def _recorded_ops() -> list:
    """The torch calls recorded so far, oldest first: [(name, [device, ...]), ...]."""
    return list(_ops)


def _steps_taken() -> dict:
    """The steps counted so far, and whether the counters are still in place."""
    intact = _gettrace() is _trace and bool(_counter) and any(m is _counter[0] for m in _mode_stack())
    return {"count": _steps[0], "intact": intact}


PROBES: dict[str, Callable[[], Any]] = {
    "ops": _recorded_ops,
    "torch_rng_state": _get_rng_state,
    "seeding_calls": _seeding_calls,
    "draws": _draws,
    "steps": _steps_taken,
    "cuda_seed": _cuda_start_seed,
}
