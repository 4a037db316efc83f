"""`kata dev check` and `kata dev new` (grader/authoring/): unit tests of the pure parts, and
end-to-end runs on temporary copies of this checkout, broken on purpose."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from grader.course import catalogue
from grader.authoring import check, layout, rounds
from grader.authoring.check import VariantOutcome
from grader.authoring.checkout import Checkout, differences_from_installed
from grader.authoring.scaffold import ScaffoldError, new_kata
from grader.authoring.variants import Variant, read
from grader.cli import main
from grader.run.verdict import NOT_STARTED_TEXT
from grader.results import KataResult, Status, Verdict
from tests.conftest import ROOT

S03 = "s03_creating"


@pytest.fixture
def copy(tmp_path: Path) -> Checkout:
    """A copy of this checkout's course files: stubs, solutions, catalogue, checks and variants."""
    for part in ("katas", "solutions", "grader/checks", "tests/variants"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "grader/course").mkdir(parents=True)
    shutil.copy(ROOT / "grader/course/catalogue.toml", tmp_path / "grader/course/catalogue.toml")
    return Checkout(tmp_path)


def dev(*args: str) -> Result:
    return CliRunner().invoke(main, ["dev", *args], catch_exceptions=False)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _variant(kata: str = "k", name: str = "v", expected: str = "failed", says: str = "oops",
             names: frozenset[str] = frozenset()) -> Variant:
    return Variant(section="s", kata=kata, name=name, expected=expected, says=says, source="",
                   file=ROOT / "tests/variants/s.py", line=1, names=names)


def _result(status: Status, message: str = "", kata: str = "k", not_started: bool = False) -> KataResult:
    reason = "needs a CUDA GPU" if status is Status.SKIPPED else message
    return KataResult(id=f"s.{kata}", section="s", max_points=1,
                      verdict=Verdict(status, reason, not_started=not_started))


# ----- end to end ---------------------------------------------------------------------------------

def test_check_passes_on_this_checkout_through_the_cli():
    result = dev("check", "--root", str(ROOT), "--kata", f"{S03}.zero_to_ten")
    assert result.exit_code == 0, result.output
    assert "All is well." in result.output and "problem" not in result.output


@pytest.mark.slow  # a section's stubs, solutions and variants graded
def test_a_broken_copy_gets_every_problem_with_the_command_to_run_next(copy: Checkout):
    # A stub left holding an answer: it still ends with the raise, so only grading can tell.
    _edit(copy.katas / f"{S03}.py", '    raise NotImplementedError("zero_to_ten")',
          '    return torch.arange(10)\n    raise NotImplementedError("zero_to_ten")')
    _edit(copy.variants / f"{S03}.py", 'says="torch.randn"', 'says="words no message has"')
    result = dev("check", "--root", str(copy.root), "--section", S03)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    problems = [i for i, line in enumerate(lines) if line.startswith("problem ")]
    assert len(problems) == 2, result.output
    assert all(lines[i + 1].strip().startswith("next: kata ") for i in problems)
    out = result.output
    assert f"katas/{S03}.py: stub zero_to_ten passes its checks" in out
    assert f"next: kata grade --path katas --kata {S03}.zero_to_ten" in out
    assert f"tests/variants/{S03}.py:13: wrong variant randn of {S03}.random_tensor" in out
    assert "'words no message has'" in out and f"next: kata dev check --kata {S03}.random_tensor" in out
    assert "2 problem(s)." in out


def test_a_checkout_that_is_not_the_installed_grader_is_not_graded(copy: Checkout):
    _edit(copy.checks / f"test_{S03}.py", "def test_zero_to_ten(", "def test_zero_to_ten__changed(")
    assert differences_from_installed(copy) == (f"grader/checks/test_{S03}.py",)
    report = check.check(copy, katas=(f"{S03}.zero_to_ten",))
    assert not report.ok and report.runs == 0
    assert report.problems[-1].next == f"pip install -e {copy.root} && kata dev check"


def test_unknown_scope_and_a_folder_outside_any_checkout_are_usage_errors(tmp_path: Path):
    assert dev("check", "--root", str(ROOT), "--kata", "s03_creating.nope").exit_code == 2
    result = dev("check", "--root", str(tmp_path))
    assert result.exit_code == 2 and "not inside a checkout of the course" in result.output


# ----- layout --------------------------------------------------------------------------------------

def test_layout_names_missing_and_stray_parts(copy: Checkout):
    _edit(copy.solutions / f"{S03}.py", "def zero_to_ten(", "def zero_to_eleven(")
    _edit(copy.checks / f"test_{S03}.py", "def test_evens_below(", "def test_evens_under(")
    _edit(copy.katas / f"{S03}.py", '    raise NotImplementedError("ones_like_of")', "    return t")
    (copy.katas / "s99_extra.py").write_text("")
    course = catalogue.read(copy.catalogue_file)
    problems, broken = layout.check_section(copy, course.section(S03))
    whats = [p.what for p in problems]
    assert f"no solution function zero_to_ten for kata {S03}.zero_to_ten" in whats
    assert any(w.startswith(f"no check for kata {S03}.evens_below") for w in whats)
    assert any(w.startswith("stub ones_like_of must end with raise NotImplementedError") for w in whats)
    assert any(w.startswith("stray function zero_to_eleven") for w in whats)
    assert any(w.startswith("stray check test_evens_under") for w in whats)
    assert broken == {f"{S03}.zero_to_ten", f"{S03}.evens_below", f"{S03}.ones_like_of"}
    assert [p.where for p in layout.strays(copy, course)] == ["katas/s99_extra.py"]


def test_a_missing_module_leaves_its_whole_section_ungraded(copy: Checkout):
    (copy.solutions / f"{S03}.py").unlink()
    section = catalogue.read(copy.catalogue_file).section(S03)
    problems, broken = layout.check_section(copy, section)
    assert [p.what for p in problems] == ["missing solution module"]
    assert broken == {k.id for k in section.katas}


def test_variants_are_read_from_their_source_with_literal_marks(tmp_path: Path):
    path = tmp_path / "s.py"
    path.write_text('@accepted("k")\ndef good(x):\n    return x\n\n\n'
                    '@wrong("k", says="swapped", status="error")\ndef bad(x):\n    return k(x)\n\n\n'
                    '@wrong("k")\ndef no_says(x): pass\n\n\n@wrong("k", says=SAYS)\ndef not_literal(x): pass\n\n\n'
                    '@wrong("k", says="x", status="oops")\ndef bad_status(x): pass\n\n\ndef unmarked(x): pass\n')
    variants, unreadable = read(path, "s")
    assert [(v.name, v.expected, v.says, v.line) for v in variants] == [("good", "passed", "", 2),
                                                                        ("bad", "error", "swapped", 7)]
    assert variants[1].source == "def k(x):\n    return k(x)\n" and "k" in variants[1].names
    assert [u.line for u in unreadable] == [12, 16, 20, 23]
    assert "missing a required argument: 'says'" in unreadable[0].why
    assert "must be plain strings" in unreadable[1].why and "status must be one of" in unreadable[2].why


# ----- rounds and judging --------------------------------------------------------------------------

def test_a_round_grades_at_most_one_variant_of_each_kata_and_entangled_ones_alone():
    a1, a2, a3 = (_variant("a", f"a{i}") for i in (1, 2, 3))
    b1, c1 = _variant("b", "b1"), _variant("c", "c1", names=frozenset({"a"}))
    planned = rounds.plan([a1, b1, a2, c1, a3], entangled=frozenset({c1.label}))
    assert [r.variants for r in planned] == [(a1, b1), (a2,), (a3,), (c1,)]
    assert [r.alone for r in planned] == [False, False, False, True]
    assert rounds.entangled([a1, c1], {"s": frozenset({"a", "c"})}, ROOT / "solutions") == {c1.label}


@pytest.mark.parametrize("variant, result, says", [
    (_variant(expected="passed"), _result(Status.FAILED, "wrong"), "accepted variant v of s.k does not pass"),
    (_variant(), _result(Status.PASSED), "should get failed with a message containing 'oops'"),
    (_variant(), _result(Status.FAILED, "another mistake"), "but got failed: another mistake"),
    (_variant(), _result(Status.ERROR, "OOPS: it raised"), "but got error"),
    (_variant(expected="error"), _result(Status.FAILED, "oops"), "should get error"),
])
def test_a_variant_that_does_not_land_as_marked_is_a_problem(variant, result, says):
    problem = check.judge_variant(Checkout(ROOT), VariantOutcome(variant, result))
    assert problem is not None and says in problem.what
    assert problem.where == "tests/variants/s.py:1" and problem.next == "kata dev check --kata s.k"


@pytest.mark.parametrize("variant, result", [
    (_variant(expected="passed"), _result(Status.PASSED)),
    (_variant(), _result(Status.FAILED, "expected floats: Oops, integers")),
    (_variant(expected="error"), _result(Status.ERROR, "v raised oops")),
    (_variant(), _result(Status.SKIPPED)),
])
def test_a_variant_that_lands_as_marked_is_no_problem(variant, result):
    assert check.judge_variant(Checkout(ROOT), VariantOutcome(variant, result)) is None


def test_a_variant_graded_alone_must_leave_the_other_katas_passing():
    outcome = VariantOutcome(_variant(), _result(Status.FAILED, "oops"),
                             others=(_result(Status.PASSED, kata="j"), _result(Status.ERROR, "boom", kata="i")))
    problem = check.judge_variant(Checkout(ROOT), outcome)
    assert problem is not None and "also changes kata s.i, which got error: boom" in problem.what


def test_a_stub_must_fail_because_it_is_not_done_and_a_solution_must_pass():
    here = Checkout(ROOT)
    passing = check.judge_stub(here, _result(Status.PASSED))
    assert passing and passing.what.startswith("stub k passes its checks")
    broken = check.judge_stub(here, _result(Status.ERROR, "s.py could not be imported"))
    assert broken and "only because it raises NotImplementedError" in broken.what
    assert check.judge_stub(here, _result(Status.ERROR, NOT_STARTED_TEXT.format(name="k"), not_started=True)) is None
    assert check.judge_solution(here, _result(Status.SKIPPED)) is None
    failing = check.judge_solution(here, _result(Status.FAILED, "bad"))
    assert failing and failing.next == "kata grade --path solutions --kata s.k"


# ----- kata dev new ---------------------------------------------------------------------------------

def test_new_scaffolds_every_part_and_the_layout_accepts_it(copy: Checkout):
    before = catalogue.read(copy.catalogue_file).section(S03)
    done = new_kata(copy, f"{S03}.full_of_sevens", task='Make a "sevens" tensor.')
    assert set(done.files) == {"grader/course/catalogue.toml", f"katas/{S03}.py", f"solutions/{S03}.py",
                               f"grader/checks/test_{S03}.py"}
    section = catalogue.read(copy.catalogue_file).section(S03)
    assert section.katas[:-1] == before.katas
    assert (section.katas[-1].name, section.katas[-1].task) == ("full_of_sevens", 'Make a "sevens" tensor.')
    assert layout.check_section(copy, section) == ((), frozenset())
    assert 'raise NotImplementedError("full_of_sevens")' in (copy.katas / f"{S03}.py").read_text()
    assert done.next == f"kata dev check --kata {S03}.full_of_sevens"
    with pytest.raises(ScaffoldError, match="already exists"):
        new_kata(copy, f"{S03}.full_of_sevens")


def test_new_through_the_cli_says_what_to_fill_in(copy: Checkout):
    result = dev("new", f"{S03}.full_of_sevens", "--root", str(copy.root))
    assert result.exit_code == 0, result.output
    assert "  wrote grader/course/catalogue.toml" in result.output and "the task line of full_of_sevens" in result.output
    assert result.output.rstrip().endswith(f"Then run: kata dev check --kata {S03}.full_of_sevens")


@pytest.mark.parametrize("kata_id, says", [
    (f"{S03}.zero_to_ten", "already exists"),
    ("s99_nope.anything", "unknown section 's99_nope'"),
    (f"{S03}.Bad-Name", "snake_case"),
    (f"{S03}.two__parts", "snake_case"),
    (f"{S03}.class", "snake_case"),
])
def test_new_refuses_a_taken_name_an_unknown_section_or_a_bad_name_and_writes_nothing(copy: Checkout, kata_id, says):
    before = {p: p.read_bytes() for p in copy.root.rglob("*.*")}
    with pytest.raises(ScaffoldError, match=says):
        new_kata(copy, kata_id)
    assert {p: p.read_bytes() for p in copy.root.rglob("*.*")} == before
    result = dev("new", kata_id, "--root", str(copy.root))
    assert result.exit_code == 2 and says in result.output
