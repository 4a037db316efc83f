"""The student's progress, kept in a small readable file in their kata folder: each kata's status
in its last grade, and how far up `kata hint`'s ladder they have climbed.

`kata grade` and `kata watch` record what they graded (table runs only: a CI format leaves the
folder alone); `kata progress`, `next`, `list`, `hint` and `solution` read it. The file is the
student's own: anything unreadable in it counts as no progress, never as an error.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from grader.course.catalogue import Catalogue, Kata
from grader.results import Report, Status

FILE = ".kata-progress.json"
VERSION = 1
DONE = frozenset({Status.PASSED.value})


@dataclass(frozen=True)
class Progress:
    """Kata id -> status of its last grade ("passed", "failed", "error", "skipped"); kata id ->
    hints shown so far."""

    statuses: dict[str, str] = field(default_factory=dict)
    hints: dict[str, int] = field(default_factory=dict)

    def passed(self, kata_id: str) -> bool:
        return self.statuses.get(kata_id) in DONE

    def skipped(self, kata_id: str) -> bool:
        return self.statuses.get(kata_id) == Status.SKIPPED.value

    def graded(self) -> bool:
        return bool(self.statuses)

    def totals(self, course: Catalogue, section: str | None = None) -> tuple[int, int]:
        """(passed, katas) of the course or one section; katas skipped in their last grade (no GPU)
        count in neither."""
        katas = [k for k in course.katas if section is None or k.section == section]
        return sum(self.passed(k.id) for k in katas), sum(not self.skipped(k.id) for k in katas)

    def first_unsolved(self, course: Catalogue) -> Kata | None:
        """The first kata, in course order, that did not pass its last grade (nor was skipped)."""
        return next((k for k in course.katas if not self.passed(k.id) and not self.skipped(k.id)), None)

    def with_report(self, report: Report) -> Progress:
        """This progress with the statuses of every kata `report` graded, the others kept."""
        statuses = dict(self.statuses)
        statuses.update((k.id, k.status.value) for k in report.katas)
        return replace(self, statuses=statuses)

    def with_hint_shown(self, kata_id: str, shown: int) -> Progress:
        return replace(self, hints={**self.hints, kata_id: shown})


def load(folder: Path) -> Progress:
    """The progress recorded in `folder`; empty when there is none or it cannot be read."""
    try:
        data = json.loads((Path(folder) / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Progress()
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return Progress()
    return Progress(statuses=_mapping(data.get("katas"), str), hints=_mapping(data.get("hints"), int))


def save(folder: Path, progress: Progress) -> bool:
    """Write `progress` into `folder`, whole or not at all; False when it could not be written
    (a read-only folder, say): progress is a convenience, never a reason to fail."""
    data: dict[str, Any] = {"version": VERSION, "katas": progress.statuses, "hints": progress.hints}
    try:
        fd, tmp = tempfile.mkstemp(prefix=".kata-progress.", suffix=".tmp", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, Path(folder) / FILE)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def record(folder: Path, report: Report) -> bool:
    """Add the statuses of `report` to the progress kept in `folder`."""
    if not report.katas or report.grader_failed:
        return False  # a grader fault says nothing about the student's work
    return save(folder, load(folder).with_report(report))


def _mapping(value: Any, kind: type) -> dict:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and type(v) is kind}
