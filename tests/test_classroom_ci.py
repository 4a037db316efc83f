"""`kata class-ci`: the instructor's CI that grades a class split over machines, run as written.

Each test writes the CI file into an instructor's repo holding a class of submissions, then runs its
jobs as the platform would (tests/ci_sim.py: a fresh venv per job, the job's own `pip install` lines,
nothing downloaded): every shard of the matrix (GitHub `strategy.matrix`) or of `parallel:` (GitLab
CI_NODE_INDEX/CI_NODE_TOTAL) in a checkout of its own, each shard's artifact handed to the merge job
as the platform hands it, then the merge job. The gradebook it keeps must equal one unsharded
`kata grade-all` of the same class with the same seed.

Stand-ins: actions/upload-artifact and actions/download-artifact (pattern, merge-multiple) are a
folder per artifact name; GitLab's artifacts of the grade stage are copied into the merge job's
checkout, as GitLab extracts them there; the run's (pipeline's) id is RUN_ID.
"""
from __future__ import annotations

import fnmatch
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader.classroom import ci
from grader.cli import main
from tests import ci_sim
from tests.test_classroom_shards import _class, _timing_free_html, _without_timings

RUN_ID = "987654321"
SHARDS = 3
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"
GRADEBOOK = ("grades.csv", "grades.html", "grades.json")


def _repo(tmp_path: Path, *args: str) -> Path:
    repo = tmp_path / "instructor"
    _class(repo / "submissions")
    result = CliRunner().invoke(main, ["class-ci", str(repo), "--shards", str(SHARDS), "--lang", "en", *args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return repo


def _unsharded(tmp_path: Path, repo: Path) -> dict[str, Path]:
    """One `kata grade-all` over the whole class, with the seed the CI run uses."""
    out = {name: tmp_path / f"whole-{name}" for name in GRADEBOOK}
    result = CliRunner().invoke(main, ["grade-all", str(repo / "submissions"), "--seed", RUN_ID, "--lang", "en",
                                       "--csv", str(out["grades.csv"]), "--html", str(out["grades.html"]),
                                       "--json", str(out["grades.json"])], catch_exceptions=False)
    assert result.exit_code == 1, result.output  # fay's folder has no kata files: an error row
    return out


def _same_gradebook(kept: Path, whole: dict[str, Path]) -> None:
    assert (kept / "grades.csv").read_text() == whole["grades.csv"].read_text()
    page = (kept / "grades.html").read_text()
    assert f"over {SHARDS} shards" in page
    assert _timing_free_html(page) == _timing_free_html(whole["grades.html"].read_text())
    assert (_without_timings(json.loads((kept / "grades.json").read_text()))
            == _without_timings(json.loads(whole["grades.json"].read_text())))


def _checkout(repo: Path, where: Path) -> Path:
    return ci_sim.copy_tree(repo, where)


# --- GitHub Actions -------------------------------------------------------------------------------------

def _github_job(raw: str, name: str, values: dict[str, str]) -> dict:
    """A job of the workflow with the matrix and context values of one of its runs put in, and the
    workflow's `env` given to every step (a step's own env first, as the runner does)."""
    for expression, value in values.items():
        raw = re.sub(r"\$\{\{\s*" + re.escape(expression) + r"\s*\}\}", value, raw)
    workflow = yaml.safe_load(raw)
    job = workflow["jobs"][name]
    for step in job["steps"]:
        step["env"] = {**workflow.get("env", {}), **step.get("env", {})}
    return job


class Artifacts:
    """actions/upload-artifact and actions/download-artifact over one folder per artifact name."""

    def __init__(self, store: Path, workspace: Path | None = None) -> None:
        self.store, self.workspace = store, workspace

    def upload(self, step: dict, env: dict[str, str]) -> ci_sim.Step:
        assert self.workspace is not None
        target = self.store / step["with"]["name"]
        assert not target.exists(), "two jobs upload one artifact name: v4 refuses that"
        target.mkdir(parents=True)
        found = [self.workspace / p for p in step["with"]["path"].split("\n") if (self.workspace / p).is_file()]
        for path in found:
            shutil.copy(path, target / path.name)
        missing = not found and step["with"].get("if-no-files-found") == "error"
        return ci_sim.Step(step["name"], True, 1 if missing else 0)

    def download(self, step: dict, env: dict[str, str]) -> ci_sim.Step:
        assert self.workspace is not None and step["with"]["merge-multiple"] is True
        into = self.workspace / step["with"]["path"]
        into.mkdir(parents=True, exist_ok=True)
        for artifact in sorted(self.store.iterdir()):
            if fnmatch.fnmatchcase(artifact.name, step["with"]["pattern"]):
                for f in artifact.iterdir():
                    shutil.copy(f, into / f.name)
        return ci_sim.Step(step["name"], True)

    def handlers(self, workspace: Path) -> dict:
        self.workspace = workspace
        return {"actions/upload-artifact": self.upload, "actions/download-artifact": self.download}


@pytest.mark.slow  # a venv per job, the jobs' installs into them, four grades of a class
def test_github_matrix_runs_as_written_and_its_merged_gradebook_equals_one_unsharded_run(tmp_path):
    repo = _repo(tmp_path, "--ci", "github")
    raw = (repo / ci.FILES["github"]).read_text()
    assert yaml.safe_load(raw)["on"] == ["workflow_dispatch"]  # started by hand, not by every push
    matrix = yaml.safe_load(raw)["jobs"]["grade"]["strategy"]["matrix"]["shard"]
    assert matrix == list(range(1, SHARDS + 1))
    store = Artifacts(tmp_path / "artifacts")
    for shard in matrix:
        where = tmp_path / f"shard{shard}"
        job = _github_job(raw, "grade", {"matrix.shard": str(shard), "strategy.job-total": str(len(matrix)),
                                         "github.run_id": RUN_ID})
        workspace = _checkout(repo, where / "work")
        (where / "temp").mkdir()
        steps = ci_sim.github_job(job, workspace, ci_sim.deps_venv(where / "venv"), where / "temp", PYTHON,
                                  store.handlers(workspace))
        install, grade, keep = steps[2], steps[3], steps[4]
        assert install.returncode == 0, install.stderr[-3000:]
        assert grade.returncode in (0, 1), grade.stderr[-3000:]  # 1: fay's error row is in one shard
        assert f"(shard {shard}/{SHARDS})" in grade.stdout
        assert keep.ran and keep.returncode == 0
    assert sorted(p.name for p in store.store.iterdir()) == [f"gradebook-part-{i}" for i in matrix]

    where = tmp_path / "merge"
    job = _github_job(raw, "merge", {"github.run_id": RUN_ID})
    assert job["needs"] == "grade"
    workspace = _checkout(repo, where / "work")
    (where / "temp").mkdir()
    steps = ci_sim.github_job(job, workspace, ci_sim.deps_venv(where / "venv"), where / "temp", PYTHON,
                              store.handlers(workspace))
    merge = [s for s in steps if s.name.startswith("Merge")][0]
    assert merge.returncode == 1, merge.stdout + merge.stderr[-3000:]  # the error row, as in the whole run
    assert f"Merged {SHARDS} shards: graded 6 of 7 submissions, seed {RUN_ID}." in merge.stdout
    assert steps[-1].ran
    _same_gradebook(store.store / "gradebook", _unsharded(tmp_path, repo))


# --- GitLab CI -----------------------------------------------------------------------------------------

def _gitlab_job(config: dict, name: str, predefined: dict[str, str]) -> dict:
    """A job as GitLab runs it: `default:` and the top-level `variables` merged in, the predefined
    variables (CI_NODE_INDEX, ...) first so the others can name them."""
    job = {**config.get("default", {}), **config[name]}
    job["variables"] = {**predefined, **config.get("variables", {}), **config[name].get("variables", {})}
    return job


@pytest.mark.slow  # a venv per job, the jobs' installs into them, four grades of a class
def test_gitlab_parallel_runs_as_written_and_its_merged_gradebook_equals_one_unsharded_run(tmp_path):
    repo = _repo(tmp_path, "--ci", "gitlab")
    config = yaml.safe_load((repo / ci.FILES["gitlab"]).read_text())
    assert config["stages"] == ["grade", "merge"]
    assert "web" in config["workflow"]["rules"][0]["if"]  # started by hand ("Run pipeline"), not by every push
    grade, merge = config["grade-class"], config["merge-gradebook"]
    assert (grade["stage"], merge["stage"], grade["parallel"]) == ("grade", "merge", SHARDS)
    merge_workspace = _checkout(repo, tmp_path / "merge" / "work")
    for index in range(1, grade["parallel"] + 1):
        where = tmp_path / f"shard{index}"
        predefined = {"CI_NODE_INDEX": str(index), "CI_NODE_TOTAL": str(grade["parallel"]), "CI_PIPELINE_ID": RUN_ID}
        job = _gitlab_job(config, "grade-class", predefined)
        workspace = _checkout(repo, where / "work")
        done = ci_sim.gitlab_job(job, workspace, ci_sim.deps_venv(where / "venv"), where)
        assert done.returncode in (0, *[job["allow_failure"]["exit_codes"]]), done.stdout[-2000:] + done.stderr[-3000:]
        assert f"(shard {index}/{SHARDS})" in done.stdout
        assert grade["artifacts"]["when"] == "always"
        for pattern in grade["artifacts"]["paths"]:  # GitLab expands variables in artifact paths
            path = re.sub(r"\$\{?(\w+)\}?", lambda m: job["variables"][m[1]], pattern)
            shutil.copy(workspace / path, merge_workspace / path)  # missing: the merge job would lack it

    job = _gitlab_job(config, "merge-gradebook", {"CI_PIPELINE_ID": RUN_ID})
    done = ci_sim.gitlab_job(job, merge_workspace, ci_sim.deps_venv(tmp_path / "merge" / "venv"), tmp_path / "merge")
    assert done.returncode == job["allow_failure"]["exit_codes"] == 1, done.stdout[-2000:] + done.stderr[-3000:]
    assert f"Merged {SHARDS} shards: graded 6 of 7 submissions, seed {RUN_ID}." in done.stdout
    assert merge["artifacts"]["paths"] == list(GRADEBOOK) and merge["artifacts"]["when"] == "always"
    _same_gradebook(merge_workspace, _unsharded(tmp_path, repo))


# --- the command ----------------------------------------------------------------------------------------

def test_class_ci_vendors_the_wheel_and_names_the_submissions_and_language(tmp_path):
    result = CliRunner().invoke(main, ["class-ci", str(tmp_path), "--ci", "github,gitlab", "--shards", "5",
                                       "--submissions", "fall/subs", "--lang", "ko"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    wheels = list((tmp_path / ".kata").glob("tensor_katas-*.whl"))
    assert len(wheels) == 1
    for target in ("github", "gitlab"):
        text = (tmp_path / ci.FILES[target]).read_text()
        assert f"pip install .kata/{wheels[0].name}" in text and "SUBMISSIONS: fall/subs" in text
        assert "KATA_LANG: ko" in text
    workflow = yaml.safe_load((tmp_path / ci.FILES["github"]).read_text())
    assert workflow["jobs"]["grade"]["strategy"]["matrix"]["shard"] == [1, 2, 3, 4, 5]
    assert yaml.safe_load((tmp_path / ci.FILES["gitlab"]).read_text())["grade-class"]["parallel"] == 5


@pytest.mark.parametrize("args, says", [
    (["--ci", "travis"], "'travis' is not a CI target"),
    (["--shards", "0"], "--shards"),
    (["--ci", "gitlab", "--shards", "201"], "give 1 to 200"),
    (["--submissions", "../elsewhere"], "must be a folder inside the repo"),
    (["--submissions", "a b"], "must be a folder inside the repo"),
    (["--install", "numpy"], "installs numpy"),
])
def test_bad_requests_are_usage_errors_and_write_nothing(tmp_path, args, says):
    result = CliRunner().invoke(main, ["class-ci", str(tmp_path / "r"), "--install", "tensor-katas==1.0", *args])
    assert result.exit_code == 2 and says in result.output, result.output
    assert not (tmp_path / "r").exists()


def test_an_existing_ci_file_is_never_overwritten(tmp_path):
    (tmp_path / ".gitlab-ci.yml").write_text("mine\n")
    result = CliRunner().invoke(main, ["class-ci", str(tmp_path), "--ci", "github,gitlab",
                                       "--install", "tensor-katas==1.0"])
    assert result.exit_code == 2 and "already exists; nothing was written" in result.output
    assert (tmp_path / ".gitlab-ci.yml").read_text() == "mine\n"
    assert not (tmp_path / ".github").exists()
