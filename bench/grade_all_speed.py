"""How fast `kata grade-all` grades a class: warm workers beside a fresh process per submission.

Makes N submissions (solutions and stubs, alternating: a class mid-course), then grades the
whole class with the whole catalogue both ways, alternating, in one run:
- "process per submission": a fresh interpreter per submission (a torch import each), the way
  grade-all worked before, and its fallback where fork is not available;
- "warm workers": one worker per job slot imports torch once, and each submission is graded in
  a process forked from it.
Each way's wall time includes starting its processes. Prints submissions per second for both
(median over the rounds) and their ratio; the goal is at least 1 submission/s on 2 cores.
On a shared, busy machine wall time says little, so it also prints the CPU seconds (user +
system, of every process the batch started) each submission cost, the load average, and what
that CPU cost allows at most on idle cores (cores / CPU seconds per submission).

    python bench/grade_all_speed.py [--submissions 12] [--rounds 2] [--jobs N]
"""
from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_class(folder: Path, count: int) -> None:
    for i in range(count):
        source = ROOT / ("solutions" if i % 2 == 0 else "katas")
        shutil.copytree(source, folder / f"student{i:03d}", ignore=shutil.ignore_patterns("__pycache__"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=None, help="submissions graded at once [default: one per core]")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from grader.classroom import batch
    from grader.course import catalogue

    compileall.compile_dir(str(ROOT / "grader"), quiet=1)
    katas = len(catalogue.load().katas)
    ways = {"process per submission": False, "warm workers": True}
    rates: dict[str, list[float]] = {name: [] for name in ways}
    costs: dict[str, list[float]] = {name: [] for name in ways}
    cores = args.jobs or os.cpu_count() or 1
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="kata-bench-") as tmp:
        make_class(Path(tmp), args.submissions)
        for round_ in range(args.rounds):
            for name, warm in ways.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                report = batch.grade_all(batch.BatchRequest(submissions=Path(tmp), seed=1, jobs=args.jobs, warm=warm))
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / len(report.students)
                costs[name].append(cpu)
                if report.errors:
                    raise SystemExit(f"{name}: {len(report.errors)} submissions could not be graded: "
                                     f"{report.errors[0].error}")
                rates[name].append(report.throughput)
                print(f"round {round_ + 1}: {name:<24} {len(report.students)} submissions x {katas} katas in "
                      f"{report.duration:6.1f} s, {report.jobs} at a time: {report.throughput:.2f} submissions/s, "
                      f"{cpu:.2f} CPU s each", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    for name in ways:
        cpu = statistics.median(costs[name])
        print(f"{name:<24}{statistics.median(rates[name]):6.2f} submissions/s (median of {args.rounds}), "
              f"{cpu:.2f} CPU s per submission: at most {cores / cpu:.2f}/s on {cores} idle cores")
    old, new = (statistics.median(rates[name]) for name in ways)
    old_cpu, new_cpu = (statistics.median(costs[name]) for name in ways)
    print(f"ratio (warm / process)  {new / old:.2f}x in wall time, {old_cpu / new_cpu:.2f}x less CPU per submission "
          "(goal: >= 1 submission/s on 2 cores)")


if __name__ == "__main__":
    main()
