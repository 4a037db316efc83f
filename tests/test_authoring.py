"""The authoring check of this course, through the library `kata dev check` runs: solutions pass,
stubs fail, accepted answers pass, wrong answers fail their own kata with a message that names
the mistake, and the catalogue and the files agree."""
from __future__ import annotations

from typing import Iterable

import pytest

from grader.course import catalogue
from grader.authoring import check, layout
from grader.authoring.checkout import Checkout, differences_from_installed
from grader.authoring.check import VariantOutcome
from grader.authoring.report import Problem
from grader.authoring.variants import Variant
from grader.results import Report
from tests.conftest import ROOT, SEED

CHECKOUT = Checkout(ROOT)
COURSE = catalogue.load(CHECKOUT.catalogue_file)


def _variants() -> list[Variant]:
    return [v for s in COURSE.sections for v in layout.check_variants(CHECKOUT, s)[0]]


def _text(problems: Iterable[Problem | None]) -> str:
    return "\n".join(f"{p.where}: {p.what} (next: {p.next})" for p in problems if p)


@pytest.fixture(scope="module")
def variant_outcomes() -> dict[str, VariantOutcome]:
    """Every variant of the course graded once, in as few runs as rounds.py can pack them."""
    outcomes = check.grade_rounds(CHECKOUT, check.plan(CHECKOUT, COURSE, _variants()), SEED)
    return {o.variant.label: o for o in outcomes}


def test_the_installed_grader_is_this_checkout():
    assert differences_from_installed(CHECKOUT) == ()


def test_no_stray_module():
    assert not layout.strays(CHECKOUT, COURSE), _text(layout.strays(CHECKOUT, COURSE))


@pytest.mark.parametrize("section", COURSE.sections, ids=lambda s: s.id)
def test_every_kata_has_a_stub_a_solution_and_a_check(section: catalogue.Section):
    problems, _ = layout.check_section(CHECKOUT, section)
    assert not problems, _text(problems)


@pytest.mark.parametrize("section", COURSE.sections, ids=lambda s: s.id)
def test_variants_are_readable_and_name_katas_of_their_section(section: catalogue.Section):
    _, problems = layout.check_variants(CHECKOUT, section)
    assert not problems, _text(problems)


def test_solutions_pass_every_kata(solutions_report: Report):
    assert not _text(check.judge_solution(CHECKOUT, k) for k in solutions_report.katas)
    assert solutions_report.score == solutions_report.max_score > 0


def test_every_kata_of_the_catalogue_is_reported(solutions_report: Report):
    assert [k.id for k in solutions_report.katas] == [k.id for k in COURSE.katas]


def test_stubs_fail_every_kata(stubs_report: Report):
    assert not _text(check.judge_stub(CHECKOUT, k) for k in stubs_report.katas)
    assert stubs_report.score == 0


@pytest.mark.slow  # every variant graded: `kata dev check`'s rounds, half a minute or more; CI's tier
@pytest.mark.parametrize("label", [v.label for v in _variants()])
def test_variant(variant_outcomes: dict[str, VariantOutcome], label: str):
    problem = check.judge_variant(CHECKOUT, variant_outcomes[label])
    assert problem is None, _text([problem])
