"""Time `kata watch` from a save to the new screen, as a student meets it.

Starts the installed `kata watch` on a pseudo-terminal over a fresh copy of the stubs, waits for
its first screen, then saves one module again and again (real writes, alternating a wrong and a
right answer so that every screen differs) and times each save until the screen that follows has
been printed in full (its closing "Watching ..." line). Prints min, median and max in seconds.

    python bench/watch_latency.py [--saves 10] [--section s06b_matmul]

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
PAUSE = 0.5  # seconds between a screen and the next save: each save is a batch of its own
ANSWERS = {  # a kata per section benchmarked, and a wrong and a right body for it
    "s02_tensor_intro": ("make_scalar", "return torch.tensor([7])", "return torch.tensor(7)"),
    "s03_creating": ("zero_to_ten", "return torch.arange(11)", "return torch.arange(10)"),
    "s06b_matmul": ("fix_matmul", "return a @ b.reshape(b.shape[1], b.shape[0])", "return a @ b.T"),
}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--section", default="s06b_matmul", choices=sorted(ANSWERS))
    args = parser.parse_args()
    name, wrong, right = ANSWERS[args.section]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "katas"
        shutil.copytree(Path(grader.course.stubs.__path__[0]), folder, ignore=shutil.ignore_patterns("__pycache__"))
        module = folder / f"{args.section}.py"
        stub = module.read_text()
        unsolved = f'raise NotImplementedError("{name}")'
        assert unsolved in stub, f"the stub of {name} changed: update ANSWERS"
        pid, fd = pty.fork()
        if pid == 0:  # the child execs the watch
            os.execv(KATA, [KATA, "watch", "--path", str(folder), "--section", args.section])
        try:
            started = time.perf_counter()
            if not read_until(fd, b"Watching", bytearray(), 120):
                sys.exit("kata watch showed no first screen within 120 s")
            print(f"first screen after {time.perf_counter() - started:.2f} s (a torch import and a full grade)")
            times = []
            for i in range(args.saves):
                time.sleep(PAUSE)
                body = wrong if i % 2 == 0 else right
                text = stub.replace(unsolved, body)
                seen = bytearray()
                saved = time.perf_counter()
                module.write_text(text)
                if not read_until(fd, b"Watching", seen, 60):
                    sys.exit(f"no screen within 60 s of save {i + 1}: {seen.decode(errors='replace')[-500:]}")
                times.append(time.perf_counter() - saved)
        finally:
            os.kill(pid, signal.SIGINT)
            os.waitpid(pid, 0)
            os.close(fd)
    print(f"{len(times)} saves of {module.name}, save to new screen: min {min(times):.3f} s, "
          f"median {statistics.median(times):.3f} s, max {max(times):.3f} s")


if __name__ == "__main__":
    main()
