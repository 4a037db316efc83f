"""Checks altered after installation are refused: a write that once got through must not give
marks in every later run."""
from __future__ import annotations

import os

import pytest

from grader.run import fingerprint
from grader.run.grading import CHECKS_DIR, GradeRequest, grade
from tests.conftest import SEED, SOLUTIONS

pytestmark = pytest.mark.skipif(os.environ.get("KATA_TEST_INSTALLED") != "1",
                                reason="compares the installed checks with the wheel's RECORD")


def test_the_installed_checks_are_as_the_wheel_recorded_them():
    assert fingerprint.altered_checks(CHECKS_DIR) == []


def test_a_check_file_changed_after_installation_is_refused():
    check = CHECKS_DIR / "test_s03_creating.py"
    original = check.read_bytes()
    try:
        check.write_bytes(original + b"\n\ndef test_zero_to_ten__forged(student):\n    pass\n")
        assert fingerprint.altered_checks(CHECKS_DIR) == ["test_s03_creating.py"]
        report = grade(GradeRequest(path=SOLUTIONS, sections=("s03_creating",), seed=SEED))
    finally:
        check.write_bytes(original)
    assert report.grader_failed and report.score == 0
    assert any("changed after installation (test_s03_creating.py)" in e for e in report.grader_errors)
