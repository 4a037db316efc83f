"""Where one submission's time goes in a warm grade-all worker, and what a fresh sandbox child costs.

1. Grades solutions/ in a grading process forked from a process that has imported the grader (as a
   warm worker forks one per submission) and prints, for each phase, wall and CPU seconds of the
   grading process: before the zygote, the zygote's start, pytest's start, collecting the checks,
   the checks (the grader's side), the report; then the CPU of the zygote and every kata child.
2. Forks children as the zygote does, adding one step at a time (bare fork and exit; the process
   walls, confine.process; the privilege walls, confine.privileges; importing a kata module) and
   prints each stage's CPU per child.
What a submission pays once (1's first phases) is what warm workers could share across
submissions; 2 times the number of checks is what they cannot, as each check gets a fresh child.

    python bench/grade_all_phases.py [--rounds 3]
"""
from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import grader.run.grading as grading  # noqa: E402 - after the path
from grader.run.plugin import GraderPlugin  # noqa: E402
from grader.run.request import GradeRequest  # noqa: E402
from grader.sandbox import confine, private, runners  # noqa: E402
from grader.sandbox.limits import Limits  # noqa: E402

Mark = tuple[str, float, float]


def cpu(who: int = resource.RUSAGE_SELF) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def phases(folder: Path, rounds: int) -> None:
    marks: list[Mark] = []

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter(), cpu()))

    start, modify = runners.start, GraderPlugin.pytest_collection_modifyitems
    grading.runners.start = lambda runner: (mark("zygote start"), start(runner), mark("pytest start"))[1]  # type: ignore
    GraderPlugin.pytest_collection_modifyitems = lambda self, config, items: (  # type: ignore[method-assign]
        mark("checks"), modify(self, config, items))[1]
    GraderPlugin.pytest_sessionstart = lambda self, session: mark("collection")  # type: ignore[attr-defined]
    GraderPlugin.pytest_sessionfinish = lambda self, session: mark("report")  # type: ignore[attr-defined]
    gc.freeze()
    for _ in range(rounds):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the grading process
            os.close(r)
            marks.clear()
            mark("before the zygote")
            grading.grade(GradeRequest(path=folder, seed=1, limits=Limits()))
            mark("end")
            os.write(w, json.dumps([marks, cpu(resource.RUSAGE_CHILDREN)]).encode())
            os._exit(0)
        os.close(w)
        os.waitpid(pid, 0)
        data = b""
        while chunk := os.read(r, 1 << 16):
            data += chunk
        os.close(r)
        got, children = json.loads(data)
        parts = [f"{a} {t1 - t0:.2f} s/{c1 - c0:.2f} CPU" for (a, t0, c0), (_, t1, c1) in zip(got, got[1:])]
        print(f"load {os.getloadavg()[0]:.1f}: " + ", ".join(parts) + f"; zygote and children {children:.2f} CPU",
              flush=True)


def children(folder: Path, count: int = 30) -> None:
    confine.warm()
    root = private.make_root()
    path = folder / "s03_creating.py"
    for stage, name in enumerate(("fork and exit", "+ process walls", "+ privilege walls", "+ import a kata")):
        before, started = cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
        for _ in range(count):
            mine = private.make(root)
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                try:
                    if stage >= 1:
                        confine.process((r, w), 2**31)
                    if stage >= 2:
                        confine.privileges(folder, mine)
                    if stage >= 3:
                        spec = importlib.util.spec_from_file_location("s03_creating", path)
                        assert spec is not None and spec.loader is not None
                        spec.loader.exec_module(importlib.util.module_from_spec(spec))
                except BaseException as e:  # noqa: BLE001
                    os.write(2, f"{name}: {e!r}\n".encode())
                os._exit(0)
            os.waitpid(pid, 0)
            os.close(r)
            os.close(w)
            private.remove(mine)
        print(f"{name:<20} {(cpu(resource.RUSAGE_CHILDREN) - before) / count * 1000:5.1f} ms CPU per child "
              f"({(time.perf_counter() - started) / count * 1000:.0f} ms wall), load {os.getloadavg()[0]:.1f}")
    private.remove(root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kata-phases-") as tmp:
        folder = Path(tmp) / "solutions"
        shutil.copytree(ROOT / "solutions", folder, ignore=shutil.ignore_patterns("__pycache__"))
        phases(folder, args.rounds)
        children(folder.resolve())


if __name__ == "__main__":
    main()
