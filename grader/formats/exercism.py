"""The Exercism test runner interface, version 3 (results.json).

Spec: exercism/docs, building/tooling/test-runners/interface.md
(https://exercism.org/docs/building/tooling/test-runners/interface). Top level: "version" (3: tests
linked to tasks), "status" ("pass": all tests passed; "fail": at least one failed; "error": the
tests did not run correctly), "message" (required when status is "error", else null or omitted),
"tests" in the order of the test file. Per test: "name", "status" ("pass", "fail", "error"),
"message" (optional; null or omitted when there is none), "output" (what the user printed, at most
500 characters: truncate with a note or error), "task_id" (a number: the task the test belongs to),
"test_code" (SHOULD be present for practice exercises; left out here, see below).

Choices of ours: tests are the katas in catalogue order; task_id is the 1-based position of the
kata's section in the report; "error" is kept for a failure of the grader itself. A GPU kata skipped
for want of a GPU is a "pass" whose message gives the skip reason (the interface has no skip
status, and a missing GPU is not held against the student). "test_code" is omitted: the checks
are hidden from students, and the spec defines it as the body of the test.
"""
from __future__ import annotations

import json
from typing import Any

from grader.results import KataResult, Report, Status

VERSION = 3
OUTPUT_LIMIT = 500
TRUNCATED = " [Output was truncated. Please limit to 500 chars]"
STATUS = {Status.PASSED: "pass", Status.SKIPPED: "pass", Status.FAILED: "fail", Status.ERROR: "error"}


def render(report: Report, color: bool = False) -> str:
    return json.dumps(results(report), indent=2, ensure_ascii=False) + "\n"


def results(report: Report) -> dict[str, Any]:
    tests = [_test(kata, task_id) for task_id, section in enumerate(report.sections, 1) for kata in section.katas]
    if report.grader_failed:
        status = "error"
        message: str | None = "The grader itself failed: " + ("; ".join(report.grader_errors) or "see the tests")
    else:
        status = "fail" if any(t["status"] != "pass" for t in tests) else "pass"
        message = None
    return {"version": VERSION, "status": status, "message": message, "tests": tests}


def truncate(output: str) -> str:
    """At most OUTPUT_LIMIT characters, ending with the spec's note when cut."""
    output = output.strip()
    if len(output) > OUTPUT_LIMIT:
        output = output[:OUTPUT_LIMIT - len(TRUNCATED)] + TRUNCATED
    return output


def _test(kata: KataResult, task_id: int) -> dict[str, Any]:
    test: dict[str, Any] = {"name": kata.id, "status": STATUS[kata.status]}
    if kata.status is Status.SKIPPED:
        test["message"] = f"skipped: {kata.skip_reason}"
    elif kata.status is not Status.PASSED:
        message = kata.message
        if kata.where and kata.where not in message:
            message = f"{message} ({kata.where})"
        test["message"] = message
    output = truncate(kata.output)
    if output:
        test["output"] = output
    test["task_id"] = task_id
    return test
