"""Grade one student folder: resolve the request, run the hidden checks with pytest, build the Report."""
from __future__ import annotations

import contextlib
import gc
import io
import os
import platform
import random
import time
from pathlib import Path
from typing import Any, Callable, Iterable

import pytest
import torch
from pytest_jsonreport.plugin import JSONReport

from grader import i18n
from grader.i18n import N_, _
from grader.course import catalogue
from grader.run.plugin import GraderPlugin, Settings
from grader.run.request import GradeRequest, UsageError, checked, fallback_report, selected  # noqa: F401 - the API
from grader.results import PASSED, KataResult, Report, SectionResult, Verdict
from grader.run import fingerprint, verdict
from grader.sandbox import runners

CHECKS_DIR = Path(__file__).resolve().parent.parent / "checks"
HEAD_START = 8  # children asked for as soon as the checks are collected
# The report's grader problems, translated where used (grader/i18n.py).
CHECKS_ALTERED = N_("the installed checks were changed after installation ({files}); reinstall tensor-katas "
                    "(pip install --force-reinstall) before grading")
PYTEST_FAILED = N_("pytest could not run the checks (exit status {code})")
CHECKS_UNLOADABLE = N_("could not load checks {checks}: {error}")
STRANGER = N_("check {check} names no kata of the catalogue")


def grade(request: GradeRequest) -> Report:
    """Run the checks of the selected katas against `request.path` and return the Report."""
    with i18n.speaking(request.lang):  # the caller's language as it was, afterwards
        course, katas, settings = settle(request, cuda_usable())
        started = time.perf_counter()
        tests, problems = _run_pytest(settings, katas, request.checks)
        return assemble(course, katas, settings, tests, problems, time.perf_counter() - started)


def settle(request: GradeRequest, gpu: bool) -> tuple[catalogue.Catalogue, tuple[catalogue.Kata, ...], Settings]:
    """The catalogue, the katas to grade and the run's settings; sets the language the checks speak."""
    folder = Path(request.path).expanduser()
    course = catalogue.load()
    katas = checked(request, course)
    i18n.use(request.lang or i18n.current())  # the checks word their messages in it, as they fail
    seed = request.seed if request.seed is not None else random.randrange(1, 2**31)
    settings = Settings(folder=folder.resolve(), seed=seed, limits=request.limits,
                        katas=frozenset(k.id for k in katas), gpu=gpu, require_gpu=request.require_gpu)
    return course, katas, settings


def assemble(course: catalogue.Catalogue, katas: tuple[catalogue.Kata, ...], settings: Settings,
             tests: list[dict], problems: list[str], duration: float) -> Report:
    """The Report from pytest-json-report's test entries and the grader's own problems."""
    by_kata: dict[str, list[dict]] = {}
    for test in tests:
        by_kata.setdefault(test.get("metadata", {}).get("kata", ""), []).append(test)
    sections = tuple(
        SectionResult(id=s.id, title=s.title,
                      katas=tuple(kata_result(k, by_kata.get(k.id, [])) for k in s.katas if k in katas))
        for s in course.sections if any(k in katas for k in s.katas))
    return Report(seed=settings.seed, environment=environment(settings.gpu), sections=sections,
                  duration=duration, grader_errors=tuple(problems))


def kata_result(kata: catalogue.Kata, tests: list[dict]) -> KataResult:
    """One kata's result from pytest-json-report's entries for its checks."""
    duration = sum(t.get(stage, {}).get("duration", 0.0) for t in tests for stage in ("setup", "call", "teardown"))
    def judged(test: dict) -> Verdict:
        plain = test.get("metadata", {}).get("verdict")
        if plain is not None:
            return Verdict.from_record(plain)
        return PASSED if test["outcome"] == "passed" else verdict.unexplained(test["outcome"])

    checks = [judged(t) for t in tests]
    return KataResult(id=kata.id, section=kata.section, max_points=kata.points, verdict=verdict.of_kata(checks),
                      duration=duration)


def _run_pytest(settings: Settings, katas: Iterable[catalogue.Kata],
                extra: Path | None) -> tuple[list[dict], list[str]]:
    katas = tuple(katas)
    sections = sorted({k.section for k in katas})
    folders = [CHECKS_DIR] + ([Path(extra).resolve()] if extra else [])
    files = [str(d / f"test_{s}.py") for s in sections for d in folders if (d / f"test_{s}.py").exists()]
    if not files:
        return [], []
    args = pytest_args(files)
    altered = fingerprint.altered_checks(CHECKS_DIR)
    if altered:
        return [], [_(CHECKS_ALTERED).format(files=", ".join(altered))]
    # The Linux runner forks children from here: a used CPU thread pool is not fork-safe, and
    # frozen objects are not scanned by a child's garbage collector (fewer copied pages). The
    # spawner (a copy of this process, no student code) starts while pytest starts up; the
    # plugin asks for the first children only once the checks are collected, so no student code
    # runs before the checks are imported. Closing the spawner kills whatever student code left
    # running, before any report is written.
    runner = choose_runner()
    torch.set_num_threads(1)
    gc.freeze()
    spawner = runners.start(runner)
    try:
        report, plugin = JSONReport(), GraderPlugin(settings, spawner, head_start=head_start(runner))
        with _quiet(), no_outside_pytest_settings():
            code = pytest.main(args, plugins=[report, plugin])
    finally:
        spawner.close()
        gc.unfreeze()
    if code == pytest.ExitCode.INTERRUPTED:
        raise KeyboardInterrupt  # pytest caught the user's Ctrl-C; the CLI reports it, not a grader fault
    problems = [_(PYTEST_FAILED).format(code=int(code))] if int(code) not in (0, 1) else []
    problems += collection_problems(report.report.get("collectors", []))
    problems += [_(STRANGER).format(check=nodeid) for nodeid in plugin.strangers]
    return report.report.get("tests", []), problems


def pytest_args(files: list[str]) -> list[str]:
    """pytest's command line for the check files `files`: quiet, no outside settings, JSON entries."""
    return [*files, "-c", str(CHECKS_DIR / "pytest.ini"), "--rootdir", str(CHECKS_DIR), "--confcutdir", str(CHECKS_DIR),
            "--import-mode=importlib", "--capture=no", "-q", "--tb=no", "--assert=plain",
            # Unused plugins cost time; these two also run full garbage collections.
            *(f"-pno:{name}" for name in ("cacheprovider", "unraisableexception", "threadexception",
                                          "doctest", "junitxml", "pastebin", "stepwise", "logging", "warnings")),
            "-p", "pytest_jsonreport.plugin", "--json-report-file=none", "--json-report-omit", "keywords", "streams",
            "log", "traceback"]  # --json-report-omit takes every word up to the next option


def choose_runner() -> runners.Runner:
    """The runner for this machine, and the portable one where forked children would lose CUDA."""
    runner = runners.choose()
    if runner.name == runners.LINUX and children_lose_cuda():
        # CUDA was touched in this process (a notebook asked torch.cuda.is_available(), say): torch
        # then refuses CUDA in every child forked from it, seeding included, and correct answers
        # would fail. The portable runner's forkserver is a fresh interpreter without that history.
        runner = runners.choose({runners.RUNNER_VARIABLE: runners.PORTABLE})
    return runner


def head_start(runner: runners.Runner) -> int:
    """How many children to ask for as soon as the checks to run are known."""
    return min(HEAD_START, os.cpu_count() or 1) if runner.start_method == "spawn" else HEAD_START


def collection_problems(collectors: list[dict]) -> list[str]:
    """The grader problems of pytest-json-report's collector entries: check files that did not load."""
    return [_(CHECKS_UNLOADABLE).format(checks=c.get("nodeid"), error=c.get("longrepr", "")[-300:])
            for c in collectors if c.get("outcome") != "passed"]


@contextlib.contextmanager
def _quiet() -> Any:
    """pytest's own terminal output is not for the student; nothing may reach our stdout."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        yield sink


@contextlib.contextmanager
def no_outside_pytest_settings() -> Any:
    """Ignore PYTEST_ADDOPTS and auto-loaded third-party plugins while the checks run."""
    saved = {k: os.environ.pop(k) for k in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS") if k in os.environ}
    autoload = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        os.environ.update(saved)
        if autoload is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = autoload


CHILD_QUESTION_TIMEOUT = 60.0  # seconds: a broken driver can hang, and this wait has a deadline of its own


def cuda_usable() -> bool:
    """Whether children can use CUDA, found out without initialising CUDA in this process."""
    import subprocess, sys  # noqa: E401, PLC0415 - needed here alone

    if torch.version.cuda is None:
        return False
    if not hasattr(os, "fork") or sys.platform == "darwin":  # no fork, or none safe after torch: ask a new process
        probe = [sys.executable, "-c", "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)"]
        try:
            return subprocess.run(probe, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, timeout=CHILD_QUESTION_TIMEOUT).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            return False
    return _asked_in_a_fork(torch.cuda.is_available)


def children_lose_cuda() -> bool:
    """Whether a child forked from this process would find CUDA unusable (torch's "bad fork")."""
    if torch.version.cuda is None or not hasattr(os, "fork"):
        return False
    return _asked_in_a_fork(torch.cuda._is_in_bad_fork)


def _asked_in_a_fork(question: Callable[[], bool]) -> bool:
    """`question()` answered in a forked child, so that whatever it touches leaves this process as it
    was; False when the child fails or outlives the deadline."""
    import signal  # noqa: PLC0415 - needed here alone

    pid = os.fork()
    if pid == 0:
        try:
            os._exit(0 if question() else 1)
        except BaseException:  # noqa: BLE001
            os._exit(1)
    deadline = time.monotonic() + CHILD_QUESTION_TIMEOUT
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return False
        time.sleep(0.01)


def environment(cuda: bool) -> dict[str, Any]:
    mps = getattr(torch.backends, "mps", None)
    return {"python": platform.python_version(), "torch": torch.__version__, "cuda": cuda,
            "mps": bool(mps and mps.is_available())}
