"""Time `kata watch` from a save to the new screen, as a student meets it: the old way and the new
way side by side, in one run.

Starts two installed `kata watch` processes, each on a pseudo-terminal over a fresh copy of the
stubs: "old" grades in the watch's own process from scratch each time (KATA_WATCH_WARM=0: a new
pytest session and zygote per save), "new" asks its long-lived grading process (the default:
torch, pytest and the checks stay imported). Once both show their first screen it saves one
module of each in turn (real writes, alternating a wrong and a right answer so that every screen
differs), and times each save until the screen that follows has been printed in full (its
closing "Watching ..." line). Taking turns, the two ways meet the same load. Prints the min,
median, p90 and max in seconds of each, and the load average (uptime) before and after.

    python bench/watch_latency.py [--saves 20] [--section s03_creating] [--pause 1.0]

Goal (issue 11): a median of at most 0.3 s for one module.
"""
from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import grader.course.stubs

KATA = str(Path(sys.executable).with_name("kata"))
ANSWERS = {  # a kata per section benchmarked, and a wrong and a right body for it
    "s02_tensor_intro": ("make_scalar", "return torch.tensor([7])", "return torch.tensor(7)"),
    "s03_creating": ("zero_to_ten", "return torch.arange(11)", "return torch.arange(10)"),
    "s06b_matmul": ("fix_matmul", "return a @ b.reshape(b.shape[1], b.shape[0])", "return a @ b.T"),
}
WAYS = {"old": "0", "new": "1"}  # KATA_WATCH_WARM


def read_until(fd: int, wanted: bytes, seen: bytearray, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return wanted in seen


class Watch:
    """A `kata watch` of one section on a pty, over its own copy of the stubs."""

    def __init__(self, tmp: Path, way: str, section: str) -> None:
        self.way, self.folder = way, tmp / way / "katas"
        shutil.copytree(Path(grader.course.stubs.__path__[0]), self.folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
        self.module = self.folder / f"{section}.py"
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child execs the watch
            os.environ.update(KATA_WATCH_WARM=WAYS[way], NO_COLOR="1")
            os.execv(KATA, [KATA, "watch", "--path", str(self.folder), "--section", section])
        self.started = time.perf_counter()
        self.times: list[float] = []

    def first_screen(self) -> float:
        if not read_until(self.fd, b"Watching", bytearray(), 300):
            sys.exit(f"the {self.way} watch showed no first screen within 300 s")
        return time.perf_counter() - self.started

    def save(self, text: str) -> None:
        seen = bytearray()
        saved = time.perf_counter()
        self.module.write_text(text)
        if not read_until(self.fd, b"Watching", seen, 120):
            sys.exit(f"the {self.way} watch showed no screen within 120 s of a save: "
                     f"{seen.decode(errors='replace')[-500:]}")
        self.times.append(time.perf_counter() - saved)

    def stop(self) -> None:
        os.kill(self.pid, signal.SIGINT)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=20, help="saves per way")
    parser.add_argument("--section", default="s03_creating", choices=sorted(ANSWERS))
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between a screen and the next save")
    args = parser.parse_args()
    name, wrong, right = ANSWERS[args.section]
    unsolved = f'raise NotImplementedError("{name}")'
    print(f"load average before: {load()} (1, 5, 15 min) on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        watches = [Watch(Path(tmp), way, args.section) for way in WAYS]
        try:
            for w in watches:
                print(f"{w.way}: first screen after {w.first_screen():.2f} s")
            stub = watches[0].module.read_text()
            assert unsolved in stub, f"the stub of {name} changed: update ANSWERS"
            for i in range(args.saves):
                text = stub.replace(unsolved, wrong if i % 2 == 0 else right)
                for w in (watches if i % 2 == 0 else watches[::-1]):  # neither always goes first
                    time.sleep(args.pause)
                    w.save(text)
        finally:
            for w in watches:
                w.stop()
    print(f"load average after: {load()}")
    print(f"{args.saves} saves of {args.section}.py each, seconds from a save to the new screen:")
    print(f"{'way':<5}{'min':>8}{'median':>8}{'p90':>8}{'max':>8}")
    for w in watches:
        t = w.times
        print(f"{w.way:<5}{min(t):8.3f}{statistics.median(t):8.3f}{p90(t):8.3f}{max(t):8.3f}")


if __name__ == "__main__":
    main()
