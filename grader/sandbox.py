"""The isolating runner's grader side: student code runs in sandboxed children; only plain data comes back.

One child serves one kata: a spawner (runners.py) makes it ahead of need, it imports the
student's module once, and answers calls. Each call has a time limit, after which the child's
whole process group is killed; where the OS allows, the child also has a memory limit. Whatever
the module does to global state dies with its child. The Sandbox neither knows nor cares which
runner made the child: it talks through the child's channel (channel.py).
"""
from __future__ import annotations

import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from grader import protocol, runners, wire
from grader.channel import CLOSED, DATA, TOO_BIG
from grader.limits import Limits

REPLY_LIMIT = 256 * 1024**2
SETUP_TIMEOUT = 60.0  # seconds for a child to put up its walls: a spawned one imports torch first


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


class SandboxSetupError(Exception):
    """The sandbox itself failed before any student code ran: the grader's fault, not the student's."""


class Sandbox:
    """A child process serving calls to one student module. Use as a context manager.

    Without a spawner it starts one of its own (runners.start()) and closes it with itself."""

    def __init__(self, folder: Path, module: str, limits: Limits = Limits(),
                 spawner: runners.Spawner | None = None) -> None:
        self.folder, self.module, self.limits = Path(folder), module, limits
        self._own_spawner = spawner is None
        self._spawner = runners.start() if spawner is None else spawner
        self._child: runners.Child | None = None
        self._failure: Exception | None = None

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
        """Call `function` in the child; raise StudentError when no answer comes back, and
        SandboxSetupError when the child could not be set up."""
        if self._child is None and self._failure is None:
            self._start()
        if self._failure is not None:
            raise self._failure
        request = {"module": self.module, "function": function, "args": tuple(args),
                   "kwargs": dict(kwargs or {}), "setup": tuple(setup), "probes": tuple(probes)}
        self._running.channel.send(protocol.dumps(request))
        return self._answer(self._reply(f"{function}()"), function)

    def close(self) -> None:
        if self._child is not None:
            self._spawner.release(self._child)
            self._child = None
        if self._own_spawner:
            self._spawner.close()
            self._own_spawner = False

    # ----- the child's life --------------------------------------------------------------------

    def _start(self) -> None:
        self._child = self._spawner.spawn(self.key)
        kind, *rest = self._reply("setting up the sandbox", SETUP_TIMEOUT, setting_up=True)
        if kind == protocol.SETUP_FAILED:
            self._fail(SandboxSetupError(f"the sandbox could not be set up: {rest[0] if rest else '?'}"))
        if kind != protocol.SET_UP:
            self._fail(SandboxSetupError(f"the sandbox sent {kind!r} before it was set up"))
        reply = self._reply(f"importing {self.module}.py")
        if len(reply) != 4:  # student code has run: a forged reply is its own fault
            self._fail(StudentError(f"importing {self.module}.py sent back an unknown reply"))
        kind, message, where, output = reply
        if kind != "ready":
            self._fail(StudentError(str(message), where if isinstance(where, str) else None, str(output)))

    @property
    def _running(self) -> runners.Child:
        assert self._child is not None, "no child yet: call() starts one"
        return self._child

    def _fail(self, error: Exception) -> NoReturn:
        self._failure = error
        self.close()
        raise error

    def _reply(self, doing: str, timeout: float | None = None, setting_up: bool = False) -> tuple:
        """Read one reply within the time limit; silence, death or garbage raise StudentError, or
        SandboxSetupError while `setting_up` (no student code has run yet)."""
        fault = SandboxSetupError if setting_up else StudentError
        timeout = self.limits.timeout if timeout is None else timeout
        got = self._running.channel.receive(time.monotonic() + timeout, REPLY_LIMIT)
        if got.kind == DATA:
            try:
                return protocol.load_reply(got.data)
            except ValueError as e:  # forged or broken bytes are the student's fault
                self._fail(fault(f"{doing} sent back unreadable data ({e})"))
        if got.kind == TOO_BIG:
            self._fail(fault(f"{doing} returned more than {REPLY_LIMIT >> 20} MB of data"))
        if got.kind == CLOSED:
            self._fail(SandboxSetupError(f"the sandbox process ended while {doing}") if setting_up
                       else StudentError(self._death(doing)))
        self._fail(SandboxSetupError(f"the sandbox was not set up within {timeout:g} s") if setting_up
                   else StudentError(f"timed out after {timeout:g} s: {doing} did not finish "
                                     "(an endless loop, or far too much work?)"))

    def _death(self, doing: str) -> str:
        code = self._spawner.status(self._running)
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"the Python process crashed ({name}) during {doing}"
        if code is not None and code >= 0xC0000000:  # a Windows NTSTATUS: an access violation and the like
            return f"the Python process crashed (error {code:#x}) during {doing}"
        shown = "unknown" if code is None else code
        return f"the Python process exited (status {shown}) during {doing}: " \
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

