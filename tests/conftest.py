"""Shared fixtures for the project's own tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from grader import catalogue
from grader.grading import GradeRequest, grade
from grader.results import Report

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
STUBS = ROOT / "katas"
SEED = 20261126


@pytest.fixture(scope="session")
def course() -> catalogue.Catalogue:
    return catalogue.load()


@pytest.fixture(scope="session")
def solutions_report() -> Report:
    return grade(GradeRequest(path=SOLUTIONS, seed=SEED))


@pytest.fixture(scope="session")
def stubs_report() -> Report:
    return grade(GradeRequest(path=STUBS, seed=SEED))
