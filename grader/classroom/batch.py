"""Grade a whole class (`kata grade-all`): find the submissions, grade each apart, build the class.

Each submission is graded by a process of its own (workers.py), with the same seed for every
student so everyone gets the same inputs. A submission that could not be graded (no kata
files, a grading process that died, ran past its limit or sent no report, a fault of the
grader) becomes an error row with the reason; the batch always finishes.
"""
from __future__ import annotations

import os
import random
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from grader.classroom import discovery, workers
from grader.classroom.discovery import BatchError, Submission  # noqa: F401 - BatchError is part of the API
from grader.classroom.model import WHOLE_CLASS, ClassReport, StudentResult
from grader.classroom.worker import Job, Outcome, clip
from grader.course import catalogue
from grader.i18n import _
from grader.results import Report
from grader.sandbox.limits import DEFAULT_MEMORY, DEFAULT_TIMEOUT

STARTUP_ALLOWANCE = 60.0  # seconds a grading process may spend on itself (importing torch, pytest)


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
    shard: tuple[int, int] = WHOLE_CLASS  # grade only the I-th of N slices of the submissions
    warm: bool | None = None  # warm workers (True), a process per submission (False), or where available (None)
    lang: str | None = None  # the language of each report's messages; None: each grading process's environment


class Progress(Protocol):
    """What grade_all reports while it runs (the CLI draws a progress bar from it)."""

    def started(self, total: int, seed: int, jobs: int) -> None: ...

    def finished(self, result: StudentResult) -> None: ...


def grade_all(request: BatchRequest, progress: Progress | None = None) -> ClassReport:
    """Grade every submission under `request.submissions` (or the shard asked for), `request.jobs` at a time."""
    course = catalogue.load()
    sections = discovery.selected_sections(course, request.sections)
    students = discovery.shard(discovery.submissions(request.submissions), *request.shard)
    seed = request.seed if request.seed is not None else random.randrange(1, 2**31)
    jobs = max(1, request.jobs or os.cpu_count() or 1)
    limit = request.limit or default_limit(request.timeout, sum(len(s.katas) for s in sections))
    if progress:
        progress.started(len(students), seed, jobs)
    started = time.perf_counter()
    results: list[StudentResult] = []

    def done(result: StudentResult) -> None:
        results.append(result)
        if progress:
            progress.finished(result)

    for s in students:
        if s.katas is None:
            done(StudentResult(student=s.student, error=s.problem))
    gradable = [s for s in students if s.katas is not None]
    if gradable:
        with tempfile.TemporaryDirectory(prefix="kata-batch-") as workdir:  # the grading processes' cwd: empty
            pool = workers.open_pool(min(jobs, len(gradable)), Path(workdir), request.warm)
            threads = ThreadPoolExecutor(jobs)
            try:
                futures = [threads.submit(grade_one, s, pool, job(s, request, seed, limit)) for s in gradable]
                for future in as_completed(futures):
                    done(future.result())
            except BaseException:  # Ctrl+C included: start nothing more, stop what runs
                threads.shutdown(wait=False, cancel_futures=True)
                pool.close()
                raise
            finally:
                threads.shutdown(wait=True)
                pool.close()
    return ClassReport(seed=seed, sections=sections, students=tuple(sorted(results, key=lambda r: r.student)),
                       duration=time.perf_counter() - started, jobs=jobs, shard=request.shard)


def default_limit(timeout: float, katas: int) -> float:
    """A whole submission may take as long as every kata timing out, plus the grader's own start."""
    return STARTUP_ALLOWANCE + timeout * max(katas, 1)


def job(submission: Submission, request: BatchRequest, seed: int, limit: float) -> Job:
    assert submission.katas is not None
    return Job(student=submission.student, katas=str(submission.katas.resolve()), sections=request.sections,
               seed=seed, timeout=float(request.timeout), memory=int(request.memory), limit=limit,
               lang=request.lang)


def grade_one(submission: Submission, pool: workers.Pool, job: Job) -> StudentResult:
    """Grade one submission apart; whatever happens, return its row."""
    try:
        return row(submission.student, pool.grade(job))
    except Exception as e:  # noqa: BLE001 - a fault of ours on one submission must not stop the batch
        return StudentResult(student=submission.student,
                             error=clip(_("the batch failed on this submission: {error}").format(
                                 error=f"{type(e).__name__}: {e}")))


def row(student: str, outcome: Outcome) -> StudentResult:
    """A row from what grading gave: the Report, and an error when there is none or the grader failed."""
    if outcome.record is None:
        return StudentResult(student=student, error=clip(outcome.error or _("the grader sent back no report")),
                             duration=outcome.duration)
    try:
        report = Report.from_record(outcome.record)
    except (KeyError, TypeError, ValueError) as e:
        return StudentResult(student=student, duration=outcome.duration,
                             error=clip(_("the grading process sent back no valid report ({error})").format(
                                 error=f"{type(e).__name__}: {e}")))
    error = outcome.error
    if not error and report.grader_failed:
        faults = [*report.grader_errors, *(k.message for k in report.katas if k.grader_fault and k.message)]
        error = (_("the grader failed on this submission: {fault}").format(fault=faults[0]) if faults
                 else _("the grader failed on this submission"))
    return StudentResult(student=student, report=report, error=clip(error), duration=outcome.duration)
