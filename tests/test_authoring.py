"""The authoring check: solutions pass, stubs fail, accepted answers pass, wrong answers fail
their own kata (and no other) with a message that names the mistake."""
from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from pathlib import Path

import pytest

from grader import catalogue
from grader.grading import GradeRequest, grade
from grader.results import Status
from tests.conftest import SEED, SOLUTIONS

COURSE = catalogue.load()
PRELUDE = "\n\n# ----- variant under test -----\nimport random\nimport numpy as np\nimport torch\n\n"


def _variants() -> list:
    found = []
    for section in COURSE.sections:
        try:
            module = importlib.import_module(f"tests.variants.{section.id}")
        except ModuleNotFoundError:
            continue
        for name, fn in vars(module).items():
            if callable(fn) and hasattr(fn, "variant"):
                status, kata, says = fn.variant
                found.append(pytest.param(section.id, fn, status, kata, says, id=f"{section.id}.{name}"))
    return found


def _source_as(fn, kata: str) -> str:
    """The function's source without decorators, renamed to the kata's name."""
    source = textwrap.dedent(inspect.getsource(fn))
    node = ast.parse(source).body[0]
    lines = source.splitlines()[node.lineno - 1:]
    lines[0] = lines[0].replace(f"def {fn.__name__}(", f"def {kata}(", 1)
    return "\n".join(lines) + "\n"


def test_solutions_pass_every_kata(solutions_report):
    bad = [(k.id, k.status.value, k.message) for k in solutions_report.katas
           if k.status not in (Status.PASSED, Status.SKIPPED)]
    assert not bad
    assert solutions_report.score == solutions_report.max_score > 0
    assert all(k.skip_reason for k in solutions_report.skipped)


def test_every_kata_of_the_catalogue_is_reported(solutions_report, course):
    assert [k.id for k in solutions_report.katas] == [k.id for k in course.katas]


def test_stubs_fail_every_kata(stubs_report):
    passing = [k.id for k in stubs_report.katas if k.status is Status.PASSED]
    assert not passing
    assert stubs_report.score == 0
    for k in stubs_report.katas:
        if k.status is not Status.SKIPPED:
            assert "NotImplementedError" in k.message, k


@pytest.mark.parametrize("section, fn, status, kata, says", _variants())
def test_variant(tmp_path: Path, section: str, fn, status: str, kata: str, says: str) -> None:
    source = (SOLUTIONS / f"{section}.py").read_text() + PRELUDE + _source_as(fn, kata.split(".")[-1])
    (tmp_path / f"{section}.py").write_text(source)
    report = grade(GradeRequest(path=tmp_path, sections=(section,), seed=SEED))
    target = f"{section}.{kata}"
    for k in report.katas:
        if k.status is Status.SKIPPED:
            continue
        if k.id == target and status != "accepted":
            assert k.status.value == status, f"{k.id}: {k.status.value}: {k.message}"
            assert says.lower() in k.message.lower(), k.message
        else:
            assert k.status is Status.PASSED, f"{k.id}: {k.status.value}: {k.message}"
