"""`kata dev check`: the course is consistent. Stubs fail every kata, solutions pass every kata,
every variant lands on its kata as marked, and the catalogue and the files agree.

Read in the order of a run: scope, layout, grading of stubs and solutions, grading of variants in
rounds (rounds.py), then the pure `judge_*` functions that turn one graded kata into a Problem or
None; the project's own tests call the same functions.
"""
from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from grader.course import catalogue
from grader.authoring import layout, rounds, runs
from grader.authoring.checkout import Checkout, differences_from_installed
from grader.authoring.report import DevReport, Problem
from grader.authoring.variants import Variant
from grader.i18n import _
from grader.results import KataResult, Report, Status

DEV_SEED = 20261126  # fixed, so that two runs of the check grade the same inputs; --seed tries others


class ScopeError(ValueError):
    """--section or --kata names nothing in the catalogue."""


@dataclass(frozen=True)
class VariantOutcome:
    """How one variant was graded: its kata's result, and the section's other katas when graded alone."""

    variant: Variant
    result: KataResult
    others: tuple[KataResult, ...] = ()


def check(checkout: Checkout, sections: Iterable[str] = (), katas: Iterable[str] = (),
          seed: int = DEV_SEED) -> DevReport:
    """Check the whole course, or only the sections and katas named."""
    started = time.perf_counter()
    try:
        course = catalogue.read(checkout.catalogue_file)
    except (OSError, ValueError, KeyError) as e:
        problem = Problem(checkout.rel(checkout.catalogue_file), _("the catalogue cannot be read: {error}").format(error=e), "kata dev check")
        return DevReport((problem,), 0, 0, 0, (), time.perf_counter() - started)
    sections, katas = tuple(sections), tuple(katas)
    chosen = scope(course, sections, katas)
    problems, broken, variants = _layout(checkout, course, chosen, whole=not sections and not katas)
    differences = differences_from_installed(checkout)
    if differences:
        problems.append(Problem(", ".join(differences), _("the installed grader grades with its own catalogue and "
                                                          "checks, and these differ from this checkout's: install "
                                                          "it first"),
                                f"pip install -e {checkout.root} && kata dev check"))
        return DevReport(tuple(problems), 0, 0, 0, (), time.perf_counter() - started)
    graded = tuple(k for k in chosen if k.id not in broken)
    ids = tuple(k.id for k in graded)
    planned = plan(checkout, course, (v for v in variants if v.kata_id not in broken))
    with tempfile.TemporaryDirectory(prefix="kata-dev-") as tmp:
        todo = [runs.Run(checkout.katas, ids), runs.Run(checkout.solutions, ids),
                *_round_runs(checkout, course, planned, Path(tmp))]
        stubs, solutions, *round_reports = [runs.grade(run, seed) for run in todo]
    outcomes = _outcomes(planned, round_reports)
    problems += _grader_errors(checkout, stubs, checkout.katas)
    problems += _grader_errors(checkout, solutions, checkout.solutions)
    problems += [p for k in stubs.katas if (p := judge_stub(checkout, k))]
    problems += [p for k in solutions.katas if (p := judge_solution(checkout, k))]
    problems += [p for o in outcomes if (p := judge_variant(checkout, o))]
    skipped = tuple(k.id for k in solutions.katas if k.status is Status.SKIPPED)
    skipped += tuple(o.variant.label for o in outcomes if o.result.status is Status.SKIPPED)
    return DevReport(tuple(problems), katas=len(graded), variants=len(outcomes), runs=2 + len(planned),
                     skipped=skipped, duration=time.perf_counter() - started)


def _layout(checkout: Checkout, course: catalogue.Catalogue, chosen: tuple[catalogue.Kata, ...],
            whole: bool) -> tuple[list[Problem], set[str], list[Variant]]:
    """Layout problems of the chosen katas' sections (and stray modules when checking the whole
    course), the ids of the katas they leave broken, and the chosen katas' variants."""
    problems: list[Problem] = list(layout.strays(checkout, course)) if whole else []
    broken: set[str] = set()
    variants: list[Variant] = []
    ids = {k.id for k in chosen}
    for section in course.sections:
        if any(k.section == section.id for k in chosen):
            found, unfit = layout.check_section(checkout, section)
            read, unreadable = layout.check_variants(checkout, section)
            problems += [*found, *unreadable]
            broken |= unfit
            variants += [v for v in read if v.kata_id in ids]
    return problems, broken, variants


def scope(course: catalogue.Catalogue, sections: tuple[str, ...], katas: tuple[str, ...]) -> tuple[catalogue.Kata, ...]:
    """The katas named (all when none is), in catalogue order; ScopeError for an unknown name."""
    known_sections, known_katas = {s.id for s in course.sections}, {k.id for k in course.katas}
    for s in sections:
        if s not in known_sections:
            raise ScopeError(_("unknown section {section}; `kata list` shows them all").format(section=repr(s)))
    for k in katas:
        if k not in known_katas:
            raise ScopeError(_("unknown kata {kata}; `kata list` shows them all (ids look like "
                               "s03_creating.zero_to_ten)").format(kata=repr(k)))
    if not sections and not katas:
        return course.katas
    return tuple(k for k in course.katas if k.section in sections or k.id in katas)


def plan(checkout: Checkout, course: catalogue.Catalogue, variants: Iterable[Variant]) -> tuple[rounds.Round, ...]:
    """The grading rounds for `variants`."""
    variants = tuple(variants)
    names = {s.id: frozenset(k.name for k in s.katas) for s in course.sections}
    return rounds.plan(variants, rounds.entangled(variants, names, checkout.solutions))


def grade_rounds(checkout: Checkout, planned: Sequence[rounds.Round], seed: int) -> tuple[VariantOutcome, ...]:
    """Grade each round in a folder of its own; one outcome per variant, in round order."""
    course = catalogue.read(checkout.catalogue_file)
    with tempfile.TemporaryDirectory(prefix="kata-dev-") as tmp:
        reports = [runs.grade(run, seed) for run in _round_runs(checkout, course, planned, Path(tmp))]
    return _outcomes(planned, reports)


def _round_runs(checkout: Checkout, course: catalogue.Catalogue, planned: Sequence[rounds.Round],
                tmp: Path) -> list[runs.Run]:
    """A run per round, its folder written under `tmp`: the round's katas, or its whole section when alone."""
    out = []
    for i, round_ in enumerate(planned):
        folder = rounds.write(round_, checkout.solutions, tmp / f"round{i:03d}")
        katas = tuple(k.id for s in round_.sections for k in course.section(s).katas) if round_.alone \
            else round_.katas
        out.append(runs.Run(folder, katas))
    return out


def _outcomes(planned: Sequence[rounds.Round], reports: Sequence[Report]) -> tuple[VariantOutcome, ...]:
    out = []
    for round_, report in zip(planned, reports):
        results = {k.id: k for k in report.katas}
        for v in round_.variants:
            others = tuple(r for r in results.values() if r.id != v.kata_id) if round_.alone else ()
            out.append(VariantOutcome(v, results[v.kata_id], others))
    return tuple(out)


def _grader_errors(checkout: Checkout, report: Report, folder: Path) -> list[Problem]:
    return [Problem("grader", _("grading {folder} went wrong: {error}").format(folder=checkout.rel(folder), error=e),
                    f"kata grade --path {checkout.rel(folder)}") for e in report.grader_errors]


# ----- judging one graded kata ----------------------------------------------------------------


def judge_stub(checkout: Checkout, result: KataResult) -> Problem | None:
    """A stub must fail, and only because it raises NotImplementedError (a missing GPU is no problem)."""
    if result.status is Status.SKIPPED or result.not_started:
        return None
    where = f"{checkout.rel(checkout.katas / result.section)}.py"
    what = (_("stub {name} passes its checks: a stub must fail every kata (does it hold an answer, or do the "
              "checks miss a hard-coded one?)").format(name=result.name) if result.status is Status.PASSED else
            _("stub {name} should fail only because it raises NotImplementedError, but got {status}: {message}")
            .format(name=result.name, status=result.status.value, message=result.message))
    return Problem(where, what, f"kata grade --path {checkout.rel(checkout.katas)} --kata {result.id}")


def judge_solution(checkout: Checkout, result: KataResult) -> Problem | None:
    """A solution must pass (or be skipped for a missing GPU, saying so)."""
    if result.status is Status.PASSED or (result.status is Status.SKIPPED and result.skip_reason):
        return None
    return Problem(f"{checkout.rel(checkout.solutions / result.section)}.py",
                   _("solution {name} does not pass: {status}: {message}").format(
                       name=result.name, status=result.status.value, message=result.message),
                   f"kata grade --path {checkout.rel(checkout.solutions)} --kata {result.id}")


def judge_variant(checkout: Checkout, outcome: VariantOutcome) -> Problem | None:
    """An accepted variant passes; a wrong one gets its status with `says` in its message; when
    graded alone, the section's other katas still pass."""
    v, got = outcome.variant, outcome.result
    where, again = f"{checkout.rel(v.file)}:{v.line}", f"kata dev check --kata {v.kata_id}"
    if got.status is not Status.SKIPPED:
        if v.expected == "passed" and got.status is not Status.PASSED:
            return Problem(where, _("accepted variant {name} of {kata} does not pass: {status}: {message}").format(
                name=v.name, kata=v.kata_id, status=got.status.value, message=got.message), again)
        if v.expected != "passed" and (got.status.value != v.expected or v.says.lower() not in got.message.lower()):
            return Problem(where, _("wrong variant {name} of {kata} should get {expected} with a message containing "
                                    "{says}, but got {status}: {message}").format(
                name=v.name, kata=v.kata_id, expected=v.expected, says=repr(v.says), status=got.status.value,
                message=got.message or _("(no message)")), again)
    spoiled = [k for k in outcome.others if k.status not in (Status.PASSED, Status.SKIPPED)]
    if spoiled:
        return Problem(where, _("variant {name} of {kata} also changes kata {other}, which got {status}: {message}")
                       .format(name=v.name, kata=v.kata_id, other=spoiled[0].id, status=spoiled[0].status.value,
                               message=spoiled[0].message), again)
    return None
