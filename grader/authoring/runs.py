"""The grading runs of `kata dev check`: one after another here, or spread over fresh worker processes."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from grader.results import Report


@dataclass(frozen=True)
class Run:
    """One grading run: these katas (ids) of the student folder `folder`."""

    folder: Path
    katas: tuple[str, ...]


def default_workers() -> int:
    return os.cpu_count() or 1


def grade_runs(runs: Sequence[Run], seed: int, workers: int) -> list[Report]:
    """The report of each run, in order. With more than one worker, each worker is a fresh
    interpreter (a torch import) that takes the next run when it is done with one: forking this
    process instead is unsafe once torch or a grading run has started threads or children."""
    workers = min(workers, len(runs))
    if workers <= 1:
        return [grade_one(run, seed) for run in runs]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(grade_one, runs, [seed] * len(runs)))


def grade_one(run: Run, seed: int) -> Report:
    """Grade one run in this process."""
    from grader.grading import GradeRequest, grade  # deferred: the grader imports torch, `--help` need not

    if not run.katas:
        return Report(seed=seed, environment={}, sections=())
    return grade(GradeRequest(path=run.folder, katas=run.katas, seed=seed))
