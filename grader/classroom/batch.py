"""Grade a whole class: every student's submission in its own `kata grade` process, one gradebook.

Each submission is graded by a separate `python -m grader.cli grade --format json` process, so a
submission that crashes, hangs or floods memory can only spoil its own row; the same seed is used
for every student so everyone gets the same inputs. A submission that could not be graded
(no kata files, a grader process that died, timed out or printed something that is not a report)
becomes a row with status "error" and the reason; the batch always finishes.
"""
from __future__ import annotations

import collections
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol

import grader
from grader.course import catalogue
from grader.sandbox.limits import DEFAULT_MEMORY, DEFAULT_TIMEOUT

KATA_FOLDER = "katas"  # a repo keeps its kata files here; a bare kata folder holds them itself
STARTUP_ALLOWANCE = 60.0  # seconds a grading process may spend on itself (importing torch, pytest)
REASON_LIMIT = 500  # characters of a reason kept in the gradebook
GRADED, ERROR = "graded", "error"
FAILING = ("failed", "error")


class BatchError(ValueError):
    """A batch that cannot start as asked (a usage error: exit status 2)."""


@dataclass(frozen=True)
class BatchRequest:
    """What to grade and how. `jobs` None means one per CPU; `limit` None derives it from `timeout`."""

    submissions: Path
    sections: tuple[str, ...] = ()
    seed: int | None = None
    timeout: float = DEFAULT_TIMEOUT
    memory: int = DEFAULT_MEMORY
    jobs: int | None = None
    limit: float | None = None  # wall-clock seconds for one whole submission


@dataclass(frozen=True)
class SectionScore:
    id: str
    score: int
    max_score: int


@dataclass(frozen=True)
class KataOutcome:
    id: str
    status: str  # passed, failed, error, skipped: the JSON report's words
    message: str


@dataclass(frozen=True)
class StudentResult:
    """One row of the gradebook. A student with an `error` may still carry a partial report."""

    student: str
    sections: tuple[SectionScore, ...] = ()
    katas: tuple[KataOutcome, ...] = ()
    error: str = ""
    duration: float = 0.0

    @property
    def status(self) -> str:
        return ERROR if self.error else GRADED

    @property
    def has_scores(self) -> bool:
        return bool(self.sections)

    @property
    def score(self) -> int:
        return sum(s.score for s in self.sections)

    @property
    def max_score(self) -> int:
        return sum(s.max_score for s in self.sections)

    @property
    def percent(self) -> float:
        return round(100.0 * self.score / self.max_score, 1) if self.max_score else 0.0

    def section(self, section_id: str) -> SectionScore | None:
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class KataFailures:
    """How many graded students failed one kata, and what they were told most often."""

    id: str
    failed: int
    attempted: int  # students for whom the kata was graded (not skipped)
    messages: tuple[tuple[str, int], ...]  # the most common messages, with their counts

    @property
    def rate(self) -> float:
        return self.failed / self.attempted if self.attempted else 0.0


@dataclass(frozen=True)
class ClassReport:
    """The whole class: one StudentResult per submission, sorted by student name."""

    seed: int
    sections: tuple[catalogue.Section, ...]  # the sections graded, in catalogue order
    students: tuple[StudentResult, ...]
    duration: float
    jobs: int

    @property
    def graded(self) -> tuple[StudentResult, ...]:
        return tuple(s for s in self.students if s.status == GRADED)

    @property
    def errors(self) -> tuple[StudentResult, ...]:
        return tuple(s for s in self.students if s.status == ERROR)

    @property
    def throughput(self) -> float:
        """Submissions graded (or given up on) per second of wall time."""
        return len(self.students) / self.duration if self.duration else 0.0

    def section_average(self, section_id: str) -> tuple[float, int]:
        """(average score, max score) of a section over the graded students."""
        scores = [score for s in self.graded if (score := s.section(section_id)) is not None]
        if not scores:
            return 0.0, 0
        return sum(s.score for s in scores) / len(scores), max(s.max_score for s in scores)

    def kata_failures(self, top: int = 3) -> tuple[KataFailures, ...]:
        """Every kata some graded student failed, the most failed first."""
        failed: collections.Counter[str] = collections.Counter()
        attempted: collections.Counter[str] = collections.Counter()
        messages: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        order: dict[str, int] = {}
        for student in self.graded:
            for kata in student.katas:
                order.setdefault(kata.id, len(order))
                if kata.status == "skipped":
                    continue
                attempted[kata.id] += 1
                if kata.status in FAILING:
                    failed[kata.id] += 1
                    messages[kata.id][kata.message or f"({kata.status}, no message)"] += 1
        out = [KataFailures(id=k, failed=failed[k], attempted=attempted[k],
                            messages=tuple(messages[k].most_common(top))) for k in failed]
        return tuple(sorted(out, key=lambda f: (-f.rate, order[f.id])))


class Progress(Protocol):
    """What grade_all reports while it runs (the CLI draws a progress bar from it)."""

    def started(self, total: int, seed: int, jobs: int) -> None: ...

    def finished(self, result: StudentResult) -> None: ...


def grade_all(request: BatchRequest, progress: Progress | None = None) -> ClassReport:
    """Grade every submission under `request.submissions`, `request.jobs` at a time."""
    course = catalogue.load()
    sections = selected_sections(course, request.sections)
    students = submissions(request.submissions)
    seed = request.seed if request.seed is not None else random.randrange(1, 2**31)
    jobs = max(1, request.jobs or os.cpu_count() or 1)
    limit = request.limit or default_limit(request.timeout, sum(len(s.katas) for s in sections))
    if progress:
        progress.started(len(students), seed, jobs)
    started = time.perf_counter()
    results: list[StudentResult] = []
    with tempfile.TemporaryDirectory(prefix="kata-batch-") as workdir:
        plan = Plan(request=request, seed=seed, limit=limit, workdir=Path(workdir), processes=Processes())
        pool = ThreadPoolExecutor(jobs)
        try:
            futures = [pool.submit(grade_one, name, folder, plan) for name, folder in students]
            for future in as_completed(futures):
                results.append(future.result())
                if progress:
                    progress.finished(results[-1])
        except BaseException:  # Ctrl+C included: start nothing more, stop what runs
            pool.shutdown(wait=False, cancel_futures=True)
            plan.processes.kill_all()
            raise
        finally:
            pool.shutdown(wait=True)
    return ClassReport(seed=seed, sections=sections, students=tuple(sorted(results, key=lambda r: r.student)),
                       duration=time.perf_counter() - started, jobs=jobs)


def selected_sections(course: catalogue.Catalogue, wanted: Iterable[str]) -> tuple[catalogue.Section, ...]:
    wanted = tuple(wanted)
    known = {s.id for s in course.sections}
    for s in wanted:
        if s not in known:
            raise BatchError(f"unknown section {s!r}; `kata list` shows them all")
    return tuple(s for s in course.sections if not wanted or s.id in wanted)


def submissions(folder: Path) -> list[tuple[str, Path]]:
    """(student, folder) for every entry of `folder` that is not hidden, sorted by name."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise BatchError(f"{folder} is not a folder; point it at the folder with one folder per student")
    found = sorted((p.name, p) for p in folder.iterdir() if not p.name.startswith((".", "_")))
    found = [(name, p) for name, p in found if p.is_dir() or p.is_symlink()]
    if not found:
        raise BatchError(f"{folder} holds no student folders")
    return found


def default_limit(timeout: float, katas: int) -> float:
    """A whole submission may take as long as every kata timing out, plus the grader's own start."""
    return STARTUP_ALLOWANCE + timeout * max(katas, 1)


def find_kata_folder(folder: Path) -> Path | None:
    """The folder with a student's kata files: the folder itself, or its katas/ folder."""
    if not folder.is_dir():
        return None
    names = {s.filename for s in catalogue.load().sections}
    if any((folder / n).is_file() for n in names):
        return folder
    inner = folder / KATA_FOLDER
    if inner.is_dir() and any((inner / n).is_file() for n in names):
        return inner
    return None


class Processes:
    """The grading processes running now, so that an interrupted batch can stop them all."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[int] = set()
        self._closed = False

    def add(self, pid: int) -> None:
        with self._lock:
            self._running.add(pid)
            if self._closed:
                kill_group(pid)

    def remove(self, pid: int) -> None:
        with self._lock:
            self._running.discard(pid)

    def kill_all(self) -> None:
        with self._lock:
            self._closed = True
            for pid in self._running:
                kill_group(pid)


@dataclass(frozen=True)
class Plan:
    """How every submission of one batch is graded."""

    request: BatchRequest
    seed: int
    limit: float
    workdir: Path  # an empty folder: the grading processes' working directory
    processes: Processes


def grade_one(student: str, folder: Path, plan: Plan) -> StudentResult:
    """Grade one submission in its own process; whatever happens, return its row."""
    try:
        return _grade_one(student, folder, plan)
    except Exception as e:  # noqa: BLE001 - a fault of ours on one submission must not stop the batch
        return StudentResult(student=student, error=_clip(f"the batch failed on this submission: "
                                                          f"{type(e).__name__}: {e}"))


def _grade_one(student: str, folder: Path, plan: Plan) -> StudentResult:
    started = time.perf_counter()
    katas = find_kata_folder(folder)
    if katas is None:
        reason = (f"no kata files found in {folder.name}/ or {folder.name}/{KATA_FOLDER}/ "
                  "(expected s01_running.py, ...)" if folder.is_dir()
                  else f"{folder.name} is not a folder (missing or a broken link)")
        return StudentResult(student=student, error=reason)
    try:
        code, out, err = run_limited(grade_command(katas, plan.request, plan.seed), plan.limit, plan)
    except OSError as e:
        return StudentResult(student=student, error=f"could not start the grader: {e}",
                             duration=time.perf_counter() - started)
    duration = time.perf_counter() - started
    if code is None:
        return StudentResult(student=student, error=f"took longer than {plan.limit:g} s and was stopped",
                             duration=duration)
    return parse_report(student, code, out, err, duration)


def grade_command(katas: Path, request: BatchRequest, seed: int) -> list[str]:
    argv = [sys.executable, "-m", "grader.cli", "grade", "--path", str(katas.resolve()), "--format", "json",
            "--seed", str(seed), "--timeout", repr(float(request.timeout)), "--memory", str(int(request.memory))]
    for section in request.sections:
        argv += ["--section", section]
    return argv


def run_limited(argv: list[str], limit: float, plan: Plan) -> tuple[int | None, str, str]:
    """Run argv in its own session; (exit status, stdout, stderr), or (None, ...) when killed at `limit`."""
    proc = subprocess.Popen(argv, cwd=plan.workdir, env=child_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    plan.processes.add(proc.pid)
    try:
        out, err = proc.communicate(timeout=limit)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        kill_group(proc.pid)
        out, err = proc.communicate()
        code = None
    finally:
        plan.processes.remove(proc.pid)
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def kill_group(pid: int) -> None:
    """Kill a grading process and everything it started in its session (its own children die with it)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def child_env() -> dict[str, str]:
    """The environment of a grading process: ours, so it finds this very grader, run from anywhere."""
    env = dict(os.environ)
    root = Path(grader.__file__).resolve().parent.parent
    on_path = {Path(p or os.getcwd()).resolve() for p in sys.path if isinstance(p, str)}
    if root in on_path:  # found through sys.path (e.g. run from a checkout), not an installed finder
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    for name in ("GITHUB_ACTIONS", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"):
        env.pop(name, None)  # a student's grading in a class batch is not a CI step of its own
    env["NO_COLOR"] = "1"
    return env


def parse_report(student: str, code: int, out: str, err: str, duration: float) -> StudentResult:
    """A row from a grading process's exit status and output; anything unexpected is an error row."""
    try:
        data = json.loads(out)
        sections = tuple(SectionScore(id=str(s["id"]), score=int(s["score"]), max_score=int(s["max_score"]))
                         for s in data["sections"])
        katas = tuple(KataOutcome(id=str(k["id"]), status=str(k["status"]), message=str(k.get("message") or ""))
                      for k in data["katas"])
    except (ValueError, TypeError, KeyError) as e:
        return StudentResult(student=student, duration=duration,
                             error=_clip(f"the grader exited with status {_status(code)} and no valid report "
                                         f"({type(e).__name__}: {e}){_tail(err)}"))
    error = ""
    if code not in (0, 1):
        faults = [k.message for k in katas if k.status == "error" and k.message]
        error = _clip(f"the grader exited with status {_status(code)}"
                      + (f": {faults[0]}" if faults else "") + _tail(err))
    return StudentResult(student=student, sections=sections, katas=katas, error=error, duration=duration)


def _status(code: int) -> str:
    if code < 0:
        try:
            return f"{code} ({signal.Signals(-code).name})"
        except ValueError:
            return str(code)
    return str(code)


def _tail(err: str) -> str:
    lines = [line for line in err.strip().splitlines() if line.strip()]
    return f"; stderr: {lines[-1].strip()}" if lines else ""


def _clip(text: str) -> str:
    return text if len(text) <= REASON_LIMIT else text[: REASON_LIMIT - 1] + "…"

