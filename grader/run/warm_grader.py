"""`kata watch`'s handle on its long-lived grading process (grading_server.py): start it once, ask
it to grade each saved module, and replace it when it crashes or stops answering, so that the
watch never waits forever. Imports no torch: the watch itself stays light.

A process that dies during a grade is replaced and asked again at once; one that stays silent
longer than a check can take is killed, with its zygote and children, and the grade is reported
as the grader's failure; the next save starts a fresh process.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from multiprocessing.connection import Connection
from typing import Any

from grader.i18n import N_, _
from grader.results import Report
from grader.run.request import GradeRequest, UsageError

SERVER = [sys.executable, "-m", "grader.run.grading_server"]
START_WAIT = 300.0  # seconds to import torch and collect every check (a loaded machine is slow)
SETUP_WAIT = 60.0  # seconds a child may take to put up its walls (sandbox/parent.py's SETUP_TIMEOUT)
CALLS_PER_CHECK = 10  # a check that times out more often than this is silent too long: the process hangs
END_WAIT = 2.0  # seconds for the process to end by itself when the watch closes it

EXITED = N_("the grading process stopped unexpectedly (exit status {status}); the next save starts a new one")
KILLED = N_("the grading process was killed by signal {signal}; the next save starts a new one")
HUNG = N_("the grading process gave no answer for {seconds:.0f} s and was stopped; the next save starts a new one")


class GradingProcessError(RuntimeError):
    """The grading process failed: the grader's fault, never the student's."""


class _Lost(Exception):
    """The process died (`crashed`) or stopped answering."""

    def __init__(self, message: str, crashed: bool) -> None:
        super().__init__(message)
        self.crashed = crashed


class WarmGrader:
    """Grades requests in one long-lived process, started on the first request."""

    def __init__(self, command: list[str] | None = None, start_wait: float = START_WAIT,
                 check_wait: float | None = None) -> None:
        self.command = command or SERVER
        self.start_wait, self.check_wait = start_wait, check_wait
        self._process: subprocess.Popen | None = None
        self._requests: Connection | None = None
        self._replies: Connection | None = None

    def grade(self, request: GradeRequest) -> Report:
        """The Report of `request`; UsageError as `kata grade` raises it; GradingProcessError when
        the process failed (it is replaced: the next grade starts a new one)."""
        for attempt in (1, 2):
            try:
                return self._ask(request)
            except _Lost as e:
                self.close()
                if not e.crashed or attempt == 2:  # a hang already cost its wait: not twice
                    raise GradingProcessError(str(e)) from None
        raise AssertionError("unreachable")

    def close(self) -> None:
        """End the process: end of file asks it to exit; one busy or hung is killed, with its group."""
        process, self._process = self._process, None
        for connection in (self._requests, self._replies):
            if connection is not None:
                connection.close()
        self._requests = self._replies = None
        if process is None:
            return
        try:
            process.wait(END_WAIT)
        except subprocess.TimeoutExpired:
            _kill(process)

    def _ask(self, request: GradeRequest) -> Report:
        if self._process is None:
            self._start()
        assert self._requests is not None
        try:
            self._requests.send(request)
        except OSError:
            raise self._lost() from None
        silence = self.check_wait or SETUP_WAIT + CALLS_PER_CHECK * request.limits.timeout
        while True:
            kind, *rest = self._receive(silence)
            if kind == "report":
                return rest[0]
            if kind == "usage":
                raise UsageError(rest[0])
            if kind == "error":
                raise GradingProcessError(rest[0])

    def _start(self) -> None:
        requests_r, requests_w = os.pipe()
        replies_r, replies_w = os.pipe()
        try:
            # A session of its own: the terminal's Ctrl-C is the watch's to handle, and killing the
            # group takes the zygote along (the children die with it: PR_SET_PDEATHSIG).
            self._process = subprocess.Popen([*self.command, str(requests_r), str(replies_w)],
                                             pass_fds=(requests_r, replies_w), stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                             start_new_session=True)
        finally:
            os.close(requests_r)
            os.close(replies_w)
        self._requests = Connection(requests_w, readable=False)
        self._replies = Connection(replies_r, writable=False)
        if self._receive(self.start_wait)[0] != "ready":
            raise self._lost()

    def _receive(self, seconds: float) -> tuple[Any, ...]:
        assert self._replies is not None and self._process is not None
        try:
            if self._replies.poll(seconds):
                return self._replies.recv()
        except (EOFError, OSError):
            raise self._lost() from None
        _kill(self._process)
        raise _Lost(_(HUNG).format(seconds=seconds), crashed=False)

    def _lost(self) -> _Lost:
        assert self._process is not None
        try:
            code = self._process.wait(END_WAIT)
        except subprocess.TimeoutExpired:
            _kill(self._process)
            code = self._process.returncode
        if code is not None and code < 0:
            return _Lost(_(KILLED).format(signal=-code), crashed=True)
        return _Lost(_(EXITED).format(status=code), crashed=True)


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
