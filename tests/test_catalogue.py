"""The catalogue, the stubs, the solutions and the checks agree, and match the public API."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from grader import catalogue
from tests.conftest import ROOT, SOLUTIONS, STUBS

KATAS_MD = ROOT.parent / "shared" / "katas.md"
CHECKS = ROOT / "grader" / "checks"


def _functions(path: Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(path.read_text())
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def _signature(fn: ast.FunctionDef) -> str:
    return ast.unparse(fn.args)


@pytest.mark.parametrize("section", catalogue.load().sections, ids=lambda s: s.id)
def test_every_kata_has_a_stub_a_solution_and_a_check(section):
    stubs, solutions = _functions(STUBS / section.filename), _functions(SOLUTIONS / section.filename)
    checks = _functions(CHECKS / f"test_{section.id}.py")
    checked = {name.removeprefix("test_").split("__")[0] for name in checks if name.startswith("test_")}
    for kata in section.katas:
        assert kata.name in stubs and kata.name in solutions and kata.name in checked, kata.id
        assert _signature(stubs[kata.name]) == _signature(solutions[kata.name]), kata.id
        body = stubs[kata.name].body
        assert ast.get_docstring(stubs[kata.name]), f"{kata.id}: the stub states no task"
        assert isinstance(body[-1], ast.Raise) and "NotImplementedError" in ast.unparse(body[-1]), kata.id
    assert checked <= {k.name for k in section.katas}, "a check names no kata of its section"


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
