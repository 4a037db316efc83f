"""Processes student code leaves behind: killing a kata's process group, and adopting orphans.

On Linux the grader is a child subreaper: a kata's background processes, orphaned when their
kata's child dies, are reparented to it, and `reap_strays` kills them. macOS and Windows have no
subreaper: a process that left its kata's process group (macOS) or any subprocess (Windows, where
only the child itself is killed) can outlive the run; runners.py says so. multiprocessing's
forkserver and resource tracker (the portable runner's) are children of the grader but no strays:
they live as long as the grader process, and `stop_helpers` kills them at its exit.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path
from typing import Iterable

LINUX = sys.platform.startswith("linux")
_PR_SET_CHILD_SUBREAPER = 36
REAP_WAIT = 10.0  # seconds to kill a kata's leftovers, however many generations they come in


def kill_group(pid: int) -> None:
    """SIGKILL the process group led by `pid`, and `pid` itself in case it led none yet (POSIX)."""
    for kill in (getattr(os, "killpg", None), os.kill):
        if kill is None:
            continue
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def children() -> list[int]:
    """The process ids of this process's children (live or not yet reaped); empty off Linux."""
    pids = []
    try:
        for task in Path(f"/proc/{os.getpid()}/task").iterdir():
            pids += [int(p) for p in (task / "children").read_text().split()]
    except OSError:
        pass
    return pids


def reap_strays(keep: Iterable[int] = ()) -> None:
    """Kill and reap every child of this process but `keep` and multiprocessing's helpers: orphans
    left by student code come back here, since this process is a subreaper. Each round kills one
    generation (their own orphans come back next), until none is left or REAP_WAIT has passed."""
    keep = set(keep) | helpers()
    deadline = time.monotonic() + REAP_WAIT
    while time.monotonic() < deadline:
        strays = [pid for pid in children() if pid not in keep]
        if not strays:
            return
        for pid in strays:
            kill_group(pid)
        for pid in strays:
            wait_gone(pid, max(deadline - time.monotonic(), 0))


def wait_status(pid: int, seconds: float) -> tuple[bool, int | None]:
    """Reap the child `pid`, waiting at most `seconds`: (whether it is gone, its wait status; None
    when it was not our child or is still running)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return True, None
        if done:
            return True, status
        if time.monotonic() >= deadline:
            return False, None
        time.sleep(0.002)


def wait_gone(pid: int, seconds: float) -> bool:
    """Reap the child `pid`, waiting at most `seconds`; whether it is gone (or was not our child)."""
    return wait_status(pid, seconds)[0]


def _helper_objects() -> list:
    """multiprocessing's forkserver and resource tracker, where this process has loaded them."""
    found = []
    for module, name in (("multiprocessing.forkserver", "_forkserver"),
                         ("multiprocessing.resource_tracker", "_resource_tracker")):
        helper = getattr(sys.modules.get(module), name, None)
        if helper is not None:
            found.append(helper)
    return found


def helpers() -> set[int]:
    """The pids of multiprocessing's helper processes, children of the grader never to kill mid-run.
    multiprocessing has no public accessor for them."""
    pids = (getattr(h, "_forkserver_pid", None) or getattr(h, "_pid", None) for h in _helper_objects())
    return {pid for pid in pids if pid}


def stop_helpers() -> None:
    """Kill the forkserver and the resource tracker and let multiprocessing forget them (the next
    child starts new ones). Not a graceful stop: that waits on every process holding their pipes."""
    for pid in helpers():
        with contextlib.suppress(OSError):
            os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    for helper in _helper_objects():
        with contextlib.suppress(Exception):
            helper._stop()  # closes its pipe and reaps it


def become_subreaper() -> None:
    """Orphans of this process's descendants are reparented here, where reap_strays finds them."""
    if LINUX:
        import ctypes  # noqa: PLC0415 - a process-wide C library handle exists on Linux only

        ctypes.CDLL(None).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
