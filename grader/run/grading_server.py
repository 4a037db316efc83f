"""The long-lived grading process of `kata watch`: PyTorch, pytest, the grader's plugin and every
check are imported once; then each request is graded as `kata grade` grades it.

    python -m grader.run.grading_server REQUESTS REPLIES   (two pipe fds; warm_grader.py starts it)

pytest collects the checks of every section once, and its test loop (replaced here) serves
requests instead of running them all: each request runs the selected checks again through
pytest's own per-check protocol, with a spawner (zygote) of its own. That spawner is started
while the process waits for the request, but it runs no student code: the children it forks
import the student's module only once the request came, so they see the file as just saved.
Student code runs only in those children, never in this process. The spawner is closed after
the reply, off the student's wait.

Messages are pickles over the pipes (both ends are the grader's own):
  in:  a GradeRequest per grade; end of file ends the process.
  out: ("ready",) once the checks are collected; ("progress",) after each check of a grade;
       then ("report", Report), ("usage", message) or ("error", message).
"""
from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import time
from collections import OrderedDict
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest
import torch
from pytest_jsonreport.plugin import JSONReport

from grader.course import catalogue
from grader.i18n import _
from grader.run import fingerprint, grading
from grader.run.plugin import GraderPlugin, Settings, kata_of
from grader.run.request import GradeRequest, UsageError
from grader.sandbox import runners
from grader.sandbox.limits import Limits


class Server:
    """A pytest plugin whose test loop grades one request after another."""

    def __init__(self, requests: Connection, replies: Connection) -> None:
        self.requests, self.replies = requests, replies
        self.gpu = grading.cuda_usable()  # found once: a watch session does not grow a GPU
        every = frozenset(k.id for k in catalogue.load().katas)
        idle = Settings(folder=Path.cwd(), seed=0, limits=Limits(), katas=every, gpu=self.gpu)
        self.plugin = GraderPlugin(idle, spawner=None, head_start=0)  # type: ignore[arg-type]  # none until a request
        self.report = JSONReport()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        checks = list(session.items)
        runner = grading.choose_runner()
        torch.set_num_threads(1)  # as grading.py: a used CPU thread pool is not fork-safe
        altered = fingerprint.altered_checks(grading.CHECKS_DIR)  # what was imported is what runs from now on
        self.replies.send(("ready",))
        while True:
            # Frozen objects are not scanned by a child's garbage collector (fewer copied pages). Never
            # unfrozen: collecting torch's and pytest's objects again would cost a second before every
            # grade; what the last grade left is collected here, the rest frozen too.
            gc.collect()
            gc.freeze()
            spawner = runners.start(runner)
            try:
                request = self.requests.recv()
            except (EOFError, OSError):
                spawner.close()
                return True
            try:
                reply: tuple = ("report", self.grade(session, checks, request, spawner, runner, altered))
            except UsageError as e:
                reply = ("usage", str(e))
            except Exception as e:  # noqa: BLE001 - the grader's own failure: the watch shows it and goes on
                reply = ("error", f"{type(e).__name__}: {e}")
            self.replies.send(reply)
            spawner.close()  # kills what the grade left running (children prepared but not used)

    def grade(self, session: pytest.Session, checks: list[pytest.Item], request: GradeRequest,
              spawner: runners.Spawner, runner: runners.Runner, altered: list[str]) -> Any:
        if request.checks is not None:
            raise ValueError("the grading process grades with the installed checks only")
        course, katas, settings = grading.settle(request, self.gpu)
        started = time.perf_counter()
        sections = {k.section for k in katas}
        if altered:
            return grading.assemble(course, katas, settings, [], [_altered(altered)], time.perf_counter() - started)
        items = [i for i in checks if kata_of(i) in settings.katas]
        self.plugin.settings, self.plugin.spawner = settings, spawner
        self.plugin.plan = [self.plugin.key(kata_of(i).split(".")[0]) for i in items]
        session.items = items  # the plugin prepares children ahead by an item's place in this list
        for key in self.plugin.plan[:grading.head_start(runner)]:
            spawner.prepare(key)
        self.report._json_tests = OrderedDict()
        for n, item in enumerate(items):
            following = items[n + 1] if n + 1 < len(items) else None  # None: every fixture is torn down
            item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
            self.replies.send(("progress",))
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.stats.clear()  # it keeps every report: a long session would grow without end
        problems = grading.collection_problems([c for c in self.report._json_collectors
                                                if _section_of(c.get("nodeid", "")) in sections])
        problems += [_(grading.STRANGER).format(check=nodeid) for nodeid in self.plugin.strangers
                     if _section_of(nodeid) in sections]
        tests = list(self.report._json_tests.values())
        return grading.assemble(course, katas, settings, tests, problems, time.perf_counter() - started)


def _section_of(nodeid: str) -> str:
    """`test_s03_creating.py::test_x` -> `s03_creating`."""
    return Path(nodeid.split("::")[0]).stem.removeprefix("test_")


def _altered(files: list[str]) -> str:
    return _(grading.CHECKS_ALTERED).format(files=", ".join(files))


def main(argv: list[str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the watch handles Ctrl-C, and ends this process
    requests, replies = Connection(int(argv[0]), writable=False), Connection(int(argv[1]), readable=False)
    server = Server(requests, replies)
    files = sorted(str(p) for p in grading.CHECKS_DIR.glob("test_*.py"))
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), \
            grading.no_outside_pytest_settings():
        pytest.main(grading.pytest_args(files), plugins=[server.report, server.plugin, server])


if __name__ == "__main__":
    main(sys.argv[1:])
