"""The class gradebook as CSV: one row per student, one column per section.

Columns: student, status (graded or error), score, max_score, percent, one column per section
(its score; the header names the section id), error (the reason a submission could not be
graded), seed (the same on every row: `kata grade --seed N` replays a student's inputs). A row
without a report leaves its scores empty rather than writing a 0 that looks like a grade; a text
cell that a spreadsheet would run as a formula is prefixed with '.
"""
from __future__ import annotations

import csv
import io

from grader.classroom.model import ClassReport, StudentResult

# The column headers and statuses are machine-stable: English in every language (--lang changes
# only the reasons in the error column), so scripts and spreadsheets read any class the same way.
HEAD = ("student", "status", "score", "max_score", "percent")
TAIL = ("error", "seed")
FORMULA = ("=", "+", "-", "@")


def render(report: ClassReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header(report))
    for student in report.students:
        writer.writerow(row(report, student))
    return out.getvalue()


def header(report: ClassReport) -> list[str]:
    return [*HEAD, *(s.id for s in report.sections), *TAIL]


def row(report: ClassReport, student: StudentResult) -> list[object]:
    if student.has_scores:
        totals: list[object] = [student.score, student.max_score, f"{student.percent:.1f}"]
    else:
        totals = ["", "", ""]
    sections = []
    for s in report.sections:
        score = student.section(s.id)
        sections.append("" if score is None else score.score)
    return [_cell(student.student), student.status.value, *totals, *sections, _cell(student.error), report.seed]


def _cell(text: str) -> str:
    """One line, and never a formula when a spreadsheet opens it (text can come from student code)."""
    text = " ".join(text.split())
    return "'" + text if text.startswith(FORMULA) else text
