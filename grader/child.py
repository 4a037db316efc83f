"""What runs inside a sandboxed child: import the student's module, then serve calls to it.

Nothing here returns to the caller: `serve` ends the process with os._exit, so no pytest code,
atexit handler or buffered output of the grader ever runs in a child.
"""
from __future__ import annotations

import importlib.util
import io
import os
import pickle
import struct
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import torch

from grader import confine, probes, wire

HEADER = struct.Struct("<Q")
OUTPUT_LIMIT = 4000  # characters of printed output kept per call

_loads = pickle.loads
_write = os.write
_read = os.read
_exit = os._exit
_perf_counter = time.perf_counter


def serve(folder: Path, module: str, requests: int, replies: int, memory_limit: int) -> None:
    """Child entry point: confine the process, import the module, answer requests until EOF."""
    try:
        out = confine.process(requests, replies, memory_limit)
        path = folder / f"{module}.py"
        source = _read_source(path)  # before giving up root: the folder may be readable by root alone
        confine.privileges()
        _send(replies, _import(folder, module, path, source, out))
        while True:
            request = _receive(requests)
            if request is None:
                break
            _send(replies, _handle(request, folder, out))
    except BaseException:  # noqa: BLE001 - whatever happens, never fall back into the grader
        pass
    _exit(0)


def _read_source(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _import(folder: Path, module: str, path: Path, source: bytes | None, out: int) -> tuple:
    if source is None:
        return ("import_error", f"{_shown(path)} not found", None, _output(out))
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location(module, path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[module] = mod
        exec(compile(source, str(path), "exec"), mod.__dict__)
    except SyntaxError as e:
        where = f"{_shown(path)}:{e.lineno}" if e.lineno else _shown(path)
        return ("import_error", f"syntax error at {where}: {e.msg}", where, _output(out))
    except BaseException as e:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are student faults too
        info = _describe(e, folder)
        return ("import_error", f"importing {path.name} raised {info['text']}", info["where"], _output(out))
    globals()["_student_module"] = mod
    return ("ready", None, None, _output(out))


def _handle(request: dict, folder: Path, out: int) -> tuple:
    mod = globals()["_student_module"]
    name = request["function"]
    func = mod.__dict__.get(name)
    if not callable(func):
        return ("missing", f"{name} is not defined in {request['module']}.py", _output(out))
    args, kwargs = request["args"], request["kwargs"]
    for setup, params in request["setup"]:
        changed = probes.SETUPS[setup](args, kwargs, **params)
        if changed is not None:
            args, kwargs = changed
    before = {p: wire.encode(probes.PROBES[p]()) for p in request["probes"]}
    start = _perf_counter()
    try:
        value = func(*args, **kwargs)
    except BaseException as e:  # noqa: BLE001 - any exception, exit included, is the student's result
        return ("raised", _describe(e, folder), _perf_counter() - start, _output(out))
    duration = _perf_counter() - start
    try:
        after = {p: wire.encode(probes.PROBES[p]()) for p in request["probes"]}
        encoded = (wire.encode(value), wire.encode(tuple(args)), wire.encode(dict(kwargs)))
    except BaseException as e:  # noqa: BLE001 - a hostile value must still give an answer
        return ("unreadable", _describe(e, folder), duration, _output(out))
    return ("returned", *encoded, before, after, duration, _output(out))


def _describe(e: BaseException, folder: Path) -> dict:
    """The exception in a student's words: type, message, and the last line of theirs it passed."""
    try:
        message = str(e)
    except BaseException:  # noqa: BLE001
        message = ""
    where = None
    folder_text = str(folder.resolve())
    for frame in traceback.extract_tb(e.__traceback__):
        if str(Path(frame.filename).resolve()).startswith(folder_text):
            where = f"{Path(frame.filename).name}:{frame.lineno}"
    kind = type(e).__name__
    return {"type": kind, "message": message[:500], "where": where,
            "text": f"{kind}: {message[:500]}" if message else kind}


def _shown(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _output(fd: int) -> str:
    """What the student printed since the last reply (the memfd is emptied after each read)."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001
            pass
    size = os.lseek(fd, 0, os.SEEK_END)
    if not size:
        return ""
    data = os.pread(fd, min(size, OUTPUT_LIMIT), 0)
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    return data.decode("utf-8", "replace")


class _RequestPickler(pickle.Pickler):
    """Pickles a request's tensors as raw bytes plus strides: torch's own reduction goes through
    torch.load, which costs a child milliseconds on its first call."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is torch.Tensor and obj.layout == torch.strided and obj.device.type in ("cpu", "meta"):
            return _rebuild_tensor, _tensor_parts(obj)
        return NotImplemented


def _tensor_parts(t: torch.Tensor) -> tuple:
    dtype = str(t.dtype).removeprefix("torch.")
    if t.device.type == "meta":
        return (dtype, tuple(t.shape), tuple(t.stride()), 0, None, t.requires_grad)
    storage = torch.empty(0, dtype=torch.uint8).set_(t.untyped_storage())
    return (dtype, tuple(t.shape), tuple(t.stride()), t.storage_offset(), storage.numpy().tobytes(), t.requires_grad)


def _rebuild_tensor(dtype: str, shape: tuple, stride: tuple, offset: int, data: bytes | None,
                    requires_grad: bool) -> torch.Tensor:
    kind = getattr(torch, dtype)
    if data is None:
        t = torch.empty_strided(shape, stride, dtype=kind, device="meta")
    else:
        base = torch.frombuffer(bytearray(data), dtype=torch.uint8) if data else torch.empty(0, dtype=torch.uint8)
        t = base.view(kind).as_strided(shape, stride, offset) if data else torch.empty_strided(shape, stride, dtype=kind)
    return t.requires_grad_() if requires_grad else t


def _dumps(message: Any, protocol: int = 4) -> bytes:
    buffer = io.BytesIO()
    _RequestPickler(buffer, protocol=protocol).dump(message)
    return buffer.getvalue()


def _send(fd: int, message: Any) -> None:
    data = _dumps(message, protocol=4)
    view = memoryview(HEADER.pack(len(data)) + data)
    while view:
        view = view[_write(fd, view):]


def _receive(fd: int) -> Any:
    header = _read_exact(fd, HEADER.size)
    if header is None:
        return None
    return _loads(_read_exact(fd, HEADER.unpack(header)[0]))


def _read_exact(fd: int, n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = _read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
