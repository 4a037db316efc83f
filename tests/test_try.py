"""Show the student their work: printed output in the JSON report, and `kata try`, the failing call
as Python they can paste (run/replay.py records it, student/snippet.py writes it)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from click.testing import CliRunner

from grader.cli import main
from grader.results import KataResult, Report, SectionResult, Status, Verdict
from grader.run import replay
from grader.run.grading import GradeRequest, grade
from grader.student import snippet
from tests.conftest import SEED, SOLUTIONS
from tests.helpers import solutions_copy

MATMUL = (SOLUTIONS / "s06b_matmul.py").read_text()
SMALL_WRONG = MATMUL + "\n\ndef elementwise_product(a, b):\n    return a + b\n"  # wrong on the first, small case
# Right on small tensors, wrong (or raising) on large ones: the failing call's inputs need a recipe.
LARGE_WRONG = MATMUL + "\n\ndef elementwise_product(a, b):\n    return a * b + (1 if a.numel() > 36 else 0)\n"
LARGE_RAISES = MATMUL + ("\n\ndef elementwise_product(a, b):\n    if a.numel() > 36:\n"
                         "        raise ValueError('too big for me')\n    return a * b\n")
# An extra check whose inputs are always large, so the wrong answers above always fail on one.
BIG_CHECK = """
from grader.checkkit import expect


def test_elementwise_product__big(student, inputs):
    a, b = inputs.randn(7, 8), inputs.noncontiguous(7, 8)
    expect.tensor(student(a, b), a * b)
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# ----- printed output in the JSON report ---------------------------------------------------------

def test_the_json_report_has_each_katas_printed_output_capped():
    long = "".join(f"line {i}\n" for i in range(1000))
    katas = (KataResult("s01_a.x", "s01_a", 1, Verdict(Status.FAILED, "wrong", output=long)),
             KataResult("s01_a.y", "s01_a", 1, Verdict(Status.PASSED)))
    report = Report(seed=1, environment={}, sections=(SectionResult("s01_a", "A", katas),))
    shown = report.to_dict()["katas"]
    assert shown[0]["output"] == long[-2000:] and long.endswith(shown[0]["output"])
    assert "output" not in shown[1]  # nothing printed, nothing said


def test_kata_grade_json_shows_what_a_failing_kata_printed(tmp_path):
    printing = MATMUL + "\n\ndef elementwise_product(a, b):\n    print('shapes', a.shape, b.shape)\n    return a + b\n"
    folder = solutions_copy(tmp_path, s06b_matmul=printing)
    result = run("grade", "--path", str(folder), "--format", "json", "--seed", str(SEED), "--kata", "elementwise_product")
    kata, = json.loads(result.output)["katas"]
    assert kata["status"] == "failed" and "shapes torch.Size([" in kata["output"]


# ----- values written as code: what describe() records, value_code() gives back --------------------

def _round_trip(value, recipes=None):
    code = snippet.value_code(replay.describe(value, recipes or replay.Recipes()))
    return eval(code, {"torch": torch, "np": __import__("numpy")})


@pytest.mark.parametrize("value", [
    torch.tensor([1.5, float("nan"), float("inf"), -float("inf"), 1e-40, 0.1]),
    torch.tensor([[1, 2], [3, 4]], dtype=torch.int32),
    torch.tensor([0.1, 2.7], dtype=torch.float16),
    torch.tensor([0.1, 2.7], dtype=torch.bfloat16),
    torch.tensor([True, False]),
    torch.tensor(3.25, dtype=torch.float64),
    torch.empty(0, 5),
    torch.randn(5, 9),  # large, no recipe: written out value by value
])
def test_a_tensor_written_as_code_is_the_same_tensor(value):
    back = _round_trip(value)
    assert back.dtype == value.dtype and back.shape == value.shape
    assert torch.equal(back.nan_to_num(0.5), value.nan_to_num(0.5)) and bool((back.isnan() == value.isnan()).all())


def test_float32_values_are_written_as_short_as_they_round_back():
    value = torch.tensor([0.1, 1 / 3, 16777217.0])
    assert snippet.value_code(replay.describe(value, replay.Recipes())) == \
        "torch.tensor([0.1, 0.33333334, 16777216.0], dtype=torch.float32)"


def test_python_values_and_containers_are_written_as_code():
    value = (3, -2.5, "s", None, True, [torch.tensor([1, 2])], {"k": 1.0})
    back = _round_trip(value)
    assert back[:5] == value[:5] and torch.equal(back[5][0], value[5][0]) and back[6] == {"k": 1.0}


def test_huge_text_and_numbers_are_described_not_written_out():
    # what a student's function may return: repr would print megabytes, or raise past 4300 digits
    for value, says in (("x" * 500_000, "<str of 500000 characters>"), (7 ** 20_000, "<int of 56148 bits>")):
        assert replay.describe(value, replay.Recipes()) == {"kind": "opaque", "text": says}
    assert replay.describe("x" * 1000, replay.Recipes()) == {"kind": "code", "code": repr("x" * 1000)}


@pytest.mark.parametrize("draw", ["rand", "randn", "randint", "noncontiguous", "rand64"])
def test_a_large_input_is_a_seeded_draw_that_gives_it_back(draw):
    inputs = replay.RecordingInputs(SEED, "s06b_matmul.elementwise_product")
    made = {"rand": lambda: inputs.rand(6, 7), "randn": lambda: inputs.randn(5, 8),
            "randint": lambda: inputs.randint(-9, 10, 6, 7, dtype=torch.int32),
            "noncontiguous": lambda: inputs.noncontiguous(6, 7),
            "rand64": lambda: inputs.rand(6, 7, dtype=torch.float64)}[draw]()
    described = replay.describe(made, inputs.recipes)
    assert described["recipe"] is not None and described["values"] is None
    lines = snippet._assign("t", described)
    assert lines[0].startswith("torch.manual_seed(")
    scope = {"torch": torch}
    exec("\n".join(lines), scope)
    assert torch.equal(scope["t"], made) and scope["t"].stride() == made.stride()


def test_an_input_changed_after_it_was_drawn_is_written_out_instead():
    inputs = replay.RecordingInputs(SEED, "s03_creating.zeros_like_of")
    t = inputs.randn(6, 7)
    t[0, 0] = float("inf")
    described = replay.describe(t, inputs.recipes)
    assert described["recipe"] is None and torch.equal(_round_trip(t, inputs.recipes), t)


# ----- kata try, end to end ------------------------------------------------------------------------

def _failing(folder: Path, checks: Path | None = None) -> KataResult:
    report = grade(GradeRequest(path=folder, katas=("s06b_matmul.elementwise_product",), seed=SEED, checks=checks))
    kata, = report.katas
    return kata


def _big_checks(tmp_path: Path) -> Path:
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "test_s06b_matmul.py").write_text(BIG_CHECK)
    return checks


def _replayed(folder: Path, code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """The snippet run in a fresh Python in the kata folder, as a student would paste it."""
    saved = tmp_path / "result.pt"
    script = code + f"\ntorch.save(result, {str(saved)!r})\n"
    return subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, text=True, timeout=300)


@pytest.mark.slow  # a fresh interpreter runs the snippet
@pytest.mark.parametrize("source, literal", [(SMALL_WRONG, True), (LARGE_WRONG, False)])
def test_the_snippet_reproduces_the_wrong_result(tmp_path, source, literal):
    folder = solutions_copy(tmp_path, s06b_matmul=source)
    kata = _failing(folder, _big_checks(tmp_path))
    assert kata.status is Status.FAILED and kata.verdict.call is not None
    code = snippet.code(kata.verdict.call, kata.message, snippet.parameters(folder, kata.verdict.call))
    assert ("torch.manual_seed(" not in code) is literal, code
    assert ("torch.tensor([" in code) is literal, code
    assert "from s06b_matmul import elementwise_product" in code and "result = elementwise_product(a, b)" in code
    done = _replayed(folder, code, tmp_path)
    assert done.returncode == 0, done.stderr
    expected = eval(snippet.value_code(kata.verdict.call["returned"]), {"torch": torch})
    assert torch.equal(torch.load(tmp_path / "result.pt"), expected)


@pytest.mark.slow  # a fresh interpreter runs the snippet, and `kata try` is run as a student would
def test_kata_try_prints_a_raising_call_that_raises_again(tmp_path):
    folder = solutions_copy(tmp_path, s06b_matmul=LARGE_RAISES)
    kata = _failing(folder, _big_checks(tmp_path))
    assert kata.status is Status.ERROR
    code = snippet.code(kata.verdict.call, kata.message, snippet.parameters(folder, kata.verdict.call))
    assert "# It raised: ValueError: too big for me" in code
    done = _replayed(folder, code, tmp_path)
    assert "ValueError: too big for me" in done.stderr and done.returncode != 0

    shown = subprocess.run([str(Path(sys.executable).with_name("kata")), "try", "elementwise_product", "--seed",
                            str(SEED), "--path", str(folder)], capture_output=True, text=True, timeout=300)
    assert shown.returncode in (0, 1), shown.stderr  # the built-in checks alone may not reach a large input
    assert "s06b_matmul.elementwise_product" in shown.stdout


def test_kata_try_on_a_small_wrong_answer_prints_the_literal_call(tmp_path):
    folder = solutions_copy(tmp_path, s06b_matmul=SMALL_WRONG)
    result = run("try", "elementwise_product", "--path", str(folder), "--seed", str(SEED))
    assert result.exit_code == 1
    assert "the call that failed" in result.output and "torch.tensor([" in result.output
    assert "result = elementwise_product(a, b)" in result.output and "# It returned: torch.tensor([" in result.output


def test_kata_try_on_a_passing_kata_says_so(tmp_path):
    folder = solutions_copy(tmp_path)
    result = run("try", "elementwise_product", "--path", str(folder), "--seed", str(SEED))
    assert result.exit_code == 0 and "passes" in result.output


def test_kata_try_on_a_failure_that_is_no_call_says_so(tmp_path):
    loop = MATMUL + "\n\ndef dot_product(a, b):\n    return sum(x * y for x, y in zip(a, b))\n"
    folder = solutions_copy(tmp_path, s06b_matmul=loop)
    result = run("try", "dot_product", "--path", str(folder), "--seed", str(SEED))
    assert result.exit_code == 1 and "nothing to paste" in result.output, result.output


def test_the_table_points_at_kata_try_when_a_call_failed(tmp_path):
    folder = solutions_copy(tmp_path, s06b_matmul=SMALL_WRONG)
    result = run("grade", "--path", str(folder), "--seed", str(SEED), "--kata", "elementwise_product")
    assert "`kata try s06b_matmul.elementwise_product` prints the call" in " ".join(result.output.split())
