"""Finding the class: one submission per folder under SUBMISSIONS, each one's kata folder, a shard's slice."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence, TypeVar

from grader.course import catalogue
from grader.i18n import _
from grader.run.request import KATA_FOLDER, find_kata_folder

T = TypeVar("T")


class BatchError(ValueError):
    """A batch that cannot start as asked (a usage error: exit status 2)."""


@dataclass(frozen=True)
class Submission:
    """One student's folder, and the folder inside it that holds the kata files (None: none found)."""

    student: str
    folder: Path
    katas: Path | None

    @property
    def problem(self) -> str:
        """Why the submission cannot be graded ("" when it can)."""
        if self.katas is not None:
            return ""
        if not self.folder.is_dir():
            return _("{name} is not a folder (missing or a broken link)").format(name=self.folder.name)
        return _("no kata files found in {name}/ or {name}/{katas}/ (expected s01_running.py, ...)").format(
            name=self.folder.name, katas=KATA_FOLDER)


def submissions(folder: Path) -> list[Submission]:
    """Every entry of `folder` that is not hidden (a folder, or a link that may be broken), sorted by name."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise BatchError(_("{folder} is not a folder; point it at the folder with one folder per student").format(
            folder=folder))
    found = sorted((p.name, p) for p in folder.iterdir() if not p.name.startswith((".", "_")))
    found = [(name, p) for name, p in found if p.is_dir() or p.is_symlink()]
    if not found:
        raise BatchError(_("{folder} holds no student folders").format(folder=folder))
    return [Submission(student=name, folder=p, katas=find_kata_folder(p)) for name, p in found]


def selected_sections(course: catalogue.Catalogue, wanted: Iterable[str]) -> tuple[catalogue.Section, ...]:
    """The sections asked for, in catalogue order (all of them when none is asked for)."""
    wanted = tuple(wanted)
    known = {s.id for s in course.sections}
    for s in wanted:
        if s not in known:
            raise BatchError(_("unknown section {section}; `kata list` shows them all").format(section=repr(s)))
    return tuple(s for s in course.sections if not wanted or s.id in wanted)


def parse_shard(text: str) -> tuple[int, int]:
    """(I, N) from "I/N", with 1 <= I <= N."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise BatchError(_("--shard {value} is not a slice such as 2/3 (the 2nd of 3; I from 1 to N)").format(
            value=repr(text)))
    return int(m.group(1)), int(m.group(2))


def shard(items: Sequence[T], index: int, count: int) -> list[T]:
    """The `index`-th of `count` slices of `items` (already sorted): every count-th item from the
    index-th. Slices are disjoint, cover everything, and differ in size by one at most."""
    return list(items[index - 1::count])
