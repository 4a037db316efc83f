"""Grading each submission apart, from the batch's side: a pool of grading workers (worker.py).

- `WarmPool` (Linux): one warm worker per job slot, started once; each submission is graded in a
  fresh process forked from a worker, in its own session and sandbox, killed whole at its limit.
- `ProcessPool`: the fallback where fork is not available or not safe after importing torch
  (Windows has no fork; macOS forks badly once system frameworks are loaded, and neither has a
  subreaper): a fresh interpreter per submission, killed by process group at its limit.

Both start their processes with a scrubbed environment: an allow-list of what running Python and
torch needs, so no token or secret of the instructor's shell can be read by student code, and
KATA_LANG set to the batch's language, so a worker that cannot start says why in that language.
"""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Protocol

import grader
from grader import i18n
from grader.classroom.worker import Job, Lines, Outcome, clip, limit_reason, no_report_reason
from grader.i18n import _
from grader.sandbox import strays

STARTUP_ALLOWANCE = 60.0  # seconds a worker may take to import torch and the grader
CLOSE_ALLOWANCE = 30.0  # seconds a worker may take to kill its tree and exit, or answer after a limit
WORKER = [sys.executable, "-m", "grader.classroom.worker"]

# What a grading process may see of the instructor's environment: what Python, torch and the
# grader's own settings (KATA_*) need. Everything else (tokens, keys, CI variables) stays out.
ENV_NAMES = frozenset({"PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TEMP", "TMP", "PYTHONPATH", "PYTHONHOME",
                       "LD_LIBRARY_PATH", "CUDA_VISIBLE_DEVICES", "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR"})
ENV_PREFIXES = ("LC_", "KATA_")


def scrubbed_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of grading processes: the allow-list, and a PYTHONPATH that finds this grader."""
    environ = dict(os.environ if environ is None else environ)
    env = {k: v for k, v in environ.items() if k.upper() in ENV_NAMES or k.upper().startswith(ENV_PREFIXES)}
    root = Path(grader.__file__).resolve().parent.parent
    on_path = {Path(p or os.getcwd()).resolve() for p in sys.path if isinstance(p, str)}
    if root in on_path:  # found through sys.path (e.g. run from a checkout), not an installed finder
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    env["NO_COLOR"] = "1"
    env[i18n.ENV] = i18n.current()  # a worker that fails before its first job says so in the batch's language
    return env


def warm_available() -> bool:
    """Whether warm workers can fork grading processes here: Linux with pidfds (5.3+), and a subreaper."""
    if not (sys.platform.startswith("linux") and hasattr(os, "fork") and hasattr(os, "pidfd_open")):
        return False
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError:  # a kernel older than 5.3
        return False
    return True


class Pool(Protocol):
    def grade(self, job: Job) -> Outcome: ...
    def close(self) -> None: ...


def open_pool(size: int, workdir: Path, warm: bool | None = None) -> Pool:
    """Warm workers where they are available (or `warm` says so), else a process per submission."""
    if warm is None:
        warm = warm_available()
    # The fallback where fork is not available (Windows), not safe after torch is imported (macOS)
    # or lacks pidfds: a fresh interpreter per submission, the slow way, with the same isolation
    # short of killing what leaves the process group (no subreaper off Linux).
    return WarmPool(size, workdir) if warm else ProcessPool(workdir)


class WorkerLost(Exception):
    """A worker that stopped answering: it is killed and replaced."""


class _Worker:
    """One warm worker process and our ends of its pipes."""

    def __init__(self, workdir: Path) -> None:
        self.log: IO[bytes] = tempfile.TemporaryFile(dir=workdir)  # its stderr: the reason if it fails
        self.proc = subprocess.Popen(WORKER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                     cwd=workdir, env=scrubbed_env(), start_new_session=True)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.replies = Lines(self.proc.stdout.fileno())
        self.ready = False
        self.failure = ""  # why it could not start: every job it is given gets this reason

    def grade(self, job: Job) -> Outcome:
        if not self.ready and not self.failure:
            self._wait_ready()
        if self.failure:
            return Outcome(error=self.failure)
        started = time.monotonic()
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(job.dumps())
            self.proc.stdin.flush()
        except OSError as e:
            raise WorkerLost(_("the grading worker could not be given the submission ({error})").format(error=e)) from None
        try:
            line = self.replies.read(started + job.limit + CLOSE_ALLOWANCE)
        except ValueError as e:
            raise WorkerLost(_("the grading worker sent back garbage ({error})").format(error=e)) from None
        except OSError:  # the batch closed the pipe meanwhile (it is being stopped)
            line = b""
        if line is None:
            raise WorkerLost(_("the grading worker did not answer within {seconds} s and was stopped").format(
                seconds=f"{job.limit + CLOSE_ALLOWANCE:g}"))
        if not line:
            last = self._last_line()
            raise WorkerLost(_("the grading worker stopped unexpectedly; the last line it wrote was: {line}").format(
                line=last) if last else _("the grading worker stopped unexpectedly"))
        try:
            return Outcome.loads(line)
        except (ValueError, KeyError, TypeError) as e:
            raise WorkerLost(_("the grading worker sent back garbage ({error})").format(
                error=f"{type(e).__name__}: {e}")) from None

    def _wait_ready(self) -> None:
        line = self.replies.read(time.monotonic() + STARTUP_ALLOWANCE)
        if line is None:
            raise WorkerLost(_("the grading worker did not start within {seconds} s").format(
                seconds=f"{STARTUP_ALLOWANCE:g}"))
        if not line:
            last = self._last_line()
            self.failure = clip(_("the grading worker could not start; the last line it wrote was: {line}").format(
                line=last) if last else _("the grading worker could not start"))
            return
        try:
            message = json.loads(line)
            self.ready = "ready" in message
            self.failure = "" if self.ready else clip(str(message["failed"]))
        except (ValueError, TypeError, KeyError):
            self.failure = clip(_("the grading worker could not start: it said {line}").format(line=repr(line[:200])))

    def _last_line(self) -> str:
        """The last line it wrote to stderr, or "" when it wrote none."""
        self.log.seek(0)
        lines = [line.strip() for line in self.log.read().decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def stop(self) -> None:
        """Ask it to end: it kills the tree of the job it runs, if any, and exits."""
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except OSError:
                pass

    def wait(self, timeout: float) -> None:
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass

    def kill(self) -> None:
        """Kill it now. Its grading process dies with it (a parent-death signal), and that one's
        sandbox with that; what the submission left outside both then goes to init."""
        if self.proc.poll() is None:  # not reaped yet, so its pid is still its own
            strays.kill_group(self.proc.pid)
            self.proc.wait()
        if self.proc.stdin is not None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.log.close()


class WarmPool:
    """Warm workers, one per submission graded at once. Thread-safe: one grade() per thread."""

    def __init__(self, size: int, workdir: Path) -> None:
        self._workdir = workdir
        self._lock = threading.Lock()
        self._closed = False
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        for __ in range(size):  # all at once: they import torch in parallel
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self._workdir)
        self._all.append(worker)
        return worker

    def grade(self, job: Job) -> Outcome:
        worker = self._idle.get()
        try:
            if self._closed:
                return Outcome(error=_("the batch was stopped before this submission was graded"))
            try:
                return worker.grade(job)
            except WorkerLost as e:
                worker.kill()
                with self._lock:
                    if not self._closed:
                        worker = self._start()
                return Outcome(error=clip(str(e)) if not self._closed else
                               _("the batch was stopped while this submission was graded"))
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker, each after killing the tree of the submission it grades; on return,
        nothing the batch started runs any more (idempotent)."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
        for worker in workers:
            worker.stop()
        for worker in workers:
            worker.wait(CLOSE_ALLOWANCE)
            worker.kill()


class ProcessPool:
    """A fresh interpreter per submission (`worker --once`): the fallback where fork is not available."""

    def __init__(self, workdir: Path) -> None:
        self._workdir = workdir
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        self._closed = False

    def grade(self, job: Job) -> Outcome:
        started = time.monotonic()
        with self._lock:
            if self._closed:
                return Outcome(error=_("the batch was stopped before this submission was graded"))
            proc = subprocess.Popen([*WORKER, "--once"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, cwd=self._workdir, env=scrubbed_env(),
                                    start_new_session=True)
            self._running.add(proc)
        try:
            out, err = proc.communicate(job.dumps(), timeout=job.limit)
        except subprocess.TimeoutExpired:
            _kill(proc)
            try:
                proc.communicate(timeout=CLOSE_ALLOWANCE)
            except subprocess.TimeoutExpired:  # something it started holds its pipes: stop waiting
                pass
            return Outcome(error=limit_reason(job.limit), duration=time.monotonic() - started)
        finally:
            with self._lock:
                self._running.discard(proc)
        duration = time.monotonic() - started
        try:
            return Outcome.loads(out.strip().splitlines()[-1])
        except (ValueError, KeyError, TypeError, IndexError) as e:
            error = f"{type(e).__name__}: {e}" if out.strip() else ""
            return Outcome(error=no_report_reason(proc.returncode, error, err.decode("utf-8", "replace")),
                           duration=duration)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for proc in self._running:
                _kill(proc)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill a grading process and its process group (POSIX), or the process alone (Windows)."""
    if hasattr(os, "killpg"):
        strays.kill_group(proc.pid)
    proc.kill()
