"""`kata release`: the student repo it writes, its options, and what each CI file says. The CI files are
run as written in tests/test_ci_templates.py; the vendored wheel is tested in tests/test_vendored_wheel.py."""
from __future__ import annotations

import ast
import hashlib
import io
import re
import shlex
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader.cli import main
from grader.course import release as release_
from grader.course import wheel
from tests.conftest import ROOT, SOLUTIONS, STUBS

REPORTER = "classroom-resources/autograding-grading-reporter@v1"
RUNNER_ID = re.compile(r"^[a-zA-Z0-9]+$")  # the reporter's own check of its `runners` input (src/main.js)
VERSION = release_.version()
WHEEL = f".kata/tensor_katas-{VERSION}-py3-none-any.whl"


def run_release(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["release", *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("release") / "student-repo"
    code, output = run_release(str(folder), "--ci", "github,gitlab", "--ci", "gradescope")
    assert code == 0, output
    return folder


@pytest.fixture(scope="module")
def workflow(released) -> dict:
    return yaml.safe_load((released / release_.WORKFLOW).read_text())


@pytest.fixture(scope="module")
def gitlab(released) -> dict:
    return yaml.safe_load((released / release_.GITLAB_CI).read_text())


def _steps(workflow: dict) -> list[dict]:
    (job,) = workflow["jobs"].values()
    return job["steps"]


def _grade_step(workflow: dict) -> dict:
    (step,) = [s for s in _steps(workflow) if "kata grade" in s.get("run", "")]
    return step


def _install_lines(workflow: dict) -> list[list[str]]:
    """Every `pip install` command of the workflow, split as the shell splits it."""
    lines = [shlex.split(line) for s in _steps(workflow) for line in s.get("run", "").splitlines()]
    return [words for words in lines if words[:2] == ["pip", "install"]]


# --- the repo ----------------------------------------------------------------------------------------

def test_release_writes_the_stubs_a_readme_the_grader_and_each_ci_file(released):
    assert {str(p) for p in released.rglob("*") if p.is_file() and "katas" not in p.parts} == {
        str(released / name) for name in ("README.md", ".gitignore", WHEEL, release_.WORKFLOW, release_.GITLAB_CI,
                                          release_.GRADESCOPE_ZIP)}
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


def _code(name: str, data: bytes) -> str:
    """A released file's text, whitespace collapsed; for Python, its code without docstrings. Archives
    (the vendored wheel, the autograder zip) are read member by member.

    Docstrings state the task and may name the function to call (set_gpu_seed's names
    torch.cuda.manual_seed): that is teaching, not a leaked solution.
    """
    if name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return " ".join(_code(member, z.read(member)) for member in z.namelist())
    text = data.decode("utf-8")
    if name.endswith(".py"):
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                    and ast.get_docstring(node) is not None:
                node.body = node.body[1:] or [ast.Pass()]
        text = ast.unparse(tree)
    return " ".join(text.split())


def _names(path: Path) -> list[str]:
    """Every file name in the repo, and inside its archives."""
    names = [str(p) for p in path.rglob("*")]
    for archive in [*path.rglob("*.whl"), *path.rglob("*.zip")]:
        with zipfile.ZipFile(archive) as z:
            names += z.namelist()
            names += [n for inner in z.namelist() if inner.endswith(".whl")
                      for n in zipfile.ZipFile(io.BytesIO(z.read(inner))).namelist()]
    return names


def _solution_bodies() -> dict[str, list[str]]:
    bodies = {f.name: [body for _, body in _body_texts(f.read_text())] for f in sorted(SOLUTIONS.glob("s*.py"))}
    assert sum(map(len, bodies.values())) > 50
    return bodies


def test_release_holds_no_solution_code(released):
    written = " ".join(_code(p.name, p.read_bytes()) for p in released.rglob("*")
                       if p.is_file() and p.suffix not in (".whl", ".zip"))
    leaked = [(f, body) for f, bodies in _solution_bodies().items() for body in bodies if body in written]
    assert leaked == []
    for path in (released / "katas").glob("s*.py"):  # every function is still a stub
        for name, body in _body_texts(path.read_text()):
            assert body.startswith("raise NotImplementedError"), f"{path.name}: {name}"
    assert not [n for n in _names(released) if "solution" in n.lower()]


def test_the_vendored_wheel_and_the_autograder_hold_no_solution_module(released):
    # The hidden checks compute what they expect, so a one-line answer (`a * b`) is in them, as in any
    # installed grader; a solutions module would be there whole. No file of the archives holds even half
    # of any section's answers.
    archives = [released / WHEEL, released / release_.GRADESCOPE_ZIP]
    members = {f"{a.name}:{m}": _code(m, z.read(m)) for a in archives for z in [zipfile.ZipFile(a)]
               for m in z.namelist() if m.endswith(".py")}
    assert any(m.endswith("grader/course/stubs/s03_creating.py") for m in members)
    for section, bodies in _solution_bodies().items():
        for member, text in members.items():
            found = sum(body in text for body in bodies)
            assert found <= len(bodies) / 2, (section, member, found)


def test_readme_tells_students_what_to_do_and_how_they_are_graded(released):
    text = (released / "README.md").read_text()
    for says in ("kata grade --path katas", "NotImplementedError", "What the checks look at", "needs a CUDA GPU",
                 "katas/s03_creating.py", "--seed", "Python 3.11", f"pip install {WHEEL}", "GitHub Classroom",
                 "GitLab CI", "Gradescope"):
        assert says in text, says
    assert not release_.PLACEHOLDER.search(text)


def test_readme_says_only_what_applies(tmp_path):
    code, output = run_release(str(tmp_path / "r"), "--ci", "gitlab", "--install", f"tensor-katas=={VERSION}")
    assert code == 0, output
    text = (tmp_path / "r" / "README.md").read_text()
    assert f"pip install tensor-katas=={VERSION}" in text and "GitLab CI" in text
    assert "GitHub" not in text and "Gradescope" not in text and ".kata/" not in text


# --- GitHub Classroom -------------------------------------------------------------------------------

def test_workflow_grades_every_push_and_feeds_the_classroom_reporter(workflow):
    assert "push" in workflow["on"]
    assert workflow["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    steps = _steps(workflow)
    uses = [s.get("uses", "") for s in steps]
    assert uses[0].startswith("actions/checkout@")
    (python,) = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert str(python["with"]["python-version"]) == release_.PYTHON
    grade = _grade_step(workflow)
    assert shlex.split(grade["run"])[:5] == ["kata", "grade", "--path", "katas", "--format"]
    assert "--format classroom" in grade["run"]
    step_id = grade["id"]
    assert RUNNER_ID.match(step_id)
    (reporter,) = [s for s in steps if s.get("uses") == REPORTER]
    assert reporter["with"]["runners"] == step_id
    assert reporter["env"] == {f"{step_id.upper()}_RESULTS": f"${{{{ steps.{step_id}.outputs.result }}}}"}
    assert "cancelled()" in reporter["if"] or "always()" in reporter["if"]  # runs when some kata failed
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert steps.index(install) < steps.index(grade) < steps.index(reporter)


def test_workflow_installs_the_cpu_build_of_torch_then_exactly_the_vendored_wheel(released, workflow):
    torch, grader = _install_lines(workflow)
    assert torch == ["pip", "install", release_.TORCH, "--index-url", release_.TORCH_INDEX]
    assert grader == ["pip", "install", WHEEL]
    assert (released / WHEEL).is_file()


# --- GitLab -------------------------------------------------------------------------------------------

def test_gitlab_ci_grades_with_junit_and_keeps_the_report_even_when_katas_fail(released, gitlab):
    (job,) = [v for v in gitlab.values() if isinstance(v, dict) and "script" in v]
    assert job["image"] == f"python:{release_.PYTHON}-slim"
    lines = [shlex.split(line) for line in job["script"]]
    assert lines[0] == ["pip", "install", release_.TORCH, "--index-url", release_.TORCH_INDEX]
    assert lines[1] == ["pip", "install", WHEEL] and (released / WHEEL).is_file()
    grade = lines[2]
    assert grade[:2] == ["kata", "grade"] and grade[grade.index("--format") + 1] == "junit"
    assert job["artifacts"]["reports"]["junit"] == grade[grade.index("--output") + 1]
    assert job["artifacts"]["when"] == "always"  # the job fails while katas do: the report must still go up
    assert job["allow_failure"] == {"exit_codes": 1}  # 1 is "not all passed yet"; 3 (grader failed) is red


# --- Gradescope ---------------------------------------------------------------------------------------

def test_gradescope_zip_has_the_scripts_at_its_top_executable_and_the_wheel(released):
    with zipfile.ZipFile(released / release_.GRADESCOPE_ZIP) as z:
        names = z.namelist()
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in z.infolist()}
        setup = z.read("setup.sh").decode()
        inner = z.read(Path(WHEEL).name)
    assert sorted(names) == sorted(["setup.sh", "run_autograder", Path(WHEEL).name])  # spec: both at the root
    assert modes["setup.sh"] == modes["run_autograder"] == 0o755
    assert inner == (released / WHEEL).read_bytes()
    installs = [shlex.split(line) for line in setup.splitlines() if "-m pip install" in line]
    assert installs[0][-4:] == ["install", release_.TORCH, "--index-url", release_.TORCH_INDEX]
    assert installs[1][-2:] == ["install", f"$source/{Path(WHEEL).name}"]


# --- options ------------------------------------------------------------------------------------------

def test_release_is_deterministic(tmp_path):
    digests = []
    for name in ("a", "b"):
        code, output = run_release(str(tmp_path / name), "--ci", "gradescope")
        assert code == 0, output
        digests.append({p.relative_to(tmp_path / name): hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in (tmp_path / name).rglob("*") if p.is_file()})
    assert digests[0] == digests[1]


@pytest.mark.parametrize("args, targets", [
    ((), ("github",)), (("--ci", "gitlab"), ("gitlab",)), (("--ci", "gradescope,github"), ("github", "gradescope")),
    (("--ci", "gitlab", "--ci", "GitHub , gradescope"), ("github", "gitlab", "gradescope"))])
def test_ci_targets_can_be_repeated_or_listed_with_commas(tmp_path, args, targets):
    code, output = run_release(str(tmp_path / "r"), *args, "--install", f"tensor-katas=={VERSION}")
    assert code == 0, output
    written = {t for t, f in (("github", release_.WORKFLOW), ("gitlab", release_.GITLAB_CI),
                              ("gradescope", release_.GRADESCOPE_ZIP)) if (tmp_path / "r" / f).is_file()}
    assert written == set(targets)


@pytest.mark.parametrize("spec, expected", [
    (f"tensor-katas=={VERSION}", f"tensor-katas=={VERSION}"),
    (f"Tensor_Katas == {VERSION}", f"Tensor_Katas=={VERSION}"),
    ("git+https://github.com/course/tensor-katas.git@v0.1.0", "git+https://github.com/course/tensor-katas.git@v0.1.0"),
    ("tensor-katas @ git+https://github.com/course/tensor-katas.git@4f2c1d0#egg=tensor-katas",
     "tensor-katas @ git+https://github.com/course/tensor-katas.git@4f2c1d0#egg=tensor-katas"),
])
def test_install_spec_goes_into_every_ci_file_as_one_shell_word(tmp_path, spec, expected):
    folder = tmp_path / "r"
    code, output = run_release(str(folder), "--ci", "github,gitlab,gradescope", "--install", spec)
    assert code == 0, output
    assert not (folder / ".kata").exists()
    workflow = yaml.safe_load((folder / release_.WORKFLOW).read_text())
    gitlab = yaml.safe_load((folder / release_.GITLAB_CI).read_text())
    with zipfile.ZipFile(folder / release_.GRADESCOPE_ZIP) as z:
        assert z.namelist() == ["setup.sh", "run_autograder"]
        setup = z.read("setup.sh").decode()
    commands = [_install_lines(workflow)[1], shlex.split(gitlab["grade-katas"]["script"][1]),
                shlex.split(next(line for line in setup.splitlines() if "pip install" in line and "torch" not in line))]
    for words in commands:
        assert words[-3:] == ["pip", "install", expected], words
    assert re.sub(r"\s", "", expected) in re.sub(r"\s", "", (folder / "README.md").read_text())


def test_a_git_url_without_a_tag_is_allowed_with_a_note(tmp_path):
    code, output = run_release(str(tmp_path / "r"), "--install", "git+https://github.com/course/tensor-katas.git")
    assert code == 0 and "names no tag or commit" in output


@pytest.mark.parametrize("spec, says", [
    ("tensor-katas", "is not pinned to one version"),
    ("tensor-katas>=0.1", "is not pinned to one version"),
    ("tensor-katas==0.*", "is not pinned to one version"),
    ("numpy==1.26.0", "installs numpy, not tensor-katas"),
    ("https://example.com/x.whl", "is neither a pinned requirement"),
    ("git+ftp://example.com/x.git", "is not a git URL pip can install"),
    ("tensor-katas==0.1.0\nrm -rf /", "line break"),
    ("", "is empty"),
])
def test_a_bad_install_spec_is_a_usage_error_and_writes_nothing(tmp_path, spec, says):
    code, output = run_release(str(tmp_path / "r"), "--install", spec)
    assert code == 2 and says in output, output
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("value", ["travis", "github,circle", ","])
def test_a_bad_ci_target_is_a_usage_error_and_writes_nothing(tmp_path, value):
    code, output = run_release(str(tmp_path / "r"), "--ci", value)
    assert code == 2 and "github, gitlab, gradescope" in output, output
    assert not (tmp_path / "r").exists()


def test_release_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    code, output = run_release(str(tmp_path))
    assert code == 2 and "is not an empty folder" in output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_release_into_an_empty_folder_is_fine(tmp_path):
    assert run_release(str(tmp_path))[0] == 0
    assert (tmp_path / "katas" / "s01_running.py").is_file()


def test_a_grader_whose_wheel_cannot_be_made_is_told_plainly_and_nothing_is_written(tmp_path, monkeypatch):
    def fail(out_dir):
        raise wheel.WheelError("the grader running now was not installed with pip")

    monkeypatch.setattr(wheel, "vendored_wheel", fail)
    code, output = run_release(str(tmp_path / "r"))
    assert code == 1 and "cannot write the grader's wheel into the repo" in output and "--install SPEC" in output
    assert not (tmp_path / "r").exists()


def test_help_names_every_target_and_the_install_option():
    text = CliRunner().invoke(main, ["release", "--help"]).output
    for says in ("--ci TARGET", "github", "gitlab", "gradescope", "--install SPEC", "tensor-katas==VERSION",
                 "git+https://", ".kata/tensor_katas-*.whl", "commas"):
        assert says in text, says


# --- the language, and what a student's commit carries ----------------------------------------------

@pytest.mark.parametrize("args, folder", [([], "katas"), (["--lang", "ko"], "katas_ko")])
def test_release_writes_the_stubs_of_the_chosen_language(tmp_path, args, folder):
    code, output = run_release(str(tmp_path / "r"), "--install", f"tensor-katas=={VERSION}", *args)
    assert code == 0, output
    shipped = sorted(p.name for p in (ROOT / folder).glob("*.py"))
    assert sorted(p.name for p in (tmp_path / "r" / "katas").glob("*.py")) == shipped
    for name in shipped:
        assert (tmp_path / "r" / "katas" / name).read_bytes() == (ROOT / folder / name).read_bytes(), name


def test_a_students_commit_carries_neither_progress_nor_backups(tmp_path):
    """What `kata grade` and `kata reset` leave in katas/ (student/progress.py, student/workspace.py) is
    ignored by the released .gitignore, so `git add -A` stages the katas alone."""
    from grader.student import progress, workspace

    repo = tmp_path / "r"
    assert run_release(str(repo), "--install", f"tensor-katas=={VERSION}")[0] == 0
    katas = repo / "katas"
    assert progress.save(katas, progress.Progress(statuses={"s01_running.hello": "passed"}, hints={}))
    assert workspace.reset_all(katas)  # keeps a copy of every file in its backups folder
    (katas / f"{progress.FILE.removesuffix('.json')}.k3x9q_.tmp").write_text("{}")  # a save cut short
    assert (katas / progress.FILE).is_file() and list((katas / workspace.BACKUPS).iterdir())

    git = ["git", "-c", "user.name=s", "-c", "user.email=s@example.com"]
    for command in (["init", "-q"], ["add", "-A"]):
        subprocess.run([*git, *command], cwd=repo, check=True, capture_output=True)
    staged = subprocess.run([*git, "ls-files"], cwd=repo, check=True, capture_output=True, text=True).stdout.split()
    assert f"katas/{STUBS.joinpath('s01_running.py').name}" in staged and ".gitignore" in staged
    assert not [p for p in staged if ".kata-progress" in p or workspace.BACKUPS in p], staged
