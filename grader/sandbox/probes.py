"""Trusted routines that run inside the sandbox around a student call.

A check names them: `setup` ones change the child's world before the call (pretend a GPU is
there, spy on seeding functions), `probes` read facts before and after it (the random state,
fresh random draws). Everything they use is bound here, before student code is imported, so a
module that monkeypatches torch cannot change what they see.
"""
from __future__ import annotations

import random
from typing import Any, Callable

import numpy as np
import torch
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_leaves

_get_rng_state = torch.get_rng_state
_torch_rand = torch.rand
_py_random = random.random
_np_random = np.random.random
_torch_seed = torch.manual_seed
_cuda_seed = torch.cuda.manual_seed
_cuda_seed_all = torch.cuda.manual_seed_all

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
}


def _seeding_calls() -> dict:
    """The seeding calls made, and whether each spied function is still in place."""
    intact = {name: getattr(fn, "__kata_spy__", None) == name for name, fn in (
        ("torch.manual_seed", torch.manual_seed),
        ("torch.cuda.manual_seed", torch.cuda.manual_seed),
        ("torch.cuda.manual_seed_all", torch.cuda.manual_seed_all))}
    return {"calls": list(_seed_calls), "intact": intact}


def _draws() -> dict:
    """Three draws each from Python's random, NumPy's global generator and torch's CPU generator."""
    return {"python": [_py_random() for _ in range(3)], "numpy": _np_random(3), "torch": _torch_rand(3)}


def _recorded_ops() -> list:
    """The torch calls recorded so far, oldest first: [(name, [device, ...]), ...]."""
    return list(_ops)


PROBES: dict[str, Callable[[], Any]] = {
    "ops": _recorded_ops,
    "torch_rng_state": _get_rng_state,
    "seeding_calls": _seeding_calls,
    "draws": _draws,
}
