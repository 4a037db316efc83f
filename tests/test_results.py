"""The result model: totals and statuses are derived from the katas."""
from __future__ import annotations

from grader.results import KataResult, Report, SectionResult, Status, Verdict
from grader.cli import exit_status


def _report(*statuses: Status, points: int = 2) -> Report:
    katas = tuple(KataResult(id=f"s01.k{i}", section="s01", max_points=points,
                             verdict=Verdict(s, "needs a CUDA GPU" if s is Status.SKIPPED else ""))
                  for i, s in enumerate(statuses))
    return Report(seed=1, environment={}, sections=(SectionResult(id="s01", title="One", katas=katas),))


def test_skipped_katas_count_in_neither_score_nor_max():
    r = _report(Status.PASSED, Status.FAILED, Status.ERROR, Status.SKIPPED)
    assert (r.score, r.max_score) == (2, 6)
    assert r.sections[0].to_dict() == {"id": "s01", "title": "One", "score": 2, "max_score": 6,
                                       "passed": 1, "failed": 2, "skipped": 1}
    skipped = r.to_dict()["katas"][3]
    assert skipped["skip_reason"] == "needs a CUDA GPU" and skipped["max_score"] == 0


def test_exit_status():
    assert exit_status(_report(Status.PASSED, Status.SKIPPED), None) == 0
    assert exit_status(_report(Status.PASSED, Status.FAILED), None) == 1
    assert exit_status(_report(Status.PASSED, Status.FAILED), (2, False)) == 0
    assert exit_status(_report(Status.PASSED, Status.FAILED), (51, True)) == 1
    assert exit_status(_report(Status.PASSED, Status.FAILED), (50, True)) == 0
    fault = Report(seed=1, environment={}, sections=(), grader_errors=("boom",))
    assert exit_status(fault, (0, False)) == 3
