"""The Exercism runner entry point (grader/formats/exercism_runner.py), against interface.md's "Execution"."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from grader.formats import exercism_runner
from tests.conftest import ROOT, SOLUTIONS, STUBS
from tests.test_formats import validate


def run(slug: str, input_dir: Path, output_dir: Path) -> tuple[int, dict]:
    """The runner called as Exercism calls it: paths with a trailing slash."""
    output_dir.mkdir(exist_ok=True)
    code = exercism_runner.main([slug, f"{input_dir}/", f"{output_dir}/"])
    results = json.loads((output_dir / "results.json").read_text(encoding="utf-8"))
    validate(results, "exercism")
    return code, results


def test_a_section_slug_grades_that_section_and_exits_0(tmp_path):
    code, results = run("s03-creating", SOLUTIONS, tmp_path / "out")
    assert code == 0 and results["status"] == "pass" and results["message"] is None
    assert {t["task_id"] for t in results["tests"]} == {3}
    assert all(t["name"].startswith("s03_creating.") for t in results["tests"])


def test_failing_tests_still_exit_0(tmp_path):
    code, results = run("s01_running", STUBS, tmp_path / "out")
    assert code == 0 and results["status"] == "fail"
    assert all(t["status"] == "error" and t["message"].startswith("not done yet") for t in results["tests"])


def test_a_repo_with_a_katas_folder_is_found(tmp_path):
    repo = tmp_path / "solution"
    (repo / "katas").mkdir(parents=True)
    (repo / "katas" / "s01_running.py").write_text((SOLUTIONS / "s01_running.py").read_text())
    code, results = run("s01-running", repo, tmp_path / "out")
    assert code == 0 and results["status"] == "pass"


def test_a_missing_solution_folder_is_an_error_result_with_the_path_hidden(tmp_path):
    code, results = run("s01-running", tmp_path / "nowhere", tmp_path / "out")
    assert code == 0 and results["status"] == "error"
    assert "<solution-dir> is not a folder" in results["message"] and str(tmp_path) not in json.dumps(results)


def test_a_grader_failure_is_an_error_result_and_exits_0(tmp_path, monkeypatch):
    import grader.run.grading

    def broken(request):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(grader.run.grading, "grade", broken)
    code, results = run("s01-running", SOLUTIONS, tmp_path / "out")
    assert code == 0 and results["status"] == "error" and "RuntimeError: disk full" in results["message"]


def test_wrong_arguments_and_an_unwritable_output_folder_are_not_0(tmp_path, capsys):
    assert exercism_runner.main(["only-a-slug"]) == 2
    assert "SLUG INPUT_DIR OUTPUT_DIR" in capsys.readouterr().err
    assert exercism_runner.main(["s01-running", f"{tmp_path}/nowhere/", f"{tmp_path}/no/such/folder/"]) == 1


def test_a_slug_names_a_section_or_the_whole_course():
    assert exercism_runner.sections_for("s06a-operations") == exercism_runner.sections_for("s06a_operations") == (
        "s06a_operations",)
    assert exercism_runner.sections_for("tensor-katas") == exercism_runner.sections_for("S03-creating") == ()


@pytest.mark.slow  # a fresh interpreter: a torch import
def test_the_module_runs_as_a_script(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run([sys.executable, "-m", "grader.formats.exercism_runner", "s01-running", f"{SOLUTIONS}/",
                           f"{out}/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads((out / "results.json").read_text())["status"] == "pass"
