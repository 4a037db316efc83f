"""Report formats: each renders the one Report model to text."""
from __future__ import annotations

from typing import Callable

from grader.formats import classroom, exercism, gradescope, json_report, junit, markdown, table
from grader.results import Report

Renderer = Callable[[Report, bool], str]

RENDERERS: dict[str, Renderer] = {
    "table": table.render,
    "json": json_report.render,
    "gradescope": gradescope.render,
    "classroom": classroom.render,
    "exercism": exercism.render,
    "junit": junit.render,
    "markdown": markdown.render,
}
