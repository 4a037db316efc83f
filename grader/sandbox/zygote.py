"""The Linux runner: a warm zygote, forked once from the grader, forks each kata's child ahead of need.

Forking a process that has imported torch costs milliseconds of page-table copying, and a new
child then spends more importing the student's module. The `Zygote` forks each kata's child ahead
of time, on the other core, while the grader checks the kata before it, and passes the grader
the child's pipe ends (SCM_RIGHTS). The grader waits on each child through a pidfd. The zygote
never runs student code, and children cannot signal it (confine.py). Linux only: runners.py
chooses it, and this module uses nothing Linux-only until a Zygote is made.
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import socket
from pathlib import Path

from grader.sandbox import child as child_main
from grader.sandbox import confine
from grader.sandbox import private
from grader.sandbox.channel import FdChannel
from grader.sandbox.runners import Child, Key
from grader.sandbox.strays import become_subreaper, kill_group, reap_strays, wait_gone, wait_status

_MESSAGE = 4096
ANSWER_WAIT = 60.0  # seconds the grader waits for any answer of the zygote (a fork under load is slow)
END_WAIT = 5.0  # seconds for a child known to have ended, or killed, to be reaped; for the zygote to exit


class ZygoteError(RuntimeError):
    """The zygote died or stopped answering: the grader's fault, never a student's."""


def _fork_child(key: Key, folder_for_tmp: Path, close: tuple = ()) -> tuple[int, int, int]:
    """Fork a child for `key`; returns its pid and this side's request and reply fds."""
    folder, module, memory, *task = key
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        for fd in (*close, req_w, rep_r):
            os.close(fd)
        child_main.serve(folder, module, FdChannel(rep_w, req_r), memory, folder_for_tmp, *task)
    os.close(req_r)
    os.close(rep_w)
    try:
        os.setpgid(pid, pid)
    except (PermissionError, ProcessLookupError):
        pass  # the child already did it, or already died: the sandbox reports which
    return pid, req_w, rep_r


class Zygote:
    """A process forked once from the grader that forks children ahead of need."""

    def __init__(self) -> None:
        become_subreaper()  # orphans of the zygote's own children come to it; the grader's rest here
        confine.warm()  # what every child's walls need, found once, before the fork
        self._root = private.make_root()
        self._sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._pid = os.fork()
        if self._pid == 0:
            self._sock.close()
            _zygote_main(theirs, self._root)
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

    def status(self, child: Child) -> int | None:
        """The child's exit code, negative for the signal that killed it (as multiprocessing's);
        None when it was not known in time (the zygote then killed it)."""
        self._send(("status", child.pid))
        while True:
            message = self._receive()
            if message[0] == "status" and message[1] == child.pid:
                return message[2]

    def release(self, child: Child) -> None:
        child.channel.close()
        kill_group(child.pid)
        self._send(("release", child.pid))

    def close(self) -> None:
        try:
            for _, prepared in self._queue:  # prepared for checks that did not run
                if prepared is not None:
                    self.release(prepared)
        except ZygoteError:
            pass  # it is gone already: what it made dies below
        self._queue.clear()
        self._sock.close()  # the zygote kills what is left and exits
        if not wait_gone(self._pid, END_WAIT):  # a zygote that hangs is killed, not waited on forever
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            wait_gone(self._pid, END_WAIT)
        reap_strays()
        private.remove(self._root)

    def _send(self, message: tuple) -> None:
        try:
            self._sock.send(pickle.dumps(message))
        except OSError as e:
            raise ZygoteError(f"the grader's zygote process is gone ({e})") from None

    def _receive(self) -> tuple:
        if not select.select([self._sock], [], [], ANSWER_WAIT)[0]:
            raise ZygoteError(f"the grader's zygote process did not answer within {ANSWER_WAIT:g} s")
        data, fds, _, _ = socket.recv_fds(self._sock, _MESSAGE, 2)
        if not data:
            raise ZygoteError("the grader's zygote process died")
        message = pickle.loads(data)
        if message[0] == "spawned":
            entry = next(e for e in self._queue if e[1] is None)
            entry[1] = Child(message[1], FdChannel(fds[0], fds[1], _pidfd(message[1])))
        return message


def _pidfd(pid: int) -> int:
    """A pidfd for the zygote's child: unreaped until the zygote hears "status" or "release", so it exists."""
    return os.pidfd_open(pid)


def _zygote_main(sock: socket.socket, root: Path) -> None:
    """The zygote's loop: spawn, report exit statuses, release; on EOF kill everything and exit."""
    try:
        # Ctrl-C reaches the whole foreground process group: the grader handles it and closes us.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        become_subreaper()  # the kata's orphans come here, and die with its release
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        keep = sorted({0, 1, 2, sock.fileno()})
        for low, high in zip(keep, keep[1:] + [os.sysconf("SC_OPEN_MAX")]):
            os.closerange(low + 1, high)
        live: dict[int, Path] = {}  # pid -> its private folder
        while True:
            data = sock.recv(_MESSAGE)
            if not data:
                break
            command, arg = pickle.loads(data)
            if command == "spawn":
                reap_strays(keep=live)
                folder = private.make(root)
                pid, requests, replies = _fork_child(arg, folder, close=(sock.fileno(),))
                live[pid] = folder
                socket.send_fds(sock, [pickle.dumps(("spawned", pid))], [requests, replies])
                os.close(requests)
                os.close(replies)
            elif command == "status":
                sock.send(pickle.dumps(("status", arg, _exit_code(arg))))
            elif command == "release":
                kill_group(arg)
                wait_gone(arg, END_WAIT)
                private.remove(live.pop(arg, root / "-"))
                reap_strays(keep=live)  # the kata's leftovers, reparented here, die with it
    finally:
        reap_strays()
        private.remove(root)
        os._exit(0)


def _exit_code(pid: int) -> int | None:
    """The exit code of a child the grader saw end; if it has not ended after all, it is killed."""
    gone, status = wait_status(pid, END_WAIT)
    if not gone:
        kill_group(pid)
        wait_gone(pid, END_WAIT)
    return None if status is None else os.waitstatus_to_exitcode(status)
