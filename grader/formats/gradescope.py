"""Gradescope's autograder results.json.

Spec: Gradescope, "Autograder Specifications", Output format
(https://gradescope-autograders.readthedocs.io/en/latest/specs/, source gradescope/autograder_samples
docs/specs.md). Top level: "score" (overrides the sum of the tests), "execution_time" (seconds),
"output" (text for the whole submission), "output_format", "tests". Per test: "score", "max_score",
"status" ("passed" or "failed"; without it a test passes when score == max_score), "name", "number",
"output", "tags", "visibility".

Choices of ours: one test per kata, named by its id and numbered "section.kata" by position in the
report; a GPU kata skipped for want of a GPU scores 0 out of 0 and is marked "passed" (it is not
held against the student), with the skip reason as its output. Output is plain text
("output_format": "text"), since the default for the top-level output renders HTML.
"""
from __future__ import annotations

import json
from typing import Any

from grader.results import KataResult, Report, Status


def render(report: Report, color: bool = False) -> str:
    return json.dumps(results(report), indent=2, ensure_ascii=False) + "\n"


def results(report: Report) -> dict[str, Any]:
    tests = []
    for s_no, section in enumerate(report.sections, 1):
        for k_no, kata in enumerate(section.katas, 1):
            tests.append({
                "name": kata.id,
                "number": f"{s_no}.{k_no}",
                "score": kata.score,
                "max_score": kata.max_score,
                "status": "failed" if kata.status in (Status.FAILED, Status.ERROR) else "passed",
                "output": test_output(kata),
                "visibility": "visible",
                "tags": [kata.section],
            })
    return {"score": report.score, "execution_time": round(report.duration, 2), "output": summary(report),
            "output_format": "text", "tests": tests}


def test_output(kata: KataResult) -> str:
    if kata.status is Status.SKIPPED:
        return f"skipped: {kata.skip_reason}"
    text = kata.verdict.located
    if kata.output:
        text = f"{text}\n\nYour code printed:\n{kata.output}"
    return text


def summary(report: Report) -> str:
    """One short paragraph for the whole submission."""
    counts = {status: sum(k.status is status for k in report.katas) for status in Status}
    errors = counts[Status.ERROR]
    text = (f"Tensor Katas: {report.score}/{report.max_score} points. {counts[Status.PASSED]} passed, "
            f"{counts[Status.FAILED]} wrong, {errors} {'error' if errors == 1 else 'errors'}")
    if counts[Status.SKIPPED]:
        text += f", {counts[Status.SKIPPED]} skipped and not counted ({report.skipped[0].skip_reason})"
    text += f". Seed {report.seed}: `kata grade --seed {report.seed}` replays these inputs."
    if report.grader_errors:
        text += "\nThe grader itself failed: " + "; ".join(report.grader_errors)
    return text
