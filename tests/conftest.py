"""Shared fixtures for the project's own tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import grader
from grader import i18n
from grader.course import catalogue
from grader.run.grading import GradeRequest, grade
from grader.results import Report

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
STUBS = ROOT / "katas"
SEED = 20261126
GRADER = Path(grader.__file__).resolve().parent


def pytest_report_header() -> str:
    return f"grader under test: {GRADER}"


def pytest_configure(config: pytest.Config) -> None:
    # scripts/test.sh runs the suite against the installed wheel: a checkout's grader/ must not win.
    if os.environ.get("KATA_TEST_INSTALLED") == "1" and GRADER.parent == ROOT:
        raise pytest.UsageError(f"KATA_TEST_INSTALLED=1 but the grader comes from the checkout ({GRADER}); "
                                "run the suite with the venv's `pytest` script, as scripts/test.sh does")


@pytest.fixture(autouse=True)
def language_as_it_was():
    """`--lang ko` through CliRunner sets this process's language: the next test starts as this one did."""
    with i18n.kept():
        yield


@pytest.fixture(scope="session")
def course() -> catalogue.Catalogue:
    return catalogue.load()


@pytest.fixture(scope="session")
def solutions_report() -> Report:
    return grade(GradeRequest(path=SOLUTIONS, seed=SEED))


@pytest.fixture(scope="session")
def stubs_report() -> Report:
    return grade(GradeRequest(path=STUBS, seed=SEED))


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel: those scripts/test.sh built (KATA_SDIST, KATA_WHEEL), or built now."""
    if os.environ.get("KATA_WHEEL") and os.environ.get("KATA_SDIST"):
        return {"wheel": Path(os.environ["KATA_WHEEL"]), "sdist": Path(os.environ["KATA_SDIST"])}
    pytest.importorskip("build", reason="building the sdist needs the `build` package (the test extra has it)")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "-q", "--outdir", str(out), str(ROOT)], check=True,
                   capture_output=True)
    return {"wheel": next(out.glob("*.whl")), "sdist": next(out.glob("*.tar.gz"))}
