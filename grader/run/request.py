"""What a grading run is asked to do, checked against the catalogue, where a student keeps the kata
files, and the report of a run that could not finish. Free of torch, so a broken PyTorch install
still gets a complete report."""
from __future__ import annotations

import platform
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from grader.course import catalogue
from grader.sandbox.limits import Limits
from grader.results import KataResult, Report, SectionResult, Status, Verdict


KATA_FOLDER = "katas"  # a repo keeps its kata files here; a bare kata folder holds them itself


class UsageError(ValueError):
    """A request that cannot be graded as given (exit status 2)."""


@dataclass(frozen=True)
class GradeRequest:
    """What to grade and how. Empty `sections` and `katas` mean the whole catalogue."""

    path: Path = Path("katas")
    sections: tuple[str, ...] = ()
    katas: tuple[str, ...] = ()
    seed: int | None = None
    limits: Limits = field(default_factory=Limits)
    require_gpu: bool = False
    checks: Path | None = None  # an instructor's extra checks: test_<section>.py files beside ours


def selected(request: GradeRequest, course: catalogue.Catalogue) -> tuple[catalogue.Kata, ...]:
    """The katas a request names, in catalogue order; unknown names raise UsageError."""
    sections = {s.id for s in course.sections}
    ids = {k.id for k in course.katas}
    for s in request.sections:
        if s not in sections:
            raise UsageError(f"unknown section {s!r}; `kata list` shows them all")
    for k in request.katas:
        if k not in ids:
            raise UsageError(f"unknown kata {k!r}; `kata list` shows them all (ids look like s03_creating.zero_to_ten)")
    if not request.sections and not request.katas:
        return course.katas
    return tuple(k for k in course.katas if k.section in request.sections or k.id in request.katas)


def find_kata_folder(folder: Path) -> Path | None:
    """The folder with a student's kata files: `folder` itself, or its katas/ folder (a repo)."""
    if not folder.is_dir():
        return None
    names = {s.filename for s in catalogue.load().sections}
    if any((folder / n).is_file() for n in names):
        return folder
    inner = folder / KATA_FOLDER
    if inner.is_dir() and any((inner / n).is_file() for n in names):
        return inner
    return None


def fallback_report(request: GradeRequest, message: str) -> Report:
    """A valid report for a run the grader could not finish: every selected kata is a grader error."""
    course = catalogue.load()
    try:
        katas = selected(request, course)
    except UsageError:
        katas = course.katas
    sections = tuple(
        SectionResult(id=s.id, title=s.title, katas=tuple(
            KataResult(id=k.id, section=k.section, max_points=k.points,
                       verdict=Verdict(Status.ERROR, message, grader_fault=True)) for k in s.katas if k in katas))
        for s in course.sections if any(k in katas for k in s.katas))
    return Report(seed=request.seed or 0, environment=bare_environment(), sections=sections,
                  grader_errors=(message,))


def bare_environment() -> dict[str, Any]:
    """The report's environment without importing torch: its installed version, if any, no devices."""
    try:
        torch_version = metadata.version("torch")
    except metadata.PackageNotFoundError:
        torch_version = "not installed"
    return {"python": platform.python_version(), "torch": torch_version, "cuda": False, "mps": False}
