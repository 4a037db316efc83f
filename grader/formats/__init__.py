"""Report formats: each module renders the one Report model to text with `render(report, color)`.

Modules are imported when their format is asked for: rich, for one, costs a tenth of a second.
"""
from __future__ import annotations

import importlib

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


def render(fmt: str, report: Report, color: bool = False) -> str:
    """The report in format `fmt` (one of NAMES)."""
    return importlib.import_module(f"grader.formats.{MODULES[fmt]}").render(report, color)
