"""How much grading costs next to `python -c "import torch"`, measured side by side.

Runs, alternating, the bare import and `kata grade --path solutions --format json` (every kata,
every student call in a sandboxed child) and prints medians, their ratio and the peak memory of
each. Then it times the naive way, a fresh interpreter per kata (`kata grade --kata ID`, as
per-test commands in GitHub Classroom do), on a sample of katas, and scales it to the catalogue.

The grader's bytecode is compiled first, as `pip install` does for a regular install (an editable
install under PYTHONDONTWRITEBYTECODE would otherwise recompile it on every run, as torch's own
installed bytecode is not). Peak memory is the largest resident set of any one process of the
run: children share the grader's pages copy-on-write.

    python bench/grade_speed.py [--runs 5] [--naive-sample 6]
"""
from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORT = [sys.executable, "-c", "import torch"]
GRADE = [sys.executable, "-m", "grader.cli", "grade", "--path", str(ROOT / "solutions"), "--format", "json",
         "--seed", "1"]


def measure(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (bytes) of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited with {code}")
    return elapsed, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--naive-sample", type=int, default=6)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from grader.course import catalogue
    katas = catalogue.load().katas

    compileall.compile_dir(str(ROOT / "grader"), quiet=1)
    measure(IMPORT), measure(GRADE)  # warm the page cache for both
    base, grade = [], []
    for _ in range(args.runs):
        base.append(measure(IMPORT))
        grade.append(measure(GRADE))
    t_base = statistics.median(t for t, _ in base)
    t_grade = statistics.median(t for t, _ in grade)
    m_base = max(m for _, m in base)
    m_grade = max(m for _, m in grade)
    print(f"python -c 'import torch'       median {t_base:6.2f} s   peak {m_base / 2**20:6.0f} MiB")
    print(f"kata grade (all {len(katas)} katas)     median {t_grade:6.2f} s   peak {m_grade / 2**20:6.0f} MiB")
    print(f"ratio (goal <= 1.5)            time {t_grade / t_base:6.2f}     memory {m_grade / m_base:6.2f}")

    step = max(1, len(katas) // args.naive_sample)
    sample = katas[::step][: args.naive_sample]
    naive = [measure(GRADE[:-4] + ["--path", str(ROOT / "solutions"), "--kata", k.id, "--format", "json"])[0]
             for k in sample]
    per_kata = statistics.mean(naive)
    print(f"naive: one interpreter per kata, {per_kata:.2f} s each over {len(sample)} sampled katas, "
          f"about {per_kata * len(katas):.0f} s for all {len(katas)}: ratio {per_kata * len(katas) / t_base:.1f}")


if __name__ == "__main__":
    main()
