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

from grader.i18n import N_, _
from grader.results import KataResult, Report, Status

# The fixed texts, translated where used (grader/i18n.py); keys and statuses never change.
SKIPPED = N_("skipped: {reason}")
PRINTED = N_("Your code printed:")
SUMMARY = N_("Tensor Katas: {score}/{max_score} points. {passed} passed, {failed} wrong, {errors} errors")
SUMMARY_ONE_ERROR = N_("Tensor Katas: {score}/{max_score} points. {passed} passed, {failed} wrong, {errors} error")
SUMMARY_SKIPPED = N_("{count} skipped and not counted ({reason})")
REPLAY = N_("Seed {seed}: `kata grade --seed {seed}` replays these inputs.")
GRADER_FAILED = N_("The grader itself failed: {problems}")


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
        return _(SKIPPED).format(reason=_(kata.skip_reason))
    text = kata.verdict.located
    if kata.output:
        text = f"{text}\n\n{_(PRINTED)}\n{kata.output}"
    return text


def summary(report: Report) -> str:
    """One short paragraph for the whole submission."""
    counts = {status: sum(k.status is status for k in report.katas) for status in Status}
    text = _(SUMMARY_ONE_ERROR if counts[Status.ERROR] == 1 else SUMMARY).format(score=report.score, max_score=report.max_score, passed=counts[Status.PASSED],
                             failed=counts[Status.FAILED], errors=counts[Status.ERROR])
    if counts[Status.SKIPPED]:
        text += ", " + _(SUMMARY_SKIPPED).format(count=counts[Status.SKIPPED], reason=_(report.skipped[0].skip_reason))
    text += ". " + _(REPLAY).format(seed=report.seed)
    if report.grader_errors:
        text += "\n" + _(GRADER_FAILED).format(problems="; ".join(report.grader_errors))
    return text
