"""What runs inside a sandboxed child: put up the walls, import the student's module, serve calls.

Nothing here returns to the caller: `serve` ends the process with os._exit, so no pytest code,
atexit handler or buffered output of the grader ever runs in a child. A wall that cannot be put
up is reported as ("setup_failed", message) before any student code runs (protocol.py).
"""
from __future__ import annotations

import importlib.util
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from grader.sandbox import confine
from grader.sandbox import output
from grader.sandbox import probes
from grader.sandbox import protocol
from grader.sandbox import source
from grader.sandbox import wire
from grader.sandbox.channel import DATA

_exit = os._exit
_perf_counter = time.perf_counter


def serve(folder: Path, module: str, channel: Any, memory_limit: int, private: Path | None = None,
          task: str | None = None) -> None:
    """Child entry point: confine the process, then either read the kata file and send its text back
    (task SOURCE), or import the module and answer requests until EOF (task IMPORT, or None). `private`
    is the child's own temporary folder, the only place it may write (made and removed by its spawner)."""
    try:
        try:
            out = confine.process(channel.fds, memory_limit)
            confine.privileges(folder, private)
        except BaseException as e:  # noqa: BLE001 - no student code has run: whatever failed is the grader's
            message = str(e) if isinstance(e, confine.SetupError) else f"{type(e).__name__}: {e}"
            channel.send(protocol.dumps((protocol.SETUP_FAILED, message)))
            _exit(0)
        channel.send(protocol.dumps((protocol.SET_UP,)))
        path = folder / f"{module}.py"
        if task == protocol.SOURCE:
            channel.send(protocol.dumps(_source(path)))
            _exit(0)
        channel.send(protocol.dumps(_import(folder, module, path, out)))
        while True:
            request = channel.receive()
            if request.kind != DATA:
                break
            channel.send(protocol.dumps(_handle(protocol.load_request(request.data), folder, out)))
    except BaseException:  # noqa: BLE001 - whatever happens, never fall back into the grader
        pass
    _exit(0)


def _source(path: Path) -> tuple:
    try:
        return (protocol.SOURCE, source.read(path))
    except source.SourceError as e:
        return (protocol.SOURCE_ERROR, (e.msgid, e.params))


def _import(folder: Path, module: str, path: Path, out: int) -> tuple:
    try:
        text = source.read(path)  # as the child's user, inside its walls: a link is refused, not followed
    except source.SourceError as e:
        return ("import_error", (e.msgid, e.params), None, output.take(out))
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location(module, path)
        assert spec is not None  # a path ending in .py always has one
        mod = importlib.util.module_from_spec(spec)
        sys.modules[module] = mod
        exec(compile(text, str(path), "exec"), mod.__dict__)
    except SyntaxError as e:
        where = f"{source.shown(path)}:{e.lineno}" if e.lineno else source.shown(path)
        return ("import_error", (protocol.SYNTAX_ERROR, {"where": where, "error": _safe(e.msg)}), where,
                output.take(out))
    except BaseException as e:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are student faults too
        info = _describe(e, folder)
        said = protocol.IMPORT_RAN_CODE if info["in_function"] else protocol.IMPORT_RAISED
        return ("import_error", (said, {"file": path.name, "error": info["text"]}), info["where"], output.take(out))
    globals()["_student_module"] = mod
    return ("ready", None, None, output.take(out))


def _handle(request: dict, folder: Path, out: int) -> tuple:
    mod = globals()["_student_module"]
    name = request["function"]
    func = mod.__dict__.get(name)
    if not callable(func):
        return ("missing", (protocol.NOT_DEFINED, {"name": name, "file": f"{request['module']}.py"}), output.take(out))
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
        return ("raised", _describe(e, folder), _perf_counter() - start, output.take(out))
    duration = _perf_counter() - start
    try:
        after = {p: wire.encode(probes.PROBES[p]()) for p in request["probes"]}
        encoded = (wire.encode(value), wire.encode(tuple(args)), wire.encode(dict(kwargs)))
    except BaseException as e:  # noqa: BLE001 - a hostile value must still give an answer
        return ("unreadable", _describe(e, folder), duration, output.take(out))
    return ("returned", *encoded, before, after, duration, output.take(out))


def _describe(e: BaseException, folder: Path) -> dict:
    """The exception in a student's words: type, message, and the last line of theirs it passed."""
    try:
        message = _safe(str(e))
    except BaseException:  # noqa: BLE001
        message = ""
    where, in_function = None, False
    try:
        folder_text = str(folder.resolve())
        # Without looking up source lines: the file may be anything by now (a link to /dev/zero).
        for frame in traceback.StackSummary.extract(traceback.walk_tb(e.__traceback__), lookup_lines=False):
            if str(Path(frame.filename).resolve()).startswith(folder_text):
                where = f"{Path(frame.filename).name}:{frame.lineno}"
                in_function = in_function or frame.name != "<module>"
    except BaseException:  # noqa: BLE001 - a traceback is a courtesy
        pass
    kind = _safe(type(e).__name__)
    return {"type": kind, "message": message[:500], "where": where, "in_function": in_function,
            "text": f"{kind}: {message[:500]}" if message else kind}


def _safe(text: str) -> str:
    """Text that encodes as UTF-8: a lone surrogate becomes its escape (the grader checks again)."""
    return str.encode(text, "utf-8", "backslashreplace").decode("utf-8")
