"""Where sandboxed children come from: forked on demand, or by a warm zygote ahead of need.

Forking a process that has imported torch costs milliseconds of page-table copying, and a new
child then spends more importing the student's module. The `Zygote` is forked once from the
grader; it forks each kata's child ahead of time, on the other core, while the grader checks
the kata before it. Both spawners hand out a `Child`: the process id and the grader's ends of
its two pipes. The zygote never runs student code, and children cannot signal it (confine.py).
"""
from __future__ import annotations

import os
import pickle
import signal
import socket
from dataclasses import dataclass
from pathlib import Path

from grader import child as child_main

_PR_SET_CHILD_SUBREAPER = 36
_MESSAGE = 4096


@dataclass(frozen=True)
class Child:
    pid: int
    requests: int  # fd to write requests to
    replies: int  # fd to read replies from


Key = tuple  # (folder, module, memory limit): what a child was prepared for


def _fork_child(folder: Path, module: str, memory: int, close: tuple = ()) -> Child:
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        for fd in close:
            os.close(fd)
        child_main.serve(folder, module, req_r, rep_w, memory)
    os.close(req_r)
    os.close(rep_w)
    try:
        os.setpgid(pid, pid)
    except (PermissionError, ProcessLookupError):
        pass  # the child already did it, or already died: the sandbox reports which
    return Child(pid, req_w, rep_r)


def kill_group(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def children() -> list[int]:
    """The process ids of this process's children (live or not yet reaped)."""
    pids = []
    try:
        for task in Path(f"/proc/{os.getpid()}/task").iterdir():
            pids += [int(p) for p in (task / "children").read_text().split()]
    except OSError:
        pass
    return pids


def reap_strays(keep: set = frozenset()) -> None:
    """Kill and reap every child of this process but `keep`: orphans left by student code
    come back here, since this process is a subreaper."""
    for _ in range(10):
        strays = [pid for pid in children() if pid not in keep]
        if not strays:
            return
        for pid in strays:
            kill_group(pid)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def become_subreaper() -> None:
    """Orphans of this process's descendants are reparented here, where reap_strays finds them."""
    import ctypes

    ctypes.CDLL(None).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


class Forker:
    """Forks each child from this process when it is needed."""

    def __init__(self) -> None:
        become_subreaper()

    def spawn(self, key: Key) -> Child:
        reap_strays()
        return _fork_child(*key)

    def status(self, pid: int) -> int:
        try:
            return os.waitpid(pid, 0)[1]
        except ChildProcessError:
            return 0

    def release(self, child: Child) -> None:
        for fd in (child.requests, child.replies):
            os.close(fd)
        kill_group(child.pid)  # reaped by the next reap_strays: teardown runs meanwhile

    def close(self) -> None:
        reap_strays()


class Zygote(Forker):
    """A process forked once from the grader that forks children ahead of need."""

    def __init__(self) -> None:
        super().__init__()
        self._sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._pid = os.fork()
        if self._pid == 0:
            self._sock.close()
            _zygote_main(theirs)
        theirs.close()
        self._queue: list = []  # [key, Child | None] per spawn asked for, in order

    def prepare(self, key: Key) -> None:
        self._send(("spawn", key))
        self._queue.append([key, None])

    def pending(self, key: Key) -> int:
        """How many children are prepared, or being prepared, for `key`."""
        return sum(entry[0] == key for entry in self._queue)

    def spawn(self, key: Key) -> Child:
        """The oldest child prepared for `key` (children for other keys wait their turn)."""
        if not self.pending(key):
            self.prepare(key)
        entry = next(e for e in self._queue if e[0] == key)
        while entry[1] is None:
            self._receive()
        self._queue.remove(entry)
        return entry[1]

    def status(self, pid: int) -> int:
        self._send(("status", pid))
        while True:
            message = self._receive()
            if message[0] == "status" and message[1] == pid:
                return message[2]

    def release(self, child: Child) -> None:
        for fd in (child.requests, child.replies):
            os.close(fd)
        kill_group(child.pid)
        self._send(("release", child.pid))

    def close(self) -> None:
        for _, prepared in self._queue:  # prepared for checks that did not run
            if prepared is not None:
                self.release(prepared)
        self._sock.close()  # the zygote kills what is left and exits
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass
        reap_strays()

    def _send(self, message: tuple) -> None:
        self._sock.send(pickle.dumps(message))

    def _receive(self) -> tuple:
        data, fds, _, _ = socket.recv_fds(self._sock, _MESSAGE, 2)
        if not data:
            raise RuntimeError("the grader's zygote process died")
        message = pickle.loads(data)
        if message[0] == "spawned":
            entry = next(e for e in self._queue if e[1] is None)
            entry[1] = Child(message[1], fds[0], fds[1])
        return message


def _zygote_main(sock: socket.socket) -> None:
    """The zygote's loop: spawn, report exit statuses, release; on EOF kill everything and exit."""
    try:
        become_subreaper()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        keep = sorted({0, 1, 2, sock.fileno()})
        for low, high in zip(keep, keep[1:] + [os.sysconf("SC_OPEN_MAX")]):
            os.closerange(low + 1, high)
        live: set[int] = set()
        while True:
            data = sock.recv(_MESSAGE)
            if not data:
                break
            command, arg = pickle.loads(data)
            if command == "spawn":
                reap_strays(keep=live)
                made = _fork_child(*arg, close=(sock.fileno(),))
                live.add(made.pid)
                socket.send_fds(sock, [pickle.dumps(("spawned", made.pid))], [made.requests, made.replies])
                os.close(made.requests)
                os.close(made.replies)
            elif command == "status":
                try:
                    status = os.waitpid(arg, 0)[1]
                except ChildProcessError:
                    status = 0
                live.discard(arg)
                sock.send(pickle.dumps(("status", arg, status)))
            elif command == "release":
                kill_group(arg)
                live.discard(arg)
                reap_strays(keep=live)  # the kata's leftovers, reparented here, die with it
    finally:
        reap_strays()
        os._exit(0)
