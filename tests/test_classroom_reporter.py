"""GitHub Classroom's reporter reading our `classroom` result: the points it posts and the totals it prints
equal the report's, skipped GPU katas included (tests/ci_sim.classroom_reporter restates its source; with
KATA_CLASSROOM_REPORTER set to a checkout of classroom-resources/autograding-grading-reporter at tag v1,
its own code runs too, with node)."""
from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from grader.formats import classroom
from grader.results import Report, SectionResult, Status
from tests import ci_sim
from tests.test_formats import ENV, kata


def reporter_sees(report: Report) -> ci_sim.ReporterTotals:
    line = classroom.github_output_line(report)
    env = {"KATAS_RESULTS": line[len("result="):]}
    totals = ci_sim.classroom_reporter("katas", env)
    if os.environ.get("KATA_CLASSROOM_REPORTER"):
        assert ci_sim.node_reporter(Path(os.environ["KATA_CLASSROOM_REPORTER"]), "katas", env) == totals
    return totals


def catalogue_run(passed: int, skipped: int, failed: int) -> Report:
    statuses = [Status.PASSED] * passed + [Status.SKIPPED] * skipped + [Status.FAILED] * failed
    return Report(seed=1, environment=ENV, sections=(SectionResult(id="s09_gpu", title="9. GPU", katas=tuple(
        kata(f"s09_gpu.k{i}", s, 1, message="m", skip_reason="needs a CUDA GPU") for i, s in enumerate(statuses))),))


def test_the_port_reproduces_what_the_reporter_printed_for_skipped_katas_sent_as_passes():
    # The measurement: 66 katas, 3 passed, 2 GPU katas skipped and sent as "pass" with 0 points.
    tests = [{"name": f"k{i}", "status": "pass" if i < 5 else "fail", "score": 1 if i < 3 else 0} for i in range(66)]
    old = {"version": 1, "status": "fail", "max_score": 64, "tests": tests}
    env = {"KATAS_RESULTS": base64.b64encode(json.dumps(old).encode()).decode()}
    totals = ci_sim.classroom_reporter("katas", env)
    assert totals.posted == "Points 3/64" and totals.console == ["Total points for katas: 4.85/64"]


@pytest.mark.parametrize("passed, skipped, failed", [(3, 2, 61), (0, 2, 62), (64, 2, 0), (1, 5, 3), (40, 4, 7)])
def test_skipped_katas_change_neither_the_points_posted_nor_the_totals_printed(passed, skipped, failed):
    report = catalogue_run(passed, skipped, failed)
    score, maximum = report.score, report.max_score
    assert (score, maximum) == (passed, passed + failed)
    totals = reporter_sees(report)
    assert totals.posted == f"Points {score}/{maximum}"
    assert totals.console == [f"Total points for katas: {score}.00/{maximum}"]
    assert totals.table_total == (str(score), str(maximum))


def test_katas_worth_several_points_add_up_in_every_total():
    report = Report(seed=1, environment=ENV, sections=(SectionResult(id="s01_a", title="1. A", katas=(
        kata("s01_a.x", Status.PASSED, 3), kata("s01_a.y", Status.FAILED, 2, message="m"),
        kata("s01_a.z", Status.SKIPPED, 4, skip_reason="needs a CUDA GPU"),
        kata("s01_a.w", Status.ERROR, 1, message="raised"))),))
    totals = reporter_sees(report)
    assert (totals.posted, totals.console, totals.table_total) == (
        "Points 3/6", ["Total points for katas: 3.00/6"], ("3", "6"))


def test_a_run_with_every_kata_skipped_posts_nothing_and_prints_no_nan():
    totals = reporter_sees(catalogue_run(0, 3, 0))
    assert (totals.posted, totals.console, totals.table_total) == (None, [], ("0", "0"))
