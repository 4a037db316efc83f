"""The portable runner: each kata's child is a multiprocessing process, forked by a warm forkserver
or (Windows) a freshly spawned interpreter, prepared ahead of need like the zygote's.

The forkserver is a fresh interpreter that imports torch, numpy and the child's code once
(grader/sandbox/warm.py) and never uses torch's threads, so each child is a cheap fork of a warm parent.
Where there is no fork (Windows), "spawn" starts an interpreter per child: slow, so the grader
prepares several ahead, on spare cores. The grader remains the subreaper: on Linux a kata's orphans
come to it, never to the forkserver, and `close` kills them with every kata's child.

The forkserver and multiprocessing's resource tracker are children of the grader that hold no
student code. They serve every run of this process (`kata watch`, a test suite: booting the
forkserver costs a torch import, seconds, per run otherwise), are never killed mid-run, and are
killed when the process exits (`stop_helpers`, at exit; a grader killed outright closes their
pipes, and they exit by themselves).
"""
from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import types
from pathlib import Path
from typing import Any, Iterator

from grader.sandbox import private
from grader.sandbox.channel import ConnectionChannel, FdChannel
from grader.sandbox.runners import Child, Key
from grader.sandbox.strays import LINUX, kill_group, reap_strays, stop_helpers

PRELOAD = ["grader.sandbox.warm"]
STATUS_WAIT = 5.0  # seconds to learn the exit code of a child known to have ended
CLOSE_WAIT = 5.0  # seconds for killed children to be gone at close

atexit.register(stop_helpers)  # the forkserver and the resource tracker end with the grader process


class Portable:
    """Spawner of multiprocessing children (prepare, pending, spawn, status, release, close)."""

    def __init__(self, start_method: str = "forkserver", channel: str = "fd") -> None:
        self._context: Any = multiprocessing.get_context(start_method)  # typeshed's BaseContext lacks Process
        self._start_method = start_method
        self._channel = channel
        self._queue: list[tuple[Key, Child]] = []  # prepared, in the order asked for
        self._in_use: dict[int, Child] = {}
        self._released: list[Any] = []  # processes killed but perhaps not yet gone
        self._root = private.make_root()
        self._private: dict[int, Path] = {}  # pid -> the child's private folder
        if start_method == "forkserver":
            start_forkserver()  # now, if runners.warm_up did not: it imports torch while pytest starts

    def prepare(self, key: Key) -> None:
        self._queue.append((key, self._start(key)))

    def pending(self, key: Key) -> int:
        """How many children are prepared for `key`."""
        return sum(k == key for k, _ in self._queue)

    def spawn(self, key: Key) -> Child:
        """The oldest child prepared for `key` (children for other keys wait their turn)."""
        if not self.pending(key):
            self.prepare(key)
        index = next(i for i, (k, _) in enumerate(self._queue) if k == key)
        child = self._queue.pop(index)[1]
        self._in_use[child.pid] = child
        return child

    def status(self, child: Child) -> int | None:
        """The child's exit code, negative for the signal that killed it; None if it is not known."""
        child.process.join(STATUS_WAIT)
        return child.process.exitcode

    def release(self, child: Child) -> None:
        child.channel.close()
        _kill(child.process)
        self._in_use.pop(child.pid, None)
        self._released.append(child.process)
        self._reap()
        child.process.join(STATUS_WAIT)  # gone before its folder is: nothing writes there any more
        private.remove(self._private.pop(child.pid, self._root / "-"))

    def close(self) -> None:
        for _, child in self._queue:  # prepared for checks that did not run
            self.release(child)
        self._queue.clear()
        for child in list(self._in_use.values()):
            self.release(child)
        for process in self._released:  # gone before their orphans are reaped
            process.join(CLOSE_WAIT)
        self._released.clear()
        if LINUX:
            reap_strays()
        private.remove(self._root)

    # ----- starting a child ------------------------------------------------------------------------

    def _start(self, key: Key) -> Child:
        # Not a daemon: multiprocessing forbids daemons children of their own, and student code may start some.
        folder, module, memory, *task = key
        tmp = private.make(self._root)
        requests_r, requests_w = self._context.Pipe(duplex=False)
        replies_r, replies_w = self._context.Pipe(duplex=False)
        process = self._context.Process(target=run, args=(Path(folder), module, requests_r, replies_w, memory,
                                                          self._channel, tmp, *task[:1]),
                                        name=f"kata {module}")
        try:
            spawn = self._start_method == "spawn"
            with _no_main(), _deaf_to_ctrl_c() if spawn else contextlib.nullcontext(), \
                    _single_threaded() if spawn else contextlib.nullcontext():
                process.start()
        finally:
            requests_r.close()
            replies_w.close()
        death, owned = _death_handle(process)
        channel: FdChannel | ConnectionChannel
        if self._channel == "fd":
            channel = FdChannel(os.dup(requests_w.fileno()), os.dup(replies_r.fileno()), death)
            requests_w.close()
            replies_r.close()
        else:
            channel = ConnectionChannel(requests_w, replies_r, death, owns_death=owned)
        self._private[process.pid] = tmp
        return Child(process.pid, channel, process)

    def _reap(self) -> None:
        if LINUX:  # the kata's orphans, and (spawn) its own dead process
            reap_strays(keep=set(self._in_use) | {c.pid for _, c in self._queue})
        self._released = [p for p in self._released if p.exitcode is None]


def start_forkserver() -> None:
    """Start the forkserver, preloading grader.sandbox.warm, unless it runs already; returns at once."""
    from multiprocessing import forkserver  # noqa: PLC0415 - POSIX only

    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    with _no_main(), _deaf_to_ctrl_c():
        forkserver.ensure_running()


def run(folder: Path, module: str, requests: Any, replies: Any, memory: int, channel: str, tmp: Path,
        task: str | None = None) -> None:
    """The child's entry point (target of its Process): do `task` (child.serve's) for `module` over
    the channel given, with `tmp` as the child's private folder."""
    import torch  # noqa: PLC0415 - preloaded by the forkserver; imported here by a spawned child

    from grader.sandbox import child  # noqa: PLC0415

    torch.set_num_threads(1)  # as the Linux runner's children: one thread each, the cores go to prepared ones
    if channel == "fd":
        framed = FdChannel(os.dup(replies.fileno()), os.dup(requests.fileno()))
        requests.close()
        replies.close()
        child.serve(folder, module, framed, memory, tmp, task)
    else:
        child.serve(folder, module, ConnectionChannel(replies, requests), memory, tmp, task)


def _death_handle(process: Any) -> tuple[Any, bool]:
    """What turns ready when the child ends, and whether the channel owns it: a pidfd on Linux (the
    child closes the fd behind a spawned child's sentinel), a copy of the sentinel elsewhere on POSIX,
    the process handle on Windows."""
    if hasattr(os, "pidfd_open"):
        try:
            return os.pidfd_open(process.pid), True
        except OSError:
            pass  # already ended and reaped by the forkserver: its sentinel says so
    if os.name == "posix":
        return os.dup(process.sentinel), True
    return process.sentinel, False


def _kill(process: Any) -> None:
    if os.name == "posix":
        kill_group(process.pid)  # the child leads its own process group (confine.py)
    else:
        process.kill()  # TerminateProcess: the processes it started live on (no job objects)


@contextlib.contextmanager
def _no_main() -> Iterator[None]:
    """Start children without the grader's __main__: multiprocessing would import it again in every
    child (the `kata` script, or `python -m grader.cli`, pulls in click, rich and pytest)."""
    real = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = real


@contextlib.contextmanager
def _single_threaded() -> Iterator[None]:
    """Start a new interpreter whose math libraries start no worker threads when it imports them
    (OpenBLAS does, with numpy): a child must have one thread while its walls go up (confine.py),
    and it computes on one thread anyway."""
    saved = {name: os.environ.get(name) for name in _THREAD_VARIABLES}
    os.environ.update(dict.fromkeys(_THREAD_VARIABLES, "1"))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@contextlib.contextmanager
def _deaf_to_ctrl_c() -> Iterator[None]:
    """Start a new interpreter (the forkserver, a spawned child) with SIGINT ignored, kept so through
    exec: Ctrl-C reaches the terminal's whole process group, and one still importing torch would
    print a traceback. The grader handles Ctrl-C and closes them; children take SIGINT back when
    they are confined. Only around the exec, which is quick: the grader stays deaf no longer."""
    deaf = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGINT")
    # Blocked as well as ignored: Linux keeps a blocked signal pending even while it is ignored, so
    # a Ctrl-C in this window reaches the grader once it listens again, instead of being lost.
    block = deaf and hasattr(signal, "pthread_sigmask")
    if block:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if deaf else None
    try:
        yield
    finally:
        if deaf:
            signal.signal(signal.SIGINT, previous)
        if block:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
