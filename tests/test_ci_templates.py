"""What `kata release` writes for each CI target, run as written, and its result read as the platform reads it.

Each test releases a repo, puts a student's work in it (some sections solved, the rest stubs, the GPU
section graded where it can be and skipped where it needs a GPU), runs the CI file's own commands in
a fresh venv (tests/ci_sim.py: it sees this environment's torch and other dependencies, not its
tensor-katas, and pip may not download anything), and checks that what the platform would show equals
`kata grade --format json` of the same folder.

What stands in for the platform, and why:
- GitHub: the job's steps in order; checkout is the released folder, setup-python the venv (its Python
  must be the version asked for), and the Classroom reporter is restated from its source
  (ci_sim.classroom_reporter). With KATA_CLASSROOM_REPORTER set to a checkout of
  classroom-resources/autograding-grading-reporter at tag v1, its own src/main.js runs too, with node.
- GitLab: the `image:` (python:3.11-slim) is the venv: the script lines, pip installs included, run as written.
- Gradescope: the zip is unpacked into a /autograder layout under tmp_path (AUTOGRADER_ROOT), setup.sh
  runs with the venv already made at $KATA_VENV (on Gradescope it makes that venv first, with apt where
  the image lacks Python 3.11: not run here), run_autograder is copied to the root as Gradescope does.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader.cli import main
from grader.course import release as release_
from tests import ci_sim
from tests.conftest import ROOT, SOLUTIONS, STUBS

# Solved sections; every other kata is a stub. s09_gpu has katas graded on any machine and katas skipped without a GPU.
SOLVED = ("s01_running", "s02_tensor_intro", "s09_gpu")
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"


def student_work(folder: Path) -> Path:
    """A kata folder as a student has it halfway through: the SOLVED sections done, the others stubs."""
    shutil.copytree(STUBS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    for section in SOLVED:
        shutil.copy(SOLUTIONS / f"{section}.py", folder / f"{section}.py")
    return folder


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> dict:
    """`kata grade --format json` of the student's work: what every platform must show."""
    folder = student_work(tmp_path_factory.mktemp("expected") / "katas")
    kata = Path(sys.executable).parent / "kata"
    done = subprocess.run([str(kata), "grade", "--path", str(folder), "--format", "json"], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 1, done.stderr[-2000:]
    report = json.loads(done.stdout)
    statuses = {k["status"] for k in report["katas"]}
    assert {"passed", "skipped"} <= statuses and statuses & {"failed", "error"}  # a mix, skips included
    assert 0 < report["score"] < report["max_score"]
    return report


def released(tmp_path: Path, *args: str) -> Path:
    folder = tmp_path / "student-repo"
    result = CliRunner().invoke(main, ["release", str(folder), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    shutil.rmtree(folder / "katas")
    student_work(folder / "katas")
    return folder


# --- GitHub Classroom --------------------------------------------------------------------------------

@pytest.mark.slow  # a venv, the workflow's installs into it, two grades
def test_github_workflow_runs_as_written_and_the_classroom_reporter_totals_equal_the_report(tmp_path, expected):
    repo = released(tmp_path)
    workflow = yaml.safe_load((repo / release_.WORKFLOW).read_text())
    (job,) = workflow["jobs"].values()
    bin_dir = ci_sim.deps_venv(tmp_path / "venv")
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    seen: dict[str, ci_sim.ReporterTotals] = {}

    def reporter(step: dict, env: dict[str, str]) -> ci_sim.Step:
        seen["port"] = ci_sim.classroom_reporter(step["with"]["runners"], env)
        if os.environ.get("KATA_CLASSROOM_REPORTER"):
            seen["node"] = ci_sim.node_reporter(Path(os.environ["KATA_CLASSROOM_REPORTER"]), step["with"]["runners"],
                                                env)
        return ci_sim.Step(step["name"], True, 1 if seen["port"].failed else 0)

    steps = ci_sim.github_job(job, repo, bin_dir, temp, PYTHON,
                              {"classroom-resources/autograding-grading-reporter": reporter})
    install, grade = [s for s in steps if s.name.startswith("Install")][0], [s for s in steps if s.name.startswith("Grade")][0]
    assert install.returncode == 0, install.stderr[-3000:]
    assert grade.returncode == 1, grade.stderr[-3000:]  # katas not passed yet; not 3, the grader's own failure
    assert all(s.ran for s in steps)  # the reporter ran after the failed grade step, as `!cancelled()` asks
    where = subprocess.run([str(bin_dir / "python"), "-c", "import grader; print(grader.__file__)"],
                           env=ci_sim.ci_env(bin_dir), cwd=tmp_path, capture_output=True, text=True,
                           check=True).stdout.strip()
    assert Path(where).is_relative_to(tmp_path / "venv"), where  # the workflow's install is what graded

    result = json.loads(base64.b64decode(grade.outputs["result"]))
    assert result["max_score"] == expected["max_score"]
    assert sum(t["score"] for t in result["tests"]) == expected["score"]
    score, maximum = expected["score"], expected["max_score"]
    assert f"{score}/{maximum}" in grade.stdout and f"{score}/{maximum}" in grade.summary  # log table, job summary
    totals = seen["port"]
    assert totals.posted == f"Points {score}/{maximum}"  # what GitHub Classroom records
    assert totals.console == [f"Total points for katas: {score}.00/{maximum}"]  # what the log prints
    assert totals.table_total == (str(score), str(maximum))
    assert totals.failed == "Some tests failed."
    if "node" in seen:
        assert seen["node"] == totals


# --- GitLab ---------------------------------------------------------------------------------------------

@pytest.mark.slow  # a venv, the job's installs into it, two grades
def test_gitlab_ci_runs_as_written_and_its_junit_report_matches_the_report(tmp_path, expected):
    repo = released(tmp_path, "--ci", "gitlab")
    config = yaml.safe_load((repo / release_.GITLAB_CI).read_text())
    (job,) = [v for v in config.values() if isinstance(v, dict) and "script" in v]
    bin_dir = ci_sim.deps_venv(tmp_path / "venv")
    done = ci_sim.gitlab_job(job, repo, bin_dir, tmp_path)
    allowed = job["allow_failure"]["exit_codes"]
    assert done.returncode in (0, allowed), done.stdout[-2000:] + done.stderr[-3000:]
    assert done.returncode == 1  # katas not passed yet: the job "passed with warnings"
    assert f"{expected['score']}/{expected['max_score']}" in done.stdout  # the job log shows the table

    junit = repo / job["artifacts"]["reports"]["junit"]
    root = ET.parse(junit).getroot()
    cases = root.findall(".//testcase")
    by_status = {s: [k for k in expected["katas"] if k["status"] == s] for s in ("passed", "failed", "error", "skipped")}
    assert len(cases) == len(expected["katas"])
    assert [f"{c.get('classname')}.{c.get('name')}" for c in cases] == [k["id"] for k in expected["katas"]]
    assert len(root.findall(".//failure")) == len(by_status["failed"])
    assert len(root.findall(".//error")) == len(by_status["error"])
    assert len(root.findall(".//skipped")) == len(by_status["skipped"])
    assert {c.get("file") for c in cases} == {f"katas/{s['id']}.py" for s in expected["sections"]}
    assert all((repo / c.get("file")).is_file() for c in cases)  # paths relative to the repo root


# --- Gradescope -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def autograder(tmp_path_factory) -> Path:
    """A released autograder set up as Gradescope does: unpacked into source/, setup.sh run, run_autograder
    copied to the root. Returns the root (AUTOGRADER_ROOT)."""
    tmp_path = tmp_path_factory.mktemp("gradescope")
    repo = released(tmp_path, "--ci", "gradescope")
    root = tmp_path / "autograder"
    modes = ci_sim.unzip_like_unzip(repo / release_.GRADESCOPE_ZIP, root / "source")
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    bin_dir = ci_sim.deps_venv(root / "venv")
    env = ci_sim.ci_env(bin_dir, AUTOGRADER_ROOT=str(root))
    setup = subprocess.run([str(root / "source" / "setup.sh")], cwd=root / "source", env=env, capture_output=True,
                           text=True, timeout=600)
    assert setup.returncode == 0, setup.stdout[-2000:] + setup.stderr[-3000:]
    assert (root / "venv" / "bin" / "kata").is_file()
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    (root / "results").mkdir()
    shutil.copytree(repo, root / "repo-as-submitted")
    return root


def run_autograder(root: Path) -> dict:
    env = ci_sim.ci_env(root / "venv" / "bin", AUTOGRADER_ROOT=str(root))
    done = subprocess.run([str(root / "run_autograder")], cwd=root, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text())
    validate_gradescope(results)
    return results


def validate_gradescope(results: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "tests" / "golden" / "gradescope.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(results)


@pytest.mark.slow  # a venv, setup.sh's installs into it, and grades
@pytest.mark.parametrize("layout", ["repo", "files"])
def test_gradescope_autograder_writes_results_that_match_the_report(autograder, expected, layout):
    submission = autograder / "submission"
    shutil.rmtree(submission, ignore_errors=True)  # Gradescope puts each submission in a fresh container
    if layout == "repo":  # submitted from GitHub, or as a zip of the repo: katas/ inside
        shutil.copytree(autograder / "repo-as-submitted", submission)
    else:  # the kata files uploaded one by one
        shutil.copytree(autograder / "repo-as-submitted" / "katas", submission)
    results = run_autograder(autograder)
    assert results["score"] == expected["score"]
    assert sum(t["max_score"] for t in results["tests"]) == expected["max_score"]
    assert [t["name"] for t in results["tests"]] == [k["id"] for k in expected["katas"]]
    for test, kata in zip(results["tests"], expected["katas"]):
        assert (test["score"], test["max_score"]) == (kata["score"], kata["max_score"])
        assert test["status"] == ("failed" if kata["status"] in ("failed", "error") else "passed")


def test_gradescope_autograder_says_so_when_the_grader_cannot_run(tmp_path):
    # No setup.sh run: there is no grader to run. Gradescope must still get a results.json, honest about it.
    repo = released(tmp_path, "--ci", "gradescope")
    root = tmp_path / "autograder"
    ci_sim.unzip_like_unzip(repo / release_.GRADESCOPE_ZIP, root / "source")
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    shutil.copytree(repo / "katas", root / "submission")
    results = run_autograder(root)
    assert results["score"] == 0 and results["tests"] == []
    assert "could not run the grader" in results["output"] and "not a problem with your code" in results["output"]
