"""The result of `kata dev check`: each problem found, with the command to run next, and what was checked."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One way the course is inconsistent. `where` is a file (and line) or a kata id, relative to
    the checkout; `what` says what is wrong; `next` is the command to run once it is fixed."""

    where: str
    what: str
    next: str


@dataclass(frozen=True)
class DevReport:
    """Everything one `kata dev check` found. `ok` is derived: no problem at all."""

    problems: tuple[Problem, ...]
    katas: int  # katas whose stub and solution were graded
    variants: int  # authoring variants graded
    runs: int  # grading runs it took
    skipped: tuple[str, ...]  # katas (or variants) not graded here: they need a GPU
    duration: float

    @property
    def ok(self) -> bool:
        return not self.problems
