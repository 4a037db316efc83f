"""The grading runs of `kata dev check`, each in this process, as `kata grade` runs them.

Runs go one after another: on two cores, a pool of worker interpreters (a torch import each)
measured slower, the runner itself already using the second core.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.results import Report


@dataclass(frozen=True)
class Run:
    """One grading run: these katas (ids) of the student folder `folder`."""

    folder: Path
    katas: tuple[str, ...]


def grade(run: Run, seed: int) -> Report:
    """The report of one run (an empty one for no katas)."""
    from grader.run.grading import GradeRequest, grade as grade_request  # deferred: the grader imports torch

    if not run.katas:
        return Report(seed=seed, environment={}, sections=())
    # In English whatever the author's language: the variants' `says` quote the English messages.
    return grade_request(GradeRequest(path=run.folder, katas=run.katas, seed=seed, lang="en"))
