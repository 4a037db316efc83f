"""Running what `kata release` writes as each CI platform would, on this machine, hermetically.

- `deps_venv`: a fresh venv that sees this environment's packages (torch, click, ...) through a .pth
  file, but not its tensor-katas: the CI files' own `pip install` lines then install the grader into
  it, as on a fresh runner. PIP_NO_INDEX=1 keeps every install offline: a line that would download
  anything fails instead.
- `github_job`: the steps of a GitHub Actions job in order, as the runner runs them.
- `classroom_reporter`: what classroom-resources/autograding-grading-reporter@v1 computes and prints,
  restated from its source, and `node_reporter`: that source itself, run with node.
- `gitlab_job`: a GitLab CI job's script lines, as the shell executor runs them.
- `unzip_like_unzip`: extraction that keeps the modes, as unzip does (zipfile drops them).
"""
from __future__ import annotations

import base64
import json
import math
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

import pytest

SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"  # no venv of ours: a CI file's `pip` and `kata` are the new venv's
NODE_STUBS = Path(__file__).parent / "node_stubs"  # @actions/core and cli-table3, for node_reporter
OURS = re.compile(r"^(grader|tensor_katas-.*\.dist-info|tensor_katas\.egg-info|__editable__.*tensor_katas.*)$")


def deps_venv(folder: Path) -> Path:
    """A venv at `folder` whose dependencies are ours (through a .pth), without our tensor-katas; returns bin/.

    The venv has no pip of its own: bin/pip runs the visible one with the venv's Python, so installs
    go into the venv, and pip counts the visible packages as installed (nothing is downloaded).
    """
    view = folder.parent / f"{folder.name}-deps"
    view.mkdir()
    for ours in sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}):
        for entry in Path(ours).iterdir():
            if not OURS.match(entry.name) and not entry.name.endswith(".pth") and not (view / entry.name).exists():
                (view / entry.name).symlink_to(entry)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "outer-dependencies.pth").write_text(f"{view}\n")
    pip = folder / "bin" / "pip"
    pip.write_text('#!/bin/sh\nexec "$(dirname "$0")/python" -m pip "$@"\n')
    pip.chmod(0o755)
    return folder / "bin"


def ci_env(bin_dir: Path, **extra: str) -> dict[str, str]:
    """A CI job's environment: this one's, less our venv and Python variables, with the new venv on PATH."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PIP_", "KATA_", "GITHUB_", "RUNNER_", "PYTEST_"))}
    env.update(PATH=f"{bin_dir}:{SYSTEM_PATH}", VIRTUAL_ENV=str(bin_dir.parent), PIP_NO_INDEX="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1", CI="true", **extra)
    return env


# --- GitHub Actions -----------------------------------------------------------------------------------

# The expressions our workflow uses, and their value on a student's push. Any other fails the test, so a
# template change that needs a new one is seen here first.
KNOWN_IFS = {"github.actor != 'github-classroom[bot]'": True, "${{ !cancelled() }}": True, "!cancelled()": True,
             "${{ always() }}": True, "always()": True}
STEP_OUTPUT = re.compile(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}")


@dataclass
class Step:
    name: str
    ran: bool
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    summary: str = ""


def github_job(job: dict, workspace: Path, bin_dir: Path, temp: Path, python: str,
               uses: dict[str, Any]) -> list[Step]:
    """Run `job`'s steps in order as the actions runner does: `run:` in bash -eo pipefail with a fresh
    GITHUB_OUTPUT and GITHUB_STEP_SUMMARY each, outputs read back for `steps.<id>.outputs.<name>`, a
    failed step skipping the later steps that have no status function in their `if`.

    `uses` maps an action (owner/name, no @ref) to a callable(step, env) -> Step that stands in for it;
    actions/checkout (the workspace is the checkout) and actions/setup-python (the venv, whose Python
    version must be the one asked for) are handled here.
    """
    assert _condition(job.get("if")), job.get("if")
    done: list[Step] = []
    outputs: dict[str, dict[str, str]] = {}
    failed = False
    for i, step in enumerate(job["steps"]):
        name = step.get("name", f"step {i}")
        condition = step.get("if")
        if condition is None and failed or condition is not None and not _condition(condition):
            done.append(Step(name, ran=False))
            continue
        files = {key: temp / f"{key.lower()}_{i}" for key in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV",
                                                               "GITHUB_PATH")}
        for path in files.values():
            path.write_text("")
        env = ci_env(bin_dir, GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(workspace), RUNNER_TEMP=str(temp),
                     **{k: str(v) for k, v in files.items()})
        env.update({k: _substitute(str(v), outputs) for k, v in step.get("env", {}).items()})
        if "run" in step:
            assert "${{" not in _substitute(step["run"], outputs), step["run"]
            script = temp / f"step_{i}.sh"
            script.write_text(_substitute(step["run"], outputs))
            proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                                  cwd=workspace, env=env, capture_output=True, text=True, timeout=600)
            result = Step(name, True, proc.returncode, proc.stdout, proc.stderr)
        else:
            action = step["uses"].split("@")[0]
            if action == "actions/checkout":
                result = Step(name, True)
            elif action == "actions/setup-python":
                asked = str(step["with"]["python-version"])
                assert python.startswith(asked + "."), f"the workflow asks for Python {asked}; the venv has {python}"
                result = Step(name, True)
            else:
                result = uses[action](step, env)
        result.outputs = parse_github_output(files["GITHUB_OUTPUT"].read_text())
        result.summary = files["GITHUB_STEP_SUMMARY"].read_text()
        if "id" in step:
            outputs[step["id"]] = result.outputs
        failed = failed or result.returncode != 0
        done.append(result)
    return done


def _condition(expression: str | None) -> bool:
    if expression is None:
        return True
    if expression not in KNOWN_IFS:
        pytest.fail(f"the simulated runner does not know the condition {expression!r}")
    return KNOWN_IFS[expression]


def _substitute(text: str, outputs: dict[str, dict[str, str]]) -> str:
    return STEP_OUTPUT.sub(lambda m: outputs.get(m[1], {}).get(m[2], ""), text)


def parse_github_output(text: str) -> dict[str, str]:
    """`name=value` lines and `name<<DELIMITER` blocks, as the runner reads $GITHUB_OUTPUT."""
    out: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delimiter = line.split("<<", 1)
            block = []
            for more in lines:
                if more == delimiter:
                    break
                block.append(more)
            out[key] = "\n".join(block)
        elif "=" in line:
            key, value = line.split("=", 1)
            out[key] = value
    return out


# --- GitHub Classroom's reporter --------------------------------------------------------------------

@dataclass(frozen=True)
class ReporterTotals:
    posted: str | None  # the notice it posts to Classroom, "Points 3/64", or None when it posts nothing
    console: list[str]  # its per-runner lines "Total points for katas: 3.00/64"
    table_total: tuple[str, str]  # the "Total:" row of its summary table: (score, max score)
    failed: str | None  # the message it fails the step with, if any


def classroom_reporter(runners: str, env: dict[str, str]) -> ReporterTotals:
    """What autograding-grading-reporter@v1 (tag v1 = commit d13b5912daf5042ac1b71bc38bdb4a6bcd61d8ca; src/ is
    the same as main's) computes from its inputs, restated line for line from its source:

    src/main.js 6-13: runners = the `runners` input split on ","; each one's results =
      JSON.parse(base64-decode(env[runner.trim().toUpperCase() + "_RESULTS"])).
    src/helpers/test-helpers.js 1 getMaxScoreForTest: max_score || 0; 11-18 getTestScore:
      (tests with status "pass" / tests.length) * (max_score || 0).
    src/console-results.js 50-52: when maxScore !== 0, prints
      `Total points for ${runner}: ${score.toFixed(2)}/${maxScore}`.
    src/aggregate-results.js 5-21, 33-36: the table's "Total: " row is the sum of getTestScore and the
      sum of max scores, printed with `${}` (JavaScript's number to string).
    src/notify-classroom.js 6-21: runners without a truthy max_score are skipped; otherwise points =
      sum of tests[].score, max = sum of max_score; nothing is posted when max is 0, else the notice
      `Points ${totalPoints}/${maxPoints}`.
    src/main.js 19-23: the step fails with "Some tests failed." when a runner's status is "fail",
      else "Some tests errored." when one's is "error".
    """
    results = []
    for runner in runners.split(","):
        encoded = env.get(f"{runner.strip().upper()}_RESULTS")
        if encoded is None:  # Buffer.from(undefined) throws; main.js 24-33 fails the step with its message
            return ReporterTotals(None, [], ("", ""), "The first argument must be of type string ...")
        text = base64.b64decode(encoded).decode("utf-8")
        if not text.strip():  # an empty output: the grade step never wrote one (JSON.parse's message)
            return ReporterTotals(None, [], ("", ""), "Unexpected end of JSON input")
        results.append((runner, json.loads(text)))
    console, scores, maxima = [], [], []
    for runner, result in results:
        max_score = result.get("max_score") or 0
        passed = sum(t["status"] == "pass" for t in result["tests"])
        score = passed / len(result["tests"]) * max_score if result["tests"] else math.nan
        if max_score != 0:
            console.append(f"Total points for {runner}: {js_to_fixed(score, 2)}/{js_number(max_score)}")
        scores.append(score)
        maxima.append(max_score)
    table_total = (js_number(sum(scores)), js_number(sum(maxima)))
    points = maximum = 0
    for _, result in results:
        if result.get("max_score"):
            maximum += result["max_score"]
            points += sum(t["score"] for t in result["tests"])
    posted = f"Points {js_number(points)}/{js_number(maximum)}" if maximum else None
    statuses = [r["status"] for _, r in results]
    failed = "Some tests failed." if "fail" in statuses else "Some tests errored." if "error" in statuses else None
    return ReporterTotals(posted, console, table_total, failed)


def node_reporter(source: Path, runners: str, env: dict[str, str]) -> ReporterTotals:
    """The reporter's own src/main.js run with node, its two dependencies stood in by tests/node_stubs
    (@actions/core's getInput, notice and setFailed; a cli-table3 Table that prints its rows), read back."""
    run_env = {**env, "INPUT_RUNNERS": runners, "NODE_PATH": str(NODE_STUBS)}
    proc = subprocess.run(["node", str(source / "src" / "main.js")], env=run_env, capture_output=True, text=True,
                          timeout=60)
    out = proc.stdout
    posted = re.search(r"^::notice title=Autograding complete::(.*)$", out, re.MULTILINE)
    table = re.search(r"^TABLE ROW: Total:\s*\| (.*) \| (.*)$", out, re.MULTILINE)
    failed = re.search(r"^::error::(.*)$", out, re.MULTILINE)
    console = [re.sub(r"\x1b\[\d+m", "", line) for line in out.splitlines() if line.startswith("Total points for ")]
    return ReporterTotals(posted[1] if posted else None, console, (table[1], table[2]) if table else ("", ""),
                          failed[1] if failed else None)


def js_number(x: float) -> str:
    """JavaScript's String(number) for the values the reporter prints (integers, NaN, plain decimals)."""
    if isinstance(x, float) and math.isnan(x):
        return "NaN"
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def js_to_fixed(x: float, digits: int) -> str:
    """Number.prototype.toFixed: the exact value of the double rounded half up (ECMA-262, 21.1.3.3)."""
    if math.isnan(x):
        return "NaN"
    scaled = (Decimal(x) * (10 ** digits) + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR)
    return f"{scaled / (10 ** digits):.{digits}f}"


# --- GitLab CI ------------------------------------------------------------------------------------------

def gitlab_job(job: dict, project: Path, bin_dir: Path, temp: Path) -> subprocess.CompletedProcess:
    """Run a job's before_script and script lines in order in one bash, stopping at the first that fails,
    as the shell executor does; its `variables` are set, expanded against the CI variables."""
    env = ci_env(bin_dir, GITLAB_CI="true", CI_PROJECT_DIR=str(project))
    for key, value in job.get("variables", {}).items():
        env[key] = re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m[1], ""), str(value))
    lines = [*job.get("before_script", []), *job["script"]]
    script = temp / "gitlab_job.sh"
    script.write_text("set -eo pipefail\n" + "\n".join(lines) + "\n")
    return subprocess.run(["bash", "--noprofile", "--norc", str(script)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


# --- Gradescope -------------------------------------------------------------------------------------------

def unzip_like_unzip(archive: Path, folder: Path) -> dict[str, int]:
    """Extract `archive` into `folder` keeping each file's Unix mode, as unzip does; returns the modes."""
    modes = {}
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            path = Path(z.extract(info, folder))
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                path.chmod(mode)
            modes[info.filename] = mode
    return modes


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target
