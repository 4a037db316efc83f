"""What GitHub Classroom's autograding reporter reads from a grader step.

Sources (read, not guessed):
- classroom-resources/autograding-grading-reporter, src/main.js: for each runner id it reads the
  environment variable `<RUNNER-ID>_RESULTS` (the grader step's `result` output), base64-decodes it
  and parses JSON; the step fails when a runner's top-level "status" is "fail" or "error".
  src/notify-classroom.js: points = sum of tests[].score, maximum = top-level "max_score" (a runner
  with no max_score adds nothing). The console reporter (dist/main.js) prints per test "name",
  "status" ("pass", "fail", "error"), "line_no" (shown when not 0), "message" (shown for "error")
  and "test_code" (shown when not empty).
- classroom-resources/autograding-command-grader / autograding-io-grader (src/main.js): the result
  object is {"version": 1, "status", "max_score", "tests": [{"name", "status", "score", "message",
  "test_code", "filename", "line_no", "duration"}]}, set as the step output `result` in base64.
- classroom-resources/autograding-python-grader bin/run.sh (= exercism/python-test-runner's
  classroom branch): `echo "result=$(jq -c . results.json | jq -sRr @base64)" >> "$GITHUB_OUTPUT"`.

The time of a test is written as "execution_time" (seconds), the name this project uses; the
classroom graders call it "duration" and the reporter reads neither.

The reporter computes two totals (src/notify-classroom.js, NotifyClassroom; src/helpers/
test-helpers.js, getTestScore): the points it posts to Classroom, sum(tests[].score) out of
max_score, and the points it prints in the step log, (tests passed / len(tests)) * max_score. It
has no skipped status and no per-test maximum, so for both to equal the report's score and
max_score: a GPU kata skipped for want of a GPU is left out of "tests" (it counts in neither total,
as in the JSON report), and a kata worth p points is p tests worth 1 point each, the first named
by the kata id with its message and test code, the others "<id> [point k/p]" with a message that
points back at it (the console prints an error's message, else "Failed to run test"). When
nothing was graded (max_score 0) the skipped katas are listed as "pass" with 0 points: an empty
list would print 0/0, NaN.
"""
from __future__ import annotations

import base64
import json
import re
from typing import Any

from grader.i18n import N_, _
from grader.results import KataResult, Report, Status

VERSION = 1
STATUS = {Status.PASSED: "pass", Status.SKIPPED: "pass", Status.FAILED: "fail", Status.ERROR: "error"}
EXTRA_POINT = "{id} [point {k}/{p}]"  # the name of a kata's second and later points (a test name: never translated)
# The messages, translated where used (grader/i18n.py).
GRADER_FAILED = N_("the grader itself failed")
SEE_ABOVE = N_("see {kata} above")
SKIPPED = N_("skipped: {reason}")
WHERE = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")


def render(report: Report, color: bool = False) -> str:
    return json.dumps(result(report), indent=2, ensure_ascii=False) + "\n"


def result(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {"version": VERSION, "status": overall_status(report), "max_score": report.max_score,
                           "tests": tests(report)}
    if out["status"] == "error":
        out["message"] = "; ".join(report.grader_errors) or _(GRADER_FAILED)
    return out


def github_output_line(report: Report) -> str:
    """The line a grader step appends to $GITHUB_OUTPUT: `result=<base64 of the compact JSON>`."""
    compact = json.dumps(result(report), separators=(",", ":"), ensure_ascii=False)
    return "result=" + base64.b64encode(compact.encode("utf-8")).decode("ascii")


def overall_status(report: Report) -> str:
    if report.grader_failed:
        return "error"
    if any(k.status in (Status.FAILED, Status.ERROR) for k in report.katas):
        return "fail"
    return "pass"


def tests(report: Report) -> list[dict[str, Any]]:
    """One test per point of every graded kata, in catalogue order; skipped katas only when nothing was graded."""
    graded = [k for k in report.katas if k.status is not Status.SKIPPED]
    if not graded:
        return [_test(k, report.seed) for k in report.katas]
    return [test for k in graded for test in _points(k, report.seed)]


def _points(kata: KataResult, seed: int) -> list[dict[str, Any]]:
    """A kata worth p points as p tests worth 1 point each: the reporter counts tests, not points.
    The later points repeat the status, not the message or the test code (the reporter prints them)."""
    first = _test(kata, seed)
    return [first, *({**first, "name": EXTRA_POINT.format(id=kata.id, k=k, p=kata.max_points),
                      "message": None if kata.status is Status.PASSED else _(SEE_ABOVE).format(kata=kata.id),
                      "test_code": "", "execution_time": 0.0} for k in range(2, kata.max_points + 1))]


def _test(kata: KataResult, seed: int) -> dict[str, Any]:
    filename, line_no = f"{kata.section}.py", 0
    m = WHERE.match(kata.where or "")
    if m:
        filename, line_no = m["file"].replace("\\", "/").rsplit("/", 1)[-1], int(m["line"])
    message: str | None
    if kata.status is Status.SKIPPED:
        message = _(SKIPPED).format(reason=_(kata.skip_reason))
    else:
        message = kata.message or None
    return {"name": kata.id, "status": STATUS[kata.status], "message": message,
            "test_code": f"kata grade --kata {kata.id} --seed {seed}", "filename": filename, "line_no": line_no,
            "execution_time": round(kata.duration, 4), "score": 1 if kata.status is Status.PASSED else 0}
