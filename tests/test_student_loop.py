"""The student's loop around `kata grade`: forgiving ids and folders, progress, next, hints, reset,
the reference solution, their own printed output, and a table that fits their terminal."""
from __future__ import annotations

import ast
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.course import catalogue
from grader.formats import table
from grader.results import KataResult, Report, SectionResult, Status, Verdict
from tests.conftest import GRADER, SEED, SOLUTIONS, STUBS
from tests.helpers import solutions_copy as copy_with_progress


def solutions_copy(folder: Path, **replacements: str) -> Path:
    """tests.helpers.solutions_copy without the progress that other tests' grades left in solutions/."""
    target = copy_with_progress(folder, **replacements)
    (target / ".kata-progress.json").unlink(missing_ok=True)
    shutil.rmtree(target / ".kata-backup", ignore_errors=True)
    return target

KATA = str(Path(sys.executable).with_name("kata"))
WRONG_ZERO_TO_TEN = "\n\ndef zero_to_ten():\n    return torch.arange(11)\n"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def graded(output: str) -> dict[str, str]:
    return {k["id"]: k["status"] for k in json.loads(output)["katas"]}


# ----- forgiving at the door -------------------------------------------------------------------

def test_short_ids_are_accepted(tmp_path):
    folder = solutions_copy(tmp_path)
    result = run("grade", "--path", str(folder), "--format", "json", "--seed", str(SEED),
                 "--kata", "zero_to_ten", "--kata", "s06b.fix_matmul", "--section", "s02")
    assert result.exit_code == 0, result.output
    assert set(graded(result.output)) == ({"s03_creating.zero_to_ten", "s06b_matmul.fix_matmul"}
                                          | {k.id for k in catalogue.load().section("s02_tensor_intro").katas})


@pytest.mark.parametrize("args, says", [
    (["--kata", "zero_to_tne"], "unknown kata 'zero_to_tne': did you mean s03_creating.zero_to_ten?"),
    (["--kata", "s03.fix_matmul"], "unknown kata 's03.fix_matmul'"),
    (["--section", "s3_creating"], "unknown section 's3_creating': did you mean s03_creating?"),
    (["--section", "s06"], "section 's06' could be any of s06a_operations, s06b_matmul"),
])
def test_unknown_or_ambiguous_ids_get_suggestions(args, says):
    result = run("grade", "--path", str(STUBS), *args)
    assert result.exit_code == 2
    assert says in result.output


def test_grade_finds_the_kata_folder_from_inside_it(tmp_path, monkeypatch):
    monkeypatch.chdir(solutions_copy(tmp_path))
    result = run("grade", "--format", "json", "--section", "s03", "--seed", str(SEED))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["score"] == 7


def test_reset_is_a_command():
    result = run("reset")
    assert result.exit_code == 2
    assert "give one kata ID, or --all" in result.output and "release" not in result.output


# ----- progress, list, next, solution ----------------------------------------------------------

def test_a_grade_records_progress_that_list_progress_next_and_solution_read(tmp_path):
    source = (SOLUTIONS / "s03_creating.py").read_text() + WRONG_ZERO_TO_TEN
    folder = solutions_copy(tmp_path, s03_creating=source)
    before = run("solution", "s03_creating.random_tensor", "--path", str(folder))
    assert before.exit_code == 1 and "shows once it passes" in before.output
    assert run("progress", "--path", str(folder)).exit_code == 1  # no grade yet

    assert run("grade", "--path", str(folder), "--section", "s03", "--seed", str(SEED)).exit_code == 1
    saved = json.loads((folder / ".kata-progress.json").read_text())
    assert saved["katas"]["s03_creating.zero_to_ten"] == "failed"
    assert saved["katas"]["s03_creating.random_tensor"] == "passed"

    listed = run("list", "--section", "s03", "--path", str(folder)).output
    assert re.search(r"\[x\] s03_creating\.random_tensor ", listed)
    assert re.search(r"\[ \] s03_creating\.zero_to_ten ", listed)
    progress = run("progress", "--path", str(folder)).output
    assert re.search(r"3\. Creating tensors\s+\|\s+6/7 \| #{17}\.{3}", progress), progress
    assert re.search(r"All katas\s+\|\s+6/\d+ ", progress)

    # s01 and s02 were never graded: the first kata not passed yet is s01's first.
    assert "Next: s01_running.torch_version" in run("next", "--path", str(folder)).output
    assert run("grade", "--path", str(folder), "--section", "s01", "--section", "s02").exit_code == 0
    nxt = run("next", "--path", str(folder)).output
    line = source.splitlines().index("def zero_to_ten():") + 1
    assert f"Next: s03_creating.zero_to_ten  ({folder / 's03_creating.py'}:{line})" in nxt
    assert "Make the int64 range 0, 1, ..., 9." in nxt

    shown = run("solution", "random_tensor", "--path", str(folder))
    assert shown.exit_code == 0
    assert "def random_tensor(rows: int, cols: int) -> Tensor:\n    return torch.rand(rows, cols)" in shown.output
    locked = run("solution", "zero_to_ten", "--path", str(folder))
    assert locked.exit_code == 1 and "torch.arange(10)" not in locked.output


def test_a_full_pass_ends_with_well_done():
    course = catalogue.load()

    def report(katas: tuple[catalogue.Kata, ...]) -> Report:
        return Report(seed=1, environment={}, sections=tuple(
            SectionResult(s.id, s.title, tuple(KataResult(k.id, k.section, k.points, Verdict(Status.PASSED))
                                               for k in s.katas if k in katas))
            for s in course.sections if any(k in katas for k in s.katas)))

    full = table.render(report(course.katas))
    assert "Well done: every kata passes!" in full and full.index("Well done") > full.index("Total:")
    some = table.render(report(course.section("s03_creating").katas))
    assert "Well done" not in some and "`kata next` shows what to do next" in some


# ----- hints -----------------------------------------------------------------------------------

def test_hint_climbs_the_ladder_one_step_per_call_and_ends_at_the_tutorial(tmp_path):
    from grader.course.hints import ladder

    folder = solutions_copy(tmp_path)
    kata = catalogue.load().kata("s03_creating.zero_to_ten")
    hints = ladder(catalogue.load(), kata)
    shown = [run("hint", "zero_to_ten", "--path", str(folder)).output for _ in range(len(hints) + 1)]
    for number, (output, expected) in enumerate(zip(shown, hints), 1):
        assert f"Hint {number} of {len(hints)} for s03_creating.zero_to_ten" in output
        assert " ".join(output.split()).count(" ".join(expected.split())) == 1, output
    assert "learnpytorch.io" in shown[-2] and "last hint" in shown[-2]
    assert f"Hint {len(hints)} of {len(hints)}" in shown[-1]  # the top of the ladder stays


@pytest.mark.parametrize("section", ["s03_creating", "s06b_matmul", "s06d_reshaping"])
def test_every_kata_of_the_core_sections_has_a_ladder_whose_first_hint_is_no_answer(section):
    answers = {node.name: ast.unparse(node.body[-1]) for node in
               ast.parse((SOLUTIONS / f"{section}.py").read_text()).body if isinstance(node, ast.FunctionDef)}
    for kata in catalogue.load().section(section).katas:
        assert len(getattr(kata, "hints", ())) >= 2, kata.id
        answer = answers[kata.name].removeprefix("return ").replace(" ", "")
        assert len(answer) < 5 or answer not in kata.hints[0].replace(" ", ""), kata.id
        assert len(set(kata.hints)) == len(kata.hints), kata.id


def test_a_kata_without_hints_of_its_own_gets_its_task_then_the_tutorial():
    from grader.course.hints import ladder

    course = catalogue.load()
    kata = dataclasses.replace(course.kata("s01_running.torch_version"), hints=())  # every kata has some now
    first, last = ladder(course, kata)
    assert kata.task in first and "learnpytorch.io" in last and "1. Running PyTorch code" in last


def test_the_grade_says_that_a_hint_exists(tmp_path):
    folder = solutions_copy(tmp_path, s03_creating=(SOLUTIONS / "s03_creating.py").read_text() + WRONG_ZERO_TO_TEN)
    result = run("grade", "--path", str(folder), "--section", "s03")
    assert "`kata hint s03_creating.zero_to_ten` shows a hint" in result.output


# ----- reset -----------------------------------------------------------------------------------

def functions(path: Path) -> dict[str, str]:
    text = path.read_text()
    return {n.name: ast.get_source_segment(text, n) or "" for n in ast.parse(text).body if isinstance(n, ast.FunctionDef)}


def test_reset_puts_the_stub_back_keeps_the_rest_and_a_backup(tmp_path):
    folder = solutions_copy(tmp_path)
    module = folder / "s03_creating.py"
    before = module.read_text()
    refused = run("reset", "zero_to_ten", "--path", str(folder), input="n\n")
    assert refused.exit_code == 1 and module.read_text() == before

    result = run("reset", "zero_to_ten", "--path", str(folder), input="y\n")
    assert result.exit_code == 0, result.output
    now, solution, stub = functions(module), functions(SOLUTIONS / "s03_creating.py"), functions(STUBS / "s03_creating.py")
    assert now["zero_to_ten"] == stub["zero_to_ten"]
    assert {k: v for k, v in now.items() if k != "zero_to_ten"} == {k: v for k, v in solution.items() if k != "zero_to_ten"}
    (backup,) = (folder / ".kata-backup").iterdir()
    assert backup.read_text() == before

    assert run("reset", "--all", "--yes", "--path", str(folder)).exit_code == 0
    assert module.read_text() == (STUBS / "s03_creating.py").read_text()


def test_reset_refuses_a_file_that_does_not_parse(tmp_path):
    folder = solutions_copy(tmp_path, s03_creating="def zero_to_ten(:\n")
    result = run("reset", "zero_to_ten", "--yes", "--path", str(folder))
    assert result.exit_code == 1 and "does not parse (line 1" in result.output
    assert (folder / "s03_creating.py").read_text() == "def zero_to_ten(:\n"


# ----- the student's own work ------------------------------------------------------------------

PRINTS = (SOLUTIONS / "s03_creating.py").read_text() + """

def zero_to_ten():
    print("zero_to_ten sees", torch.arange(11).tolist())
    return torch.arange(11)


def evens_below(n):
    print(torch.arange(0, max(n, 0), 2))


def random_tensor(rows, cols):
    print("shape", rows, cols)
    return torch.rand(rows, cols)
"""


def test_printed_output_reaches_the_verdict_and_the_table(tmp_path):
    from grader.run.grading import GradeRequest, grade

    folder = solutions_copy(tmp_path, s03_creating=PRINTS)
    report = grade(GradeRequest(path=folder, sections=("s03_creating",), seed=SEED))
    by_id = {k.id: k for k in report.katas}
    assert by_id["s03_creating.zero_to_ten"].status is Status.FAILED
    assert "zero_to_ten sees [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]" in by_id["s03_creating.zero_to_ten"].output
    assert by_id["s03_creating.random_tensor"].status is Status.PASSED
    assert "shape" in by_id["s03_creating.random_tensor"].output  # a passing kata's output, for watch and table
    evens = by_id["s03_creating.evens_below"]
    assert "returned None and printed something: print() only shows a value" in evens.message, evens.message
    shown = table.render(report)
    assert "Your code printed:" in shown and "zero_to_ten sees [0, 1, 2" in shown
    assert "random_tensor passes; your code printed:" in shown


def test_printed_output_cannot_drive_the_terminal():
    printed = "\x1b[2J\x1b[H\rTotal: 66/66\n"
    kata = KataResult("s03_creating.zero_to_ten", "s03_creating", 1, Verdict(Status.FAILED, "wrong", output=printed))
    shown = table.render(Report(seed=1, environment={}, sections=(SectionResult("s03_creating", "3.", (kata,)),)))
    assert "\x1b" not in shown and "\r" not in shown
    assert "\\x1b[2J\\x1b[H\\rTotal: 66/66" in shown


# ----- layout ----------------------------------------------------------------------------------

INDENT = 8  # the indent of a kata's message under its id
CODE = ["torch.dot(a, b)", "a @ b", "(a * b).sum()", "a / b", "x @ weight.T + bias", "permute(2, 0, 1)"]
MESSAGE = ("dot_product(<float32 tensor (5,)>, <float32 tensor (5,)>): expected a 0-dim tensor, got shape (5,): "
           "that multiplies element-wise and stops there; add the products up, as torch.dot(a, b), a @ b or "
           "(a * b).sum() do. Dividing, a / b, is another story, and so is x @ weight.T + bias or permute(2, 0, 1).")


@pytest.mark.parametrize("columns", range(40, 101, 3))
def test_the_table_fits_the_terminal_with_a_hanging_indent_and_whole_code(columns, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(columns))
    kata = KataResult("s06b_matmul.dot_product", "s06b_matmul", 1, Verdict(Status.FAILED, MESSAGE))
    report = Report(seed=1, environment={}, sections=(SectionResult("s06b_matmul", "6. Matrix multiplication", (kata,)),))
    lines = table.render(report).splitlines()
    assert max(len(line) for line in lines) <= columns
    start = next(i for i, line in enumerate(lines) if line.startswith(" " * INDENT + "dot_product("))
    message = []
    for line in lines[start:]:
        if not line.startswith(" " * INDENT):
            break
        message.append(line)
    assert all(line[INDENT] != " " for line in message)
    assert " ".join(line.strip() for line in message) == MESSAGE  # every line of it indented
    for code in CODE:
        assert any(code in line for line in message), (code, message)


# ----- GPU labels: one source of truth ---------------------------------------------------------

# tests/test_gpu_labels.py: the catalogue alone says which checks need a GPU.


def test_list_and_require_gpu_agree(tmp_path):
    from grader.run.grading import cuda_usable

    if cuda_usable():
        pytest.skip("a CUDA GPU is usable here: --require-gpu fails nothing")
    folder = solutions_copy(tmp_path)
    sections = ["--section", "s07_numpy", "--section", "s09_gpu", "--section", "s10_exercises"]
    result = run("grade", "--path", str(folder), "--format", "json", "--require-gpu", *sections)
    failed = {k for k, status in graded(result.output).items() if status != "passed"}
    listed = run("list", "--path", str(folder), *sections).output
    marked = {line.split()[2] for line in listed.splitlines() if "need" in line and "GPU" in line}
    assert failed == marked and len(marked) == 6


# ----- the whole loop, through the real console script -----------------------------------------

@pytest.mark.slow  # `kata` processes
def test_the_loop_through_the_console_script(tmp_path):
    def kata(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([KATA, *args], cwd=tmp_path / "katas", capture_output=True, text=True, input=input,
                              env={**os.environ, "COLUMNS": "100"}, timeout=300)

    assert subprocess.run([KATA, "init", str(tmp_path)], capture_output=True).returncode == 0
    module = tmp_path / "katas" / "s03_creating.py"
    stub = module.read_text()
    module.write_text(stub.replace('raise NotImplementedError("zero_to_ten")', "return torch.arange(0, 11)"))
    first = kata("grade", "--kata", "zero_to_ten")
    assert first.returncode == 1 and "wrong s03_creating.zero_to_ten" in first.stdout, first.stdout + first.stderr
    assert "Hint 1 of" in kata("hint", "zero_to_ten").stdout
    module.write_text(stub.replace('raise NotImplementedError("zero_to_ten")', "return torch.arange(10)"))
    second = kata("grade", "--section", "s03")
    assert "3. Creating tensors |   1/7" in second.stdout, second.stdout + second.stderr
    assert re.search(r"3\. Creating tensors\s+\|\s+1/7", kata("progress").stdout)
    assert "Next: s01_running.torch_version" in kata("next").stdout
    assert "return torch.arange(10)" in kata("solution", "zero_to_ten").stdout
    assert kata("reset", "zero_to_ten", "--yes").returncode == 0
    assert module.read_text() == stub
