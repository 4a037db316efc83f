"""The isolating runner: student code runs in forked children; only plain data comes back.

One child serves one kata: it is forked from the grader (torch already imported, so a child
costs milliseconds, not a torch import), imports the student's module once, and answers calls.
Each call has a time limit, after which the child's whole process group is killed; the child
also has an address-space limit. Whatever the module does to global state dies with its child.
"""
from __future__ import annotations

import ctypes
import os
import select
import signal
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader import child, wire
from grader.limits import Limits
from grader import spawner as spawner_

REPLY_LIMIT = 256 * 1024**2
_PR_SET_DUMPABLE = 4


@dataclass(frozen=True)
class Raised:
    """An exception the student's code raised, as plain facts."""

    type: str
    message: str
    where: str | None  # "s03_creating.py:12", the last line of the student's own file it passed

    def __str__(self) -> str:
        text = f"{self.type}: {self.message}" if self.message else self.type
        return f"{text} ({self.where})" if self.where else text


@dataclass(frozen=True)
class Call:
    """One call of a student function: what it returned or raised, and what it left behind."""

    value: Any = None
    raised: Raised | None = None
    args: tuple = ()  # the arguments as they were after the call
    kwargs: dict = field(default_factory=dict)
    before: dict = field(default_factory=dict)  # probe name -> value, read just before the call
    after: dict = field(default_factory=dict)  # probe name -> value, read just after it
    duration: float = 0.0
    output: str = ""  # what the student printed


class StudentError(Exception):
    """The student's code gave no answer: it could not be imported, raised, ran out of time or died.

    `where` is the student's file and line when known.
    """

    def __init__(self, message: str, where: str | None = None, output: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.output = output


def harden_grader() -> None:
    """Make this process unreadable to its children: no /proc/<pid>/mem or fd access, no tracing."""
    libc = _libc()
    if libc is not None:
        libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)


class Sandbox:
    """A child process serving calls to one student module. Use as a context manager."""

    def __init__(self, folder: Path, module: str, limits: Limits = Limits(),
                 spawner: spawner_.Forker | None = None) -> None:
        self.folder, self.module, self.limits = Path(folder), module, limits
        self._spawner = spawner or spawner_.Forker()
        self._child: spawner_.Child | None = None
        self._failure: StudentError | None = None

    @property
    def key(self) -> tuple:
        """What a spawner prepares a child for."""
        return (self.folder, self.module, self.limits.memory)

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, function: str, args: tuple = (), kwargs: dict | None = None,
             setup: tuple = (), probes: tuple = ()) -> Call:
        """Call `function` in the child; raise StudentError when no answer comes back."""
        if self._child is None and self._failure is None:
            self._start()
        if self._failure is not None:
            raise self._failure
        request = {"module": self.module, "function": function, "args": tuple(args),
                   "kwargs": dict(kwargs or {}), "setup": tuple(setup), "probes": tuple(probes)}
        child._send(self._requests, request)
        return self._answer(self._reply(f"{function}()"), function)

    def close(self) -> None:
        if self._child is None:
            return
        os.close(self._pidfd)
        self._spawner.release(self._child)
        self._child = None

    # ----- the child's life --------------------------------------------------------------------

    def _start(self) -> None:
        self._child = self._spawner.spawn(self.key)
        self._requests, self._replies = self._child.requests, self._child.replies
        self._pidfd = os.pidfd_open(self._child.pid)
        kind, message, where, output = self._reply(f"importing {self.module}.py")
        if kind != "ready":
            self._fail(StudentError(message, where, output))

    def _fail(self, error: StudentError) -> None:
        self._failure = error
        self.close()
        raise error

    def _reply(self, doing: str) -> tuple:
        """Read one framed reply within the time limit; turn silence or death into StudentError."""
        deadline = time.monotonic() + self.limits.timeout
        buffer = bytearray()
        needed = child.HEADER.size
        have_header = False
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._replies, self._pidfd], [], [], max(left, 0))
            if self._replies in ready:
                chunk = os.read(self._replies, 1 << 20)
                if chunk:
                    buffer += chunk
                    if not have_header and len(buffer) >= needed:
                        size = struct.unpack_from("<Q", buffer)[0]
                        if size > REPLY_LIMIT:
                            self._fail(StudentError(f"{doing} returned more than {REPLY_LIMIT >> 20} MB of data"))
                        needed, have_header = child.HEADER.size + size, True
                    if have_header and len(buffer) >= needed:
                        return self._decode(bytes(buffer[child.HEADER.size:needed]), doing)
                    continue
            if self._pidfd in ready and self._replies not in ready or (self._replies in ready and not chunk):
                self._fail(StudentError(self._death(doing)))
            if time.monotonic() >= deadline:
                self._fail(StudentError(f"timed out after {self.limits.timeout:g} s: {doing} did not finish "
                                        "(an endless loop, or far too much work?)"))

    def _decode(self, data: bytes, doing: str) -> tuple:
        try:
            reply = wire.loads(data)
            if type(reply) is not tuple or not reply:
                raise ValueError("not a reply")
            return reply
        except Exception as e:  # noqa: BLE001 - forged or broken bytes are the student's fault
            self._fail(StudentError(f"{doing} sent back unreadable data ({e})"))

    def _death(self, doing: str) -> str:
        status = self._spawner.status(self._child.pid)
        if os.WIFSIGNALED(status):
            sig = signal.Signals(os.WTERMSIG(status)).name
            return f"the Python process crashed ({sig}) during {doing}"
        return f"the Python process exited (status {os.WEXITSTATUS(status)}) during {doing}: " \
               "do not call exit() or os._exit() in a kata"

    def _answer(self, reply: tuple, function: str) -> Call:
        kind = reply[0]
        if kind == "missing":
            raise StudentError(str(reply[1]), output=str(reply[2]))
        if kind in ("raised", "unreadable"):
            info, duration, output = reply[1], float(reply[2]), str(reply[3])
            raised = Raised(type=str(info["type"]), message=str(info["message"]), where=info["where"])
            if kind == "unreadable":
                raise StudentError(f"{function}() returned a value the grader cannot read ({raised})",
                                   raised.where, output)
            return Call(raised=raised, duration=duration, output=output)
        if kind == "returned":
            _, value, args, kwargs, before, after, duration, output = reply
            try:
                return Call(value=wire.decode(value), args=wire.decode(args), kwargs=wire.decode(kwargs),
                            before={str(k): wire.decode(v) for k, v in before.items()},
                            after={str(k): wire.decode(v) for k, v in after.items()},
                            duration=float(duration), output=str(output))
            except (ValueError, TypeError, KeyError, RuntimeError) as e:
                self._fail(StudentError(f"{function}() sent back unreadable data ({e})"))
        self._fail(StudentError(f"{function}() sent back an unknown reply"))


def _libc() -> Any:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
