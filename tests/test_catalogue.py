"""The catalogue matches the public API (katas.md) and refuses bad data; that the files agree with it is
tests/test_authoring.py's job."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from grader.course import catalogue
from tests.conftest import ROOT, STUBS

KATAS_MD = ROOT.parent / "shared" / "katas.md"


def _functions(path: Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(path.read_text())
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def test_the_catalogue_is_the_public_api_of_katas_md():
    if not KATAS_MD.exists():
        pytest.skip("../shared/katas.md is not beside this checkout")
    text = KATAS_MD.read_text()
    expected = {}
    section = None
    for line in text.splitlines():
        if m := re.match(r"^## (s\w+):", line):
            section = m.group(1)
        elif m := re.match(r"^- `(\w+)\((.*?)\)", line):
            expected[f"{section}.{m.group(1)}"] = m.group(2)
    course = catalogue.load()
    assert [k.id for k in course.katas] == list(expected)
    for kata in course.katas:
        stub = _functions(STUBS / f"{kata.section}.py")[kata.name]
        names = [a.arg for a in stub.args.args]
        assert names == [p.split(":")[0].strip() for p in expected[kata.id].split(",") if p.strip()], kata.id


@pytest.mark.parametrize("data, says", [
    ({"version": 2}, "version must be 1"),
    ({"version": 1, "section": [{"id": "a", "title": "A", "katas": [{"name": "k", "task": "t"}] * 2}]},
     "listed twice"),
    ({"version": 1, "section": [{"id": "a", "title": "A", "katas": [{"name": "k", "task": "t", "points": 0}]}]},
     "points 0"),
])
def test_bad_catalogues_are_refused_naming_the_problem(data, says):
    with pytest.raises(ValueError, match=says):
        catalogue.parse(data, source="test.toml")
