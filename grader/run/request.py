"""What a grading run is asked to do, checked against the catalogue, where a student keeps the kata
files, and the report of a run that could not finish. Free of torch, so a broken PyTorch install
still gets a complete report."""
from __future__ import annotations

import difflib
import platform
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from grader.course import catalogue
from grader.i18n import N_, _
from grader.sandbox.limits import Limits
from grader.results import KataResult, Report, SectionResult, Status, Verdict


KATA_FOLDER = "katas"  # a repo keeps its kata files here; a bare kata folder holds them itself

# Messages for names that match nothing, or more than one thing; one format string each, translated
# where used (grader/i18n.py). {names} lists suggestions joined by OR.
UNKNOWN_SECTION = N_("unknown section {name!r} (`kata list` shows them all)")
UNKNOWN_SECTION_LIKE = N_("unknown section {name!r}: did you mean {names}? (`kata list` shows them all)")
UNKNOWN_KATA = N_("unknown kata {name!r} (`kata list` shows them all; ids look like s03_creating.zero_to_ten)")
UNKNOWN_KATA_LIKE = N_("unknown kata {name!r}: did you mean {names}? (`kata list` shows them all; ids look like "
                       "s03_creating.zero_to_ten)")
OR = N_(" or ")  # between two suggested names
AMBIGUOUS_SECTION = N_("section {name!r} could be any of {names}; give more of its name")
AMBIGUOUS_KATA = N_("kata {name!r} could be any of {names}; give its section too, as in {example}")
NOT_A_FOLDER = N_("{path} is not a folder; point --path at the folder with your kata files")
NOT_CHECKS = N_("{path} is not a folder of checks (test_<section>.py files)")


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
    lang: str | None = None  # the language of the checks' messages (grader/i18n.py); None: the environment's


def checked(request: GradeRequest, course: catalogue.Catalogue) -> tuple[catalogue.Kata, ...]:
    """The katas to grade, once the request's folders are found; UsageError if it cannot be graded."""
    if not Path(request.path).expanduser().is_dir():
        raise UsageError(_(NOT_A_FOLDER).format(path=request.path))
    if request.checks is not None and not Path(request.checks).is_dir():
        raise UsageError(_(NOT_CHECKS).format(path=request.checks))
    return selected(request, course)


def selected(request: GradeRequest, course: catalogue.Catalogue) -> tuple[catalogue.Kata, ...]:
    """The katas a request names, in catalogue order; names that match nothing, or more than one
    section or kata, raise UsageError (see section_id and kata_id)."""
    sections = {section_id(s, course) for s in request.sections}
    katas = {kata_id(k, course) for k in request.katas}
    if not request.sections and not request.katas:
        return course.katas
    return tuple(k for k in course.katas if k.section in sections or k.id in katas)


def section_id(name: str, course: catalogue.Catalogue) -> str:
    """The section `name` stands for: its id, its file name, or a prefix of one id alone (s03)."""
    ids = [s.id for s in course.sections]
    wanted = name.strip().removesuffix(".py")
    if wanted in ids:
        return wanted
    matches = [i for i in ids if i.startswith(wanted)] if wanted else []
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(_(AMBIGUOUS_SECTION).format(name=name, names=", ".join(matches)))
    close = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.75)
    raise UsageError(_unknown(UNKNOWN_SECTION, UNKNOWN_SECTION_LIKE, name, close))


def kata_id(name: str, course: catalogue.Catalogue) -> str:
    """The kata `name` stands for: its id, SECTION.NAME with a short section (s03.zero_to_ten), or
    its function name alone when one section alone has it (zero_to_ten)."""
    ids = [k.id for k in course.katas]
    wanted = name.strip()
    if wanted in ids:
        return wanted
    section, dot, function = wanted.rpartition(".")
    candidates, matches = list(course.katas), []
    if dot and section:
        try:
            section = section_id(section, course)
            candidates = [k for k in candidates if k.section == section]
        except UsageError:  # no such section: suggest from every section
            section = ""
    if section or not dot:
        matches = [k.id for k in candidates if k.name == function]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(_(AMBIGUOUS_KATA).format(name=name, names=", ".join(matches), example=matches[0]))
    close = difflib.get_close_matches(function, sorted({k.name for k in candidates}), n=3, cutoff=0.75)
    raise UsageError(_unknown(UNKNOWN_KATA, UNKNOWN_KATA_LIKE, name, [k.id for k in candidates if k.name in close]))


def _unknown(plain: str, like: str, name: str, close: list[str]) -> str:
    """The message for a name that matches nothing: `like` when there are names close to it."""
    if not close:
        return _(plain).format(name=name)
    return _(like).format(name=name, names=_(OR).join(close))


def student_folder(path: Path, given: bool = True) -> Path:
    """Where the student's kata files are: `path` itself or its katas/ folder; when `path` was not
    given (the default, ./katas) and is no kata folder, the current folder if it is one (a student
    who ran `cd katas`). Else `path` as it is, for grading to report."""
    found = find_kata_folder(Path(path).expanduser())
    if found is None and not given:
        found = find_kata_folder(Path("."))
    return found if found is not None else Path(path)


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
