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

from grader.i18n import N_, _
from grader.sandbox import protocol, source
from grader.sandbox import runners
from grader.sandbox import wire
from grader.sandbox.channel import CLOSED, DATA, TIMED_OUT, TOO_BIG
from grader.sandbox.limits import Limits

REPLY_LIMIT = wire.MAX_DATA + wire.MAX_TEXT + (1 << 20)  # bytes of one reply on the wire
SETUP_TIMEOUT = 60.0  # seconds for a child to put up its walls: a spawned one imports torch first
TEXT_LIMIT = 4000  # characters kept of any text a child sends (messages, printed output)

# What a student is told when no answer came back, one format string each, translated where used
# (grader/i18n.py). {doing} is CALLING or IMPORTING.
CALLING = "{function}()"
IMPORTING = N_("importing {file}")
TIMED_OUT = N_("timed out after {limit} s: {doing} did not finish (an endless loop, or far too much work?)")
CRASHED = N_("the Python process crashed ({signal}) during {doing}")
EXITED = N_("the Python process exited (status {status}) during {doing}: do not call exit() or os._exit() in a kata")
UNKNOWN_STATUS = N_("unknown")
UNREADABLE_VALUE = N_("{function}() returned a value the grader cannot read ({error})")
UNREADABLE_DATA = N_("{doing} sent back unreadable data ({error})")
TOO_MUCH_DATA = N_("{doing} returned more than {size} MB of data")
UNKNOWN_REPLY = N_("{doing} sent back an unknown reply")


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

    Without a spawner it starts one of its own (runners.start()) and closes it with itself.
    Every wait on a child has a deadline of the grader's own clock; at the deadline the child's
    whole process tree is killed (the spawner's release)."""

    def __init__(self, folder: Path, module: str, limits: Limits = Limits(),
                 spawner: runners.Spawner | None = None) -> None:
        self.folder, self.module, self.limits = Path(folder), module, limits
        self._own_spawner = spawner is None
        self._spawner = runners.start() if spawner is None else spawner
        self._child: runners.Child | None = None
        self._failure: Exception | None = None
        self._source: str | None = None

    @property
    def key(self) -> tuple:
        """What a spawner prepares a child for."""
        return runners.child_key(self.folder, self.module, self.limits.memory)

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
        doing = CALLING.format(function=function)
        deadline = time.monotonic() + self.limits.timeout
        try:
            self._send(self._running, protocol.dumps(request), doing, deadline)
            reply = self._reply(self._running, doing, deadline)
        except (StudentError, SandboxSetupError) as e:
            self._fail(e)
        return self._answer(reply, function)

    def source(self) -> str:
        """The text of the student's module file, as Python would read it (coding cookie, BOM).

        Read once, by a child confined exactly as for a call but that imports nothing: as the
        child's user and inside its walls, never as the grader. The file must be a regular file of
        at most source.LIMIT bytes; anything else (missing, a link, a device, too big, not
        decodable) raises StudentError with a message that names the file and says why."""
        if self._source is None:
            child = self._spawner.spawn(self.key + (protocol.SOURCE,))
            doing = f"reading {self.module}.py"
            try:
                self._set_up(child)
                reply = self._reply(child, doing, time.monotonic() + self.limits.timeout)
            except StudentError as e:  # no student code runs in this child: whatever went wrong is ours
                raise SandboxSetupError(f"the sandbox failed {doing}: {e.message}") from None
            finally:
                self._spawner.release(child)
            if len(reply) == 2 and reply[0] == protocol.SOURCE and type(reply[1]) is str:
                self._source = _clean(reply[1])
            elif len(reply) == 2 and reply[0] == protocol.SOURCE_ERROR:
                raise StudentError(_words(reply[1]))
            else:
                raise SandboxSetupError(f"{doing} sent back an unknown reply")
        return self._source

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
        try:
            self._set_up(self._child)
            reply = self._reply(self._child, _(IMPORTING).format(file=f"{self.module}.py"),
                                time.monotonic() + self.limits.timeout)
        except (StudentError, SandboxSetupError) as e:
            self._fail(e)
        if len(reply) != 4 or reply[0] not in ("ready", "import_error"):  # student code has run: its own fault
            self._fail(StudentError(_(UNKNOWN_REPLY).format(doing=_(IMPORTING).format(file=f"{self.module}.py"))))
        kind, message, where, output = reply
        if kind != "ready":
            self._fail(StudentError(_words(message), _where(where), _text(output)))

    def _set_up(self, child: runners.Child) -> None:
        """Wait for the child's walls; SandboxSetupError if they could not be put up (no student code has run)."""
        kind, *rest = self._reply(child, "setting up the sandbox", time.monotonic() + SETUP_TIMEOUT, setting_up=True)
        if kind == protocol.SETUP_FAILED:
            raise SandboxSetupError(f"the sandbox could not be set up: {_text(rest[0]) if rest else '?'}")
        if kind != protocol.SET_UP:
            raise SandboxSetupError(f"the sandbox sent {_text(kind)!r} before it was set up")

    @property
    def _running(self) -> runners.Child:
        assert self._child is not None, "no child yet: call() starts one"
        return self._child

    def _fail(self, error: Exception) -> NoReturn:
        self._failure = error
        self.close()
        raise error

    def _send(self, child: runners.Child, data: bytes, doing: str, deadline: float) -> None:
        """Send a request within the time limit: a child that reads none of it, or has closed its
        end, gets the same verdicts as one that does not answer."""
        failed = child.channel.send(data, deadline)
        if failed == CLOSED:
            raise StudentError(self._ended(child, doing, deadline))
        if failed == TIMED_OUT:
            raise StudentError(self._timed_out(doing))

    def _reply(self, child: runners.Child, doing: str, deadline: float, setting_up: bool = False) -> tuple:
        """Read one reply by `deadline`; silence, death or garbage raise StudentError, or
        SandboxSetupError while `setting_up` (no student code has run yet)."""
        fault = SandboxSetupError if setting_up else StudentError
        got = child.channel.receive(deadline, REPLY_LIMIT)
        if got.kind == DATA:
            try:
                return protocol.load_reply(got.data)
            except ValueError as e:  # forged or broken bytes are the student's fault
                raise fault(_(UNREADABLE_DATA).format(doing=doing, error=_text(str(e), 200))) from None
        if got.kind == TOO_BIG:
            raise fault(_(TOO_MUCH_DATA).format(doing=doing, size=REPLY_LIMIT >> 20))
        if got.kind == CLOSED:
            if setting_up:
                raise SandboxSetupError(f"the sandbox process ended while {doing}")
            raise StudentError(self._ended(child, doing, deadline))
        if setting_up:
            raise SandboxSetupError(f"the sandbox was not set up within {SETUP_TIMEOUT:g} s")
        raise StudentError(self._timed_out(doing))

    def _ended(self, child: runners.Child, doing: str, deadline: float) -> str:
        """Why a child that hung up gave no answer: it died, or it lives on without its channel
        (it closed its file descriptors), which counts as running out of time."""
        if not child.channel.wait_ended(deadline):
            return self._timed_out(doing)
        return self._death(child, doing)

    def _timed_out(self, doing: str) -> str:
        return _(TIMED_OUT).format(limit=f"{self.limits.timeout:g}", doing=doing)

    def _death(self, child: runners.Child, doing: str) -> str:
        code = self._spawner.status(child)
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return _(CRASHED).format(signal=name, doing=doing)
        if code is not None and code >= 0xC0000000:  # a Windows NTSTATUS: an access violation and the like
            return _(CRASHED).format(signal=f"error {code:#x}", doing=doing)
        shown = _(UNKNOWN_STATUS) if code is None else code
        return _(EXITED).format(status=shown, doing=doing)

    def _answer(self, reply: tuple, function: str) -> Call:
        kind = reply[0]
        if kind == "missing" and len(reply) == 3:
            raise StudentError(_words(reply[1]), output=_text(reply[2]))
        if kind in ("raised", "unreadable") and len(reply) == 4 and type(reply[1]) is dict:
            info, duration, output = reply[1], _seconds(reply[2]), _text(reply[3])
            raised = Raised(type=_text(info.get("type"), 200), message=_text(info.get("message")),
                            where=_where(info.get("where")))
            if kind == "unreadable":
                raise StudentError(_(UNREADABLE_VALUE).format(function=function, error=raised),
                                   raised.where, output)
            return Call(raised=raised, duration=duration, output=output)
        if kind == "returned" and len(reply) == 8 and type(reply[4]) is dict and type(reply[5]) is dict:
            _kind, value, args, kwargs, before, after, duration, output = reply
            budget = wire.Budget()  # one for the whole reply: what it shares is counted each time
            try:
                return Call(value=wire.decode(value, budget), args=wire.decode(args, budget),
                            kwargs=wire.decode(kwargs, budget),
                            before={_text(k, 100): wire.decode(v, budget) for k, v in before.items()},
                            after={_text(k, 100): wire.decode(v, budget) for k, v in after.items()},
                            duration=_seconds(duration), output=_text(output))
            except (ValueError, TypeError, KeyError, IndexError, RuntimeError, OverflowError, MemoryError) as e:
                raise StudentError(_(UNREADABLE_DATA).format(doing=CALLING.format(function=function),
                                                             error=_text(str(e), 200))) from None
        self._fail(StudentError(_(UNKNOWN_REPLY).format(doing=CALLING.format(function=function))))


def _clean(text: str) -> str:
    """Text that encodes as UTF-8: a child's lone surrogates become escapes ("\\ud800")."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _words(message: object) -> str:
    """A child's message for the student in the language in use: a pair (msgid, values) of
    protocol.MESSAGES; anything else is taken as plain text."""
    if type(message) is tuple and len(message) == 2 and message[0] in protocol.MESSAGES and type(message[1]) is dict:
        values = {k: _text(v) for k, v in message[1].items() if type(k) is str}
        values = {k: _(v) if v in source.WORDS else v for k, v in values.items()}
        try:
            return _(message[0]).format(**values)
        except (KeyError, IndexError, ValueError):  # values missing: what the student sent is not ours to word
            return _text(message[0])
    return _text(message)


def _text(value: Any, limit: int = TEXT_LIMIT) -> str:
    """A child's text, bounded and safe to encode; anything that is not a str is dropped."""
    return _clean(value[:limit]) if type(value) is str else ""


def _where(value: Any) -> str | None:
    return _text(value, 300) or None


def _seconds(value: Any) -> float:
    return float(value) if type(value) in (int, float) and 0 <= value < 1e9 else 0.0
