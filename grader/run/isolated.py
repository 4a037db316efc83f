"""`grade()` for other Python code (a notebook, a course's own tool): the run happens in a fresh
interpreter the grader owns, so the caller's process keeps its threads, signal handlers,
dumpability, subreaper flag and children exactly as they were.

grading.grade() is the same run in the current process, for processes the grader owns (the
`kata` command, grade-all's workers). It costs one more torch import here, a second or two.
"""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from grader import i18n
from grader.i18n import N_, _
from grader.results import Report
from grader.course import catalogue
from grader.run.request import GradeRequest, UsageError, checked, fallback_report
from grader.sandbox.limits import Limits

REPLY_MARK = "kata-report:"  # the line the grading process answers with; anything else it printed is noise
NO_PYTHON = N_("the grader failed: could not start Python ({error})")
NO_REPORT = N_("the grader failed: its process ended without a report ({error})")
FAILED = N_("the grader failed: {error}")


def grade(request: GradeRequest) -> Report:
    """Grade `request` in a process of its own and return its Report.

    Raises UsageError for a request that cannot be graded as asked (a missing folder, an unknown
    kata); any failure of the grader itself comes back as a valid Report marked as a grader fault.
    """
    if request.lang is not None:
        i18n.use(request.lang)  # the usage errors and fallback reports here speak it too
    checked(request, catalogue.load())  # a usage error costs no interpreter
    order = json.dumps(_plain(request))
    try:
        done = subprocess.run([sys.executable, "-m", "grader.run.isolated"], input=order, capture_output=True,
                              text=True, encoding="utf-8", errors="backslashreplace")
    except OSError as e:
        return fallback_report(request, _(NO_PYTHON).format(error=e))
    replies = [line[len(REPLY_MARK):] for line in done.stdout.splitlines() if line.startswith(REPLY_MARK)]
    if not replies:
        tail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return fallback_report(request, _(NO_REPORT).format(error=tail))
    reply = json.loads(replies[-1])
    if "usage_error" in reply:
        raise UsageError(reply["usage_error"])
    return Report.from_record(reply["report"])


def _plain(request: GradeRequest) -> dict[str, Any]:
    plain = asdict(request)
    plain["path"] = str(Path(request.path).expanduser().absolute())
    plain["checks"] = None if request.checks is None else str(Path(request.checks).absolute())
    return plain


def _request(plain: dict[str, Any]) -> GradeRequest:
    checks = plain.pop("checks")
    return GradeRequest(**dict(plain, path=Path(plain["path"]), checks=None if checks is None else Path(checks),
                               sections=tuple(plain["sections"]), katas=tuple(plain["katas"]),
                               limits=Limits(**plain["limits"])))


def main() -> None:
    request = _request(json.loads(sys.stdin.read()))
    try:
        from grader.run.grading import grade as grade_here  # noqa: PLC0415 - torch, only in this process

        reply: dict[str, Any] = {"report": grade_here(request).to_record()}
    except UsageError as e:
        reply = {"usage_error": str(e)}
    except Exception as e:  # noqa: BLE001 - the grader's own failure still ends in a valid report
        reply = {"report": fallback_report(request, _(FAILED).format(error=f"{type(e).__name__}: {e}")).to_record()}
    sys.stdout.write(f"\n{REPLY_MARK}{json.dumps(reply)}\n")


if __name__ == "__main__":
    main()
