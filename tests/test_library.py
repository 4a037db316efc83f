"""`grader.grade()` called from other Python code leaves the calling process as it was."""
from __future__ import annotations

import ctypes
import signal
import subprocess
import sys

import pytest
import torch

import grader
from grader.results import Report, Status
from tests.conftest import SEED, SOLUTIONS, STUBS

S03 = ("s03_creating",)
PR_GET_DUMPABLE, PR_GET_CHILD_SUBREAPER = 3, 37


def _process_state() -> dict[str, object]:
    libc = ctypes.CDLL(None, use_errno=True)
    subreaper = ctypes.c_int(0)
    libc.prctl(PR_GET_CHILD_SUBREAPER, ctypes.byref(subreaper), 0, 0, 0)
    return {"threads": torch.get_num_threads(), "dumpable": libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0),
            "subreaper": subreaper.value, "sigint": signal.getsignal(signal.SIGINT),
            "sigterm": signal.getsignal(signal.SIGTERM)}


@pytest.mark.slow  # starts a grading interpreter: a torch import
@pytest.mark.skipif(sys.platform != "linux", reason="reads Linux process flags")
def test_grading_from_python_changes_nothing_in_the_caller():
    torch.set_num_threads(2)  # whatever the caller chose must survive: the grader's own runs use 1
    before = _process_state()
    neighbour = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        report = grader.grade(grader.GradeRequest(path=SOLUTIONS, sections=S03, seed=SEED))
        assert neighbour.poll() is None, "the caller's own child was killed"
    finally:
        neighbour.kill()
        neighbour.wait()
    assert _process_state() == before
    assert isinstance(report, Report) and report.seed == SEED
    assert report.max_score > 0 and report.score == report.max_score


@pytest.mark.slow
def test_grading_from_python_reports_what_the_cli_reports(stubs_report):
    report = grader.grade(grader.GradeRequest(path=STUBS, sections=S03, seed=SEED))
    here = [k for k in stubs_report.katas if k.section == S03[0]]
    assert [(k.id, k.status, k.verdict) for k in report.katas] == [(k.id, k.status, k.verdict) for k in here]
    assert all(k.status is Status.ERROR and k.not_started for k in report.katas)


def test_a_request_that_cannot_be_graded_raises_usage_error(tmp_path):
    with pytest.raises(grader.run.request.UsageError, match="is not a folder"):
        grader.grade(grader.GradeRequest(path=tmp_path / "missing"))
    with pytest.raises(grader.run.request.UsageError, match="unknown kata"):
        grader.grade(grader.GradeRequest(path=SOLUTIONS, katas=("s03_creating.nope",)))
