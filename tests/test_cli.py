"""The `kata` command as a user meets it: output formats, exit statuses, bad input."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from grader.course import catalogue
from grader.cli import main
from tests.conftest import SEED, SOLUTIONS, STUBS
from tests.helpers import solutions_copy

S03 = ["--section", "s03_creating", "--seed", str(SEED)]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_list_shows_every_kata_in_order_and_marks_gpu(tmp_path):
    result = run("list", "--path", str(tmp_path))
    assert result.exit_code == 0
    rows = [re.match(r"  \[( |x)\] (\S+) ", line) for line in result.output.splitlines() if line.startswith("  ")]
    assert [m.group(2) for m in rows if m] == [k.id for k in catalogue.load().katas]
    assert {m.group(1) for m in rows if m} == {" "}  # no grade yet: nothing is done
    whole = [line.split()[2] for line in result.output.splitlines() if line.endswith("needs a GPU")]
    some = [line.split()[2] for line in result.output.splitlines() if line.endswith("some checks need a GPU")]
    assert whole == [k.id for k in catalogue.load().katas if k.gpu]
    assert some == [k.id for k in catalogue.load().katas if k.gpu_checks] and some


def test_json_is_the_only_thing_on_stdout_and_follows_the_contract():
    result = run("grade", "--path", str(SOLUTIONS), "--format", "json", *S03)
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert set(report) == {"version", "score", "max_score", "seed", "environment", "sections", "katas"}
    assert report["version"] == 1 and report["seed"] == SEED
    assert set(report["environment"]) == {"python", "torch", "cuda", "mps"}
    assert report["score"] == report["max_score"] == 7
    assert set(report["sections"][0]) == {"id", "title", "score", "max_score", "passed", "failed", "skipped"}
    for kata in report["katas"]:
        assert set(kata) >= {"id", "section", "status", "score", "max_score", "duration", "message"}


def test_stubs_score_zero_with_a_readable_table():
    result = run("grade", "--path", str(STUBS), *S03)
    assert result.exit_code == 1
    assert "3. Creating tensors |   0/7" in result.output
    assert "Not started yet (7)" in result.output
    assert "Total: 0/7" in result.output
    assert "\x1b[" not in result.output  # not a terminal: plain text


@pytest.mark.parametrize("args, says", [
    (["--path", "no/such/folder"], "no/such/folder is not a folder"),
    (["--path", str(STUBS), "--kata", "s03_creating.nope"], "unknown kata 's03_creating.nope'"),
    (["--path", str(STUBS), "--section", "s99"], "unknown section 's99'"),
    (["--path", str(STUBS), "--min-score", "lots"], "is not a number of points or a percentage"),
    (["--path", str(STUBS), "--timeout", "0"], "--timeout"),
    (["--path", str(STUBS), "--memory", "much"], "is not a size"),
])
def test_usage_errors_exit_2(args, says):
    result = run("grade", *args)
    assert result.exit_code == 2
    assert says in result.output


@pytest.mark.parametrize("folder, min_score, status", [
    (STUBS, "0", 0), (STUBS, "1", 1), (SOLUTIONS, "100%", 0), (STUBS, "50%", 1), (SOLUTIONS, "7", 0)])
def test_min_score(folder, min_score, status):
    assert run("grade", "--path", str(folder), "--min-score", min_score, *S03).exit_code == status


def test_output_file_gets_the_report_and_stdout_the_table(tmp_path):
    out = tmp_path / "reports" / "grade.json"
    result = run("grade", "--path", str(SOLUTIONS), "--format", "json", "--output", str(out), *S03)
    assert result.exit_code == 0
    assert json.loads(out.read_text())["score"] == 7
    assert "Total: 7/7" in result.output


def test_seed_replays_the_same_inputs_and_another_seed_draws_others(tmp_path):
    # A wrong answer that puts the values of its random input in its message: the message shows the inputs.
    source = (SOLUTIONS / "s03_creating.py").read_text() + "\n\ndef zeros_like_of(t):\n    raise ValueError(t.tolist())\n"
    folder = solutions_copy(tmp_path, s03_creating=source)

    def message(seed: int) -> str:
        result = run("grade", "--path", str(folder), "--format", "json", "--kata", "s03_creating.zeros_like_of",
                     "--seed", str(seed))
        report = json.loads(result.output)
        assert report["seed"] == seed
        (kata,) = report["katas"]
        assert "raised ValueError: [[" in kata["message"], kata["message"]
        return kata["message"]

    first = message(SEED)
    assert message(SEED) == first
    assert message(SEED + 1) != first


def test_init_copies_stubs_and_never_overwrites(tmp_path):
    assert run("init", str(tmp_path)).exit_code == 0
    copied = sorted(p.name for p in (tmp_path / "katas").glob("s*.py"))
    assert copied == sorted(p.name for p in STUBS.glob("s*.py"))
    (tmp_path / "katas" / "s03_creating.py").write_text("# my work")
    again = run("init", str(tmp_path))
    assert again.exit_code == 2
    assert (tmp_path / "katas" / "s03_creating.py").read_text() == "# my work"


def test_extra_checks_are_graded_beside_the_built_in_ones(tmp_path):
    (tmp_path / "test_s03_creating.py").write_text(
        "from grader.checkkit import expect\n\n"
        "def test_zero_to_ten__instructor(student):\n"
        "    expect.check(student().sum().item() == 46, 'instructor: expected a sum of 46')\n")
    result = run("grade", "--path", str(SOLUTIONS), "--checks", str(tmp_path), "--format", "json", *S03)
    report = json.loads(result.output)
    failed = [k for k in report["katas"] if k["status"] != "passed"]
    assert [k["id"] for k in failed] == ["s03_creating.zero_to_ten"]
    assert "instructor: expected a sum of 46" in failed[0]["message"]
    assert result.exit_code == 1


def test_an_extra_check_for_no_known_kata_is_a_grader_fault(tmp_path):
    (tmp_path / "test_s03_creating.py").write_text("def test_no_such_kata(student):\n    pass\n")
    result = run("grade", "--path", str(SOLUTIONS), "--checks", str(tmp_path), *S03)
    assert result.exit_code == 3
    assert "names no kata of the catalogue" in result.output


@pytest.mark.slow  # three grades of a section
def test_watch_grades_now_and_after_every_change_of_a_kata_module(tmp_path, capsys):
    from grader.cli import watch_loop

    folder = solutions_copy(tmp_path)
    module = folder / "s03_creating.py"
    module.write_text(module.read_text() + "\n\ndef zero_to_ten():\n    return torch.arange(11)\n")
    changes = [{str(module)}, {str(folder / "notes.py"), str(tmp_path / "s03_creating.py")}, {str(module)}]
    watch_loop(folder, ("s03_creating",), changes)
    screens = capsys.readouterr().out.split("Watching")
    assert len(screens) == 3 + 1  # at once, then after each save of a kata module: not for notes.py
    assert "Total: 6/7" in screens[0]
    assert "3. Creating tensors: 6/7" in screens[1] and "expected shape (10,), got (11,)" in screens[1]
