"""Report formats, one renderer per file, each rendering the one Report model (`render(report, color)`); renderers import results, course and i18n (the student's language) only (exercism_runner, Exercism's entry point, also runs a grade).

Modules are imported when their format is asked for: rich, for one, costs a tenth of a second.
Formats in WITH_FOLDER also take the graded folder as the user gave it (--path), to name the
student's files relative to the repository root and find the line of each kata's function.
"""
from __future__ import annotations

import importlib
import os

from grader.results import Report

MODULES = {
    "table": "table",
    "json": "json_report",
    "gradescope": "gradescope",
    "classroom": "classroom",
    "exercism": "exercism",
    "junit": "junit",
    "markdown": "markdown",
}
NAMES = tuple(MODULES)
WITH_FOLDER = frozenset({"junit"})


def render(fmt: str, report: Report, color: bool = False, folder: str | os.PathLike[str] | None = None) -> str:
    """The report in format `fmt` (one of NAMES); `folder` is the graded folder (--path), if known."""
    module = importlib.import_module(f"grader.formats.{MODULES[fmt]}")
    if fmt in WITH_FOLDER and folder is not None:
        return module.render(report, color, folder=folder)
    return module.render(report, color)
