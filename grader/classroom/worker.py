"""A grading worker of `kata grade-all`: `python -m grader.classroom.worker [--once]`.

Warm (the default, Linux): the worker imports torch and the grader once, says it is ready, then
reads jobs, one JSON line each on stdin. For each job it forks a fresh grading process that
grades the submission with `grade()`, exactly as `kata grade` would, and sends the Report back as
`Report.to_record()` data (JSON over a pipe); the worker answers with one JSON line (an Outcome)
on stdout. The worker never runs student code itself (the sandbox's children do), and grades
one submission at a time. Each grading process:
- has a session and process group of its own, so its own sandbox (zygote, children, walls);
- has a wall-clock limit, after which its group is killed;
- dies with the worker (a parent-death signal).
The worker is a child subreaper: whatever the submission left behind, a `setsid` background
process included, is reparented to it, and the worker kills that whole tree before it answers.
When a row is done, nothing of that submission runs any more. End of file on stdin ends the
worker, after killing the tree of a job it is running.

`--once`: one job from stdin, graded in this very process without forking, one Outcome on
stdout. This is the fallback where fork is not available: a fresh interpreter (and a torch
import) per submission, killed by process group at the limit by the batch (workers.py).
"""
from __future__ import annotations

import gc
import json
import os
import select
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NoReturn

from grader import i18n
from grader.i18n import N_, _
from grader.sandbox import strays

REASON_LIMIT = 500  # characters of a reason kept in the gradebook
RESULT_LIMIT = 64 * 1024**2  # bytes of one report record: a whole catalogue's is tens of kilobytes
REAP_TIMEOUT = 10.0  # seconds to kill and reap a submission's tree
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Job:
    """One submission to grade, and how."""

    student: str
    katas: str  # the folder with the kata files
    sections: tuple[str, ...]
    seed: int
    timeout: float  # seconds per call of student code
    memory: int  # extra bytes per kata
    limit: float  # wall-clock seconds for the whole submission
    lang: str | None = None  # the language of the checks' messages, as `kata grade --lang` takes it

    def dumps(self) -> bytes:
        return json.dumps(asdict(self)).encode() + b"\n"

    @classmethod
    def loads(cls, data: bytes) -> Job:
        fields = json.loads(data)
        return cls(**dict(fields, sections=tuple(fields["sections"])))


@dataclass(frozen=True)
class Outcome:
    """What grading one submission gave: the Report's record, or why there is none."""

    record: dict[str, Any] | None = None  # Report.to_record()
    error: str = ""  # why there is no report, in words an instructor can act on
    duration: float = 0.0

    def dumps(self) -> bytes:
        return json.dumps(asdict(self)).encode() + b"\n"

    @classmethod
    def loads(cls, data: bytes) -> Outcome:
        fields = json.loads(data)
        return cls(record=fields["record"], error=str(fields["error"]), duration=float(fields["duration"]))


class Lines:
    """Newline-ended messages read from a pipe, each within a deadline (POSIX: select on pipes)."""

    def __init__(self, fd: int, limit: int = RESULT_LIMIT + 4096) -> None:
        self.fd, self.limit, self.buffer = fd, limit, bytearray()

    def read(self, deadline: float | None = None) -> bytes | None:
        """The next line, without its newline; b"" at end of file; None when `deadline` came first."""
        while b"\n" not in self.buffer:
            if len(self.buffer) > self.limit:
                raise ValueError(_("a message longer than {limit} bytes").format(limit=self.limit))
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not select.select([self.fd], [], [], timeout)[0]:
                return None
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                return b""
            self.buffer += chunk
        line, __, rest = bytes(self.buffer).partition(b"\n")
        self.buffer = bytearray(rest)
        return line


def clip(text: str) -> str:
    return text if len(text) <= REASON_LIMIT else text[: REASON_LIMIT - 1] + "…"


def limit_reason(limit: float) -> str:
    return _("took longer than {seconds} s and was stopped").format(seconds=f"{limit:g}")


# Why a grading process gave no report, one whole sentence per case (what was wrong, and whether
# it wrote to stderr), so that a translation can put each part where its language wants it.
NO_REPORT = {
    (None, False): N_("the grading process exited with status {status} and no valid report"),
    (None, True): N_("the grading process exited with status {status} and no valid report; stderr: {stderr}"),
    ("error", False): N_("the grading process exited with status {status} and no valid report ({error})"),
    ("error", True): N_("the grading process exited with status {status} and no valid report ({error}); "
                        "stderr: {stderr}"),
    ("size", False): N_("the grading process exited with status {status} and no valid report (more than {size} MB)"),
    ("size", True): N_("the grading process exited with status {status} and no valid report (more than {size} MB); "
                       "stderr: {stderr}"),
}


def no_report_reason(code: int | None, error: str, err: str, too_big: bool = False) -> str:
    """Why a grading process gave no report: how it ended, what was wrong with what it sent (`error`,
    the exception reading it, or `too_big`: over RESULT_LIMIT), and its last line of stderr."""
    lines = [line.strip() for line in err.strip().splitlines() if line.strip()]
    case = "size" if too_big else "error" if error else None
    return clip(_(NO_REPORT[case, bool(lines)]).format(status=_status(code), error=error, size=RESULT_LIMIT >> 20,
                                                       stderr=lines[-1] if lines else ""))


def _status(code: int | None) -> str:
    if code is None:
        return _("unknown")
    if code < 0:
        try:
            return f"{code} ({signal.Signals(-code).name})"
        except ValueError:
            pass
    return str(code)


def grade_record(job: Job) -> dict[str, Any]:
    """{"record": the Report's record} or {"error": why not}: what `kata grade` would report."""
    with i18n.speaking(job.lang):  # the reasons, like the checks' messages, in the job's language
        return _grade_record(job)


def _grade_record(job: Job) -> dict[str, Any]:
    try:
        from grader.run.grading import grade  # noqa: PLC0415 - torch: already imported by a warm worker
        from grader.run.request import GradeRequest, UsageError  # noqa: PLC0415
        from grader.sandbox.limits import Limits  # noqa: PLC0415
    except Exception as e:  # noqa: BLE001 - a broken torch raises ImportError, OSError, RuntimeError...
        return {"error": clip(_("the grader could not start: PyTorch or another package it needs could not be "
                                "imported ({error}); check the installation with `kata doctor`").format(
                                    error=f"{type(e).__name__}: {e}"))}
    request = GradeRequest(path=Path(job.katas), sections=job.sections, seed=job.seed,
                           limits=Limits(timeout=job.timeout, memory=job.memory), lang=job.lang)
    try:
        return {"record": grade(request).to_record()}
    except UsageError as e:
        return {"error": clip(_("the grader could not grade it: {error}").format(error=e))}
    except Exception as e:  # noqa: BLE001 - the grader's own failure on one submission
        return {"error": clip(_("the grader failed: {error}").format(error=f"{type(e).__name__}: {e}"))}


# ----- the warm worker ---------------------------------------------------------------------------

def serve(replies: int) -> int:
    try:
        import grader.run.grading  # noqa: F401, PLC0415 - torch, pytest and the grader, once for every submission
        from grader.sandbox import confine  # noqa: PLC0415

        strays.become_subreaper()  # a submission's orphans come here, where they are killed
        confine.harden_grader()  # student code cannot read or trace the worker through /proc
        gc.freeze()  # the grading processes' garbage collectors leave these objects, and their pages, alone
    except Exception as e:  # noqa: BLE001 - a broken torch raises ImportError, OSError, RuntimeError...
        failure = _("the grader could not start: {error}; check the installation with `kata doctor`").format(
            error=f"{type(e).__name__}: {e}")
        _write_all(replies, json.dumps({"failed": clip(failure)}).encode() + b"\n")
        return 1
    _write_all(replies, json.dumps({"ready": os.getpid()}).encode() + b"\n")
    jobs = Lines(0)
    while True:
        line = jobs.read()
        if not line:
            return 0  # the batch is over, or gone
        outcome = grade_forked(Job.loads(line), control=0)
        if outcome is None:
            return 0  # the batch closed us in the middle of a job; its tree is dead
        _write_all(replies, outcome.dumps())


def grade_forked(job: Job, control: int) -> Outcome | None:
    """Grade `job` in a grading process forked from here, within its limit; None when `control`
    (the batch's end of our stdin) closed meanwhile. Either way its whole tree is dead on return."""
    with i18n.speaking(job.lang):  # why it gave no report: in the job's language
        return _grade_forked(job, control)


def _grade_forked(job: Job, control: int) -> Outcome | None:
    started = time.monotonic()
    with tempfile.TemporaryFile() as log:  # the grading process's stdout and stderr, for a reason
        result_r, result_w = os.pipe()
        worker = os.getpid()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            os.close(result_r)
            _grading_process(job, result_w, log.fileno(), worker)
        os.close(result_w)
        try:
            data, ended = _collect(pid, result_r, control, started + job.limit)
        finally:
            os.close(result_r)
            code = _end_tree(pid)
        duration = time.monotonic() - started
        if ended == _CLOSED:
            return None
        if ended == _LIMIT:
            return Outcome(error=limit_reason(job.limit), duration=duration)
        log.seek(0, os.SEEK_END)
        log.seek(max(0, log.tell() - 4096))
        err = log.read().decode("utf-8", "replace")
    if ended == _TOO_BIG:
        return Outcome(error=no_report_reason(code, "", err, too_big=True), duration=duration)
    try:
        message = json.loads(data)
        return Outcome(record=message.get("record"), error=str(message.get("error", "")), duration=duration)
    except (ValueError, AttributeError) as e:
        return Outcome(error=no_report_reason(code, f"{type(e).__name__}: {e}" if data else "", err),
                       duration=duration)


_EXITED, _LIMIT, _CLOSED, _TOO_BIG = "exited", "limit", "closed", "too big"


def _collect(pid: int, result: int, control: int, deadline: float) -> tuple[bytes, str]:
    """What the grading process sends, until it exits, the deadline passes or `control` closes."""
    pidfd = os.pidfd_open(pid)
    data = bytearray()
    watched = [result, pidfd, control]
    try:
        while True:
            timeout = deadline - time.monotonic()
            if timeout <= 0:
                return bytes(data), _LIMIT
            ready = select.select(watched, [], [], timeout)[0]
            if control in ready:  # the batch never writes while a job runs: this is its end
                return bytes(data), _CLOSED
            if result in ready:
                chunk = os.read(result, 1 << 16)
                if not chunk:
                    watched.remove(result)  # all sent; its exit comes next
                data += chunk
                if len(data) > RESULT_LIMIT:
                    return bytes(data), _TOO_BIG
            if pidfd in ready:
                os.set_blocking(result, False)
                while result in watched:  # what it wrote before exiting
                    try:
                        chunk = os.read(result, 1 << 16)
                    except BlockingIOError:
                        break
                    if not chunk or len(data) > RESULT_LIMIT:
                        break
                    data += chunk
                return bytes(data), _TOO_BIG if len(data) > RESULT_LIMIT else _EXITED
    finally:
        os.close(pidfd)


def _end_tree(pid: int) -> int | None:
    """Kill the grading process's group and every process the submission left, and reap them all;
    the grading process's exit status (negative: the signal that ended it)."""
    strays.kill_group(pid)  # at the limit: it, its zygote and whatever stayed in its group
    try:
        code: int | None = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    except ChildProcessError:
        code = None
    # What left the group (setsid) was reparented to us, the subreaper, when its parent died.
    deadline = time.monotonic() + REAP_TIMEOUT
    while strays.children() and time.monotonic() < deadline:
        strays.reap_strays()
    return code


def _grading_process(job: Job, result: int, log: int, worker: int) -> NoReturn:
    """The forked grading process: its own session, then `grade()`, the record to `result`, exit."""
    try:
        os.setsid()
        _die_with(worker)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        keep = sorted({0, 1, 2, result})  # not the worker's stdout, where only the worker answers
        for low, high in zip(keep, keep[1:] + [os.sysconf("SC_OPEN_MAX")]):
            os.closerange(low + 1, high)
        _write_all(result, json.dumps(grade_record(job)).encode())
    except BaseException:  # noqa: BLE001 - never fall back into the worker's loop
        traceback.print_exc()
        sys.stderr.flush()
    os._exit(0)


def _die_with(parent: int) -> None:
    """SIGKILL this process when the worker dies (it cannot be left grading for no one)."""
    import ctypes  # noqa: PLC0415 - Linux only

    if ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the worker died before the signal was set
        os._exit(1)


# ----- both ----------------------------------------------------------------------------------------

def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def once(replies: int) -> int:
    """The fallback: grade one job from stdin in this process."""
    started = time.monotonic()
    message = grade_record(Job.loads(sys.stdin.buffer.readline()))
    _write_all(replies, Outcome(record=message.get("record"), error=message.get("error", ""),
                           duration=time.monotonic() - started).dumps())
    return 0


def main(argv: list[str]) -> int:
    # Replies go to a private copy of stdout; fd 1 becomes stderr, so nothing printed can corrupt them.
    replies = os.dup(1)
    os.dup2(2, 1)
    return once(replies) if "--once" in argv else serve(replies)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
