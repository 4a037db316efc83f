"""The Exercism test runner interface, version 3 (results.json).

Spec: exercism/docs, building/tooling/test-runners/interface.md
(https://exercism.org/docs/building/tooling/test-runners/interface). Top level: "version" (3: tests
linked to tasks), "status" ("pass": all tests passed; "fail": at least one test has the status
"fail" or "error"; "error": no test was executed, to be used only if all of the tests errored),
"message" (required when status is "error", at most 65535 characters; else null or omitted),
"tests" in the order of the test file. Per test: "name", "test_code" (MUST be present when the
student is not shown the tests, as in Concept Exercises: "the body of the command that is being
tested"), "status" ("pass", "fail", "error"), "message" (required for "fail" and "error"),
"output" ("attached to all test results that produce user output", only what the user printed,
at most 500 characters: truncate with "Output was truncated. Please limit to 500 chars" or error),
"task_id" (the number at the start of the task's heading; only when the test belongs to exactly
one task). The runner itself: exercism_runner.py.

Choices of ours:
- Tests are the katas in catalogue order. A kata's task is its section, whose number is the
  section's 1-based position in the catalogue (the course's headings "3. Creating tensors"), the
  same whatever was selected; a section the catalogue does not know gets no task_id.
- "error" only when no kata was graded at all: the grader failed as a whole, so every kata is a
  grader fault. A kata the grader failed on while others were graded is a test with status
  "error", and the run is "fail".
- The checks are hidden, so "test_code" says what the check does and how to run it: the kata's
  task from the catalogue as a comment, then the command that runs this kata's check on the same
  inputs (`kata grade --kata ID --seed N`).
- "output" is whatever the kata's result carries as printed output, for any status; the result
  model carries it when the grader captured it.
- A GPU kata skipped for want of a GPU is a "pass" whose message gives the skip reason (the
  interface has no skip status, and a missing GPU is not held against the student).
"""
from __future__ import annotations

import json
from typing import Any

from grader.course import catalogue
from grader import i18n
from grader.i18n import N_, _
from grader.results import KataResult, Report, Status

VERSION = 3
OUTPUT_LIMIT = 500
TRUNCATED = " [Output was truncated. Please limit to 500 chars]"
MESSAGE_LIMIT = 65535
# The messages, translated where used (grader/i18n.py); TRUNCATED is the spec's own wording.
SKIPPED = N_("skipped: {reason}")
NOTHING_GRADED = N_("no kata could be graded")
STATUS = {Status.PASSED: "pass", Status.SKIPPED: "pass", Status.FAILED: "fail", Status.ERROR: "error"}


def render(report: Report, color: bool = False, course: catalogue.Catalogue | None = None) -> str:
    return json.dumps(results(report, course), indent=2, ensure_ascii=False) + "\n"


def results(report: Report, course: catalogue.Catalogue | None = None) -> dict[str, Any]:
    """results.json for `report`; `course` (the catalogue by default) numbers the tasks and states them."""
    course = course if course is not None else catalogue.load()
    task_ids = {s.id: n for n, s in enumerate(course.sections, 1)}
    tasks = {k.id: k.task_in(i18n.current()) for k in course.katas}
    tests = [_test(k, task_ids.get(k.section), tasks.get(k.id), report.seed) for k in report.katas]
    if not_graded(report):
        message = "; ".join(report.grader_errors) or _first_message(report)
        return {"version": VERSION, "status": "error", "message": message[:MESSAGE_LIMIT], "tests": tests}
    status = "fail" if any(t["status"] != "pass" for t in tests) else "pass"
    return {"version": VERSION, "status": status, "message": None, "tests": tests}


def not_graded(report: Report) -> bool:
    """No test was executed: every kata is a grader fault (the grader failed as a whole)."""
    return all(k.grader_fault for k in report.katas)


def truncate(output: str) -> str:
    """At most OUTPUT_LIMIT characters, ending with the spec's note when cut."""
    output = output.strip()
    if len(output) > OUTPUT_LIMIT:
        output = output[:OUTPUT_LIMIT - len(TRUNCATED)] + TRUNCATED
    return output


def test_code(kata: KataResult, task: str | None, seed: int) -> str:
    command = f"kata grade --kata {kata.id} --seed {seed}"
    return f"# {task}\n{command}" if task else command


def _test(kata: KataResult, task_id: int | None, task: str | None, seed: int) -> dict[str, Any]:
    test: dict[str, Any] = {"name": kata.id, "test_code": test_code(kata, task, seed), "status": STATUS[kata.status]}
    if kata.status is Status.SKIPPED:
        test["message"] = _(SKIPPED).format(reason=_(kata.skip_reason))
    elif kata.status is not Status.PASSED:
        test["message"] = kata.verdict.located
    output = truncate(kata.output)
    if output:
        test["output"] = output
    if task_id is not None:
        test["task_id"] = task_id
    return test


def _first_message(report: Report) -> str:
    return next((k.message for k in report.katas if k.message), _(NOTHING_GRADED))
