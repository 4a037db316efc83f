"""`kata release`: the student repo it writes, its workflow, and that workflow's commands actually run."""
from __future__ import annotations

import ast
import base64
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader.course import release as release_
from grader.cli import main
from tests.conftest import SOLUTIONS, STUBS
from tests.venvs import venv_with_wheel

REPORTER = "classroom-resources/autograding-grading-reporter@v1"
RUNNER_ID = re.compile(r"^[a-zA-Z0-9]+$")  # the reporter's own check of its `runners` input (src/main.js)


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("release") / "student-repo"
    result = CliRunner().invoke(main, ["release", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def workflow(released) -> dict:
    return yaml.safe_load((released / ".github/workflows/classroom.yml").read_text())


def _steps(workflow: dict) -> list[dict]:
    (job,) = workflow["jobs"].values()
    return job["steps"]


def _grade_step(workflow: dict) -> dict:
    (step,) = [s for s in _steps(workflow) if "kata grade" in s.get("run", "")]
    return step


def test_release_writes_the_stubs_a_readme_and_the_workflow(released):
    assert (released / "README.md").is_file()
    assert (released / ".github/workflows/classroom.yml").is_file()
    stubs = sorted(p.name for p in STUBS.glob("*.py"))
    assert sorted(p.name for p in (released / "katas").glob("*.py")) == stubs
    for name in stubs:
        assert (released / "katas" / name).read_bytes() == (STUBS / name).read_bytes()
    assert not list(released.rglob("__pycache__"))


def _body_texts(source: str) -> list[tuple[str, str]]:
    """(function name, its body without the docstring, whitespace collapsed) for each function."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            text = " ".join(" ".join(ast.get_source_segment(source, s).split()) for s in body)
            out.append((node.name, text))
    return out


def _code(path: Path) -> str:
    """A released file's text, whitespace collapsed; for Python, its code without docstrings.

    Docstrings state the task and may name the function to call (set_gpu_seed's names
    torch.cuda.manual_seed): that is teaching, not a leaked solution.
    """
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                    and ast.get_docstring(node) is not None:
                node.body = node.body[1:] or [ast.Pass()]
        text = ast.unparse(tree)
    return " ".join(text.split())


def test_release_holds_no_solution_code(released):
    written = " ".join(_code(p) for p in released.rglob("*") if p.is_file())
    bodies = [(f.name, name, body) for f in sorted(SOLUTIONS.glob("s*.py"))
              for name, body in _body_texts(f.read_text())]
    assert len(bodies) > 50
    leaked = [(f, name) for f, name, body in bodies if body in written]
    assert leaked == []
    for path in (released / "katas").glob("s*.py"):  # every function is still a stub
        for name, body in _body_texts(path.read_text()):
            assert body.startswith("raise NotImplementedError"), f"{path.name}: {name}"
    assert not [p for p in released.rglob("*") if "solution" in p.name.lower()]


def test_readme_tells_students_what_to_do(released):
    text = (released / "README.md").read_text()
    for says in ("kata grade --path katas", "NotImplementedError", "What the checks look at", "needs a CUDA GPU",
                 "katas/s03_creating.py", "--seed"):
        assert says in text
    assert "__SECTIONS__" not in text and "__VERSION__" not in text


def test_workflow_grades_every_push_and_feeds_the_classroom_reporter(workflow):
    assert "push" in workflow["on"]
    assert workflow["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    steps = _steps(workflow)
    uses = [s.get("uses", "") for s in steps]
    assert uses[0].startswith("actions/checkout@")
    (python,) = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert str(python["with"]["python-version"]) == "3.11"
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert re.search(r"^pip install tensor-katas$", install["run"], re.MULTILINE)
    grade = _grade_step(workflow)
    assert grade["run"] == "kata grade --path katas --format classroom"
    step_id = grade["id"]
    assert RUNNER_ID.match(step_id)
    (reporter,) = [s for s in steps if s.get("uses") == REPORTER]
    assert reporter["with"]["runners"] == step_id
    assert reporter["env"] == {f"{step_id.upper()}_RESULTS": f"${{{{ steps.{step_id}.outputs.result }}}}"}
    assert "cancelled()" in reporter["if"] or "always()" in reporter["if"]  # runs when some kata failed
    assert steps.index(install) < steps.index(grade) < steps.index(reporter)


def test_workflow_comment_says_how_to_pin_the_version():
    text = release_.workflow()
    assert f'pip install "tensor-katas=={release_.version()}"' in text


def test_release_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["release", str(tmp_path)])
    assert result.exit_code == 2 and "is not an empty folder" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_release_into_an_empty_folder_is_fine(tmp_path):
    assert CliRunner().invoke(main, ["release", str(tmp_path)]).exit_code == 0
    assert (tmp_path / "katas" / "s01_running.py").is_file()


@pytest.mark.slow  # a fresh venv and a `kata grade` process
def test_released_workflow_grade_step_runs_in_a_fresh_venv_and_writes_the_classroom_result(
        released, workflow, tmp_path, dist):
    # The workflow's `pip install tensor-katas`: this project's wheel, in a venv of its own.
    bin_dir = venv_with_wheel(tmp_path / "venv", dist["wheel"])
    venv = bin_dir.parent
    env = {**os.environ}
    for key in ("PYTHONPATH", "VIRTUAL_ENV"):
        env.pop(key, None)
    output, summary = tmp_path / "github_output", tmp_path / "step_summary"
    output.touch()
    summary.touch()
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}", VIRTUAL_ENV=str(venv), GITHUB_ACTIONS="true",
               GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(summary), GITHUB_WORKSPACE=str(released))
    assert (venv / "bin" / "kata").is_file()
    where = subprocess.run([str(bin_dir / "python"), "-c", "import grader; print(grader.__file__)"], env=env,
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert Path(where).is_relative_to(venv), where
    command = _grade_step(workflow)["run"]
    done = subprocess.run(["bash", "-e", "-c", f"test \"$(command -v kata)\" = {venv / 'bin' / 'kata'}\n{command}"],
                          cwd=released, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 1, done.stderr[-2000:]  # stubs: nothing passes yet
    (line,) = [x for x in output.read_text().splitlines() if x.startswith("result=")]
    result = json.loads(base64.b64decode(line[len("result="):]))
    assert result["max_score"] > 0 and result["status"] == "fail"
    assert sum(t["score"] for t in result["tests"]) == 0
