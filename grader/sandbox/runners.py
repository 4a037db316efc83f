"""Which runner makes the sandboxed children on this machine, what it guarantees, and starting it.

Two runners hand out the same `Child` (a process and its channel) through the same spawner
interface (prepare, pending, spawn, status, release, close):
- "linux": a zygote forked from the grader forks each child (spawner.py). The fast one; Linux only.
- "portable": multiprocessing children (portable.py), from a forkserver where the OS has one,
  else spawned interpreters (Windows). On Linux it puts up the same walls as the zygote.
`choose()` resolves the environment once: KATA_RUNNER=linux|portable, and KATA_START_METHOD=
forkserver|spawn (which implies the portable runner; spawn also takes Windows' channel, so Linux
tests can run the Windows code path).
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Protocol

from grader.sandbox import confine
from grader.sandbox import strays

RUNNER_VARIABLE, START_METHOD_VARIABLE = "KATA_RUNNER", "KATA_START_METHOD"
LINUX, PORTABLE = "linux", "portable"
START_METHODS = ("forkserver", "spawn")


class RunnerError(ValueError):
    """KATA_RUNNER or KATA_START_METHOD asks for something this machine cannot do."""


@dataclass(frozen=True)
class Runner:
    """A runner resolved for this machine: what `kata doctor` prints."""

    name: str  # LINUX or PORTABLE
    start_method: str  # "zygote fork", "forkserver" or "spawn"
    channel: str  # "fd" (framed pipes, select) or "connection" (multiprocessing Connections)
    guarantees: tuple[str, ...]  # what holds for every kata's code on this machine
    lacks: tuple[str, ...]  # what does not hold here, in the same words
    source: str  # where the choice came from: "default" or the variables that set it


@dataclass(frozen=True)
class Child:
    """A sandboxed child as a spawner hands it out: its pid and the grader's end of its channel."""

    pid: int
    channel: Any  # channel.FdChannel or channel.ConnectionChannel
    process: Any = None  # the multiprocessing.Process, for the portable runner


Key = tuple  # (folder, module, memory limit[, task]): what a child is prepared for; task is
# protocol.IMPORT (the default: import the module, then serve calls) or protocol.SOURCE (read the file)


def child_key(folder: Path, module: str, memory: int) -> Key:
    """The one way to name what a child is prepared for: plugin, grading and Sandbox all use it."""
    return (folder, module, memory)


class Spawner(Protocol):
    def prepare(self, key: Key) -> None: ...
    def pending(self, key: Key) -> int: ...
    def spawn(self, key: Key) -> Child: ...
    def status(self, child: Child) -> int | None: ...
    def release(self, child: Child) -> None: ...
    def close(self) -> None: ...


def choose(environ: Mapping[str, str] | None = None, platform: str | None = None) -> Runner:
    """The runner this environment asks for, or the default for this OS; RunnerError if it cannot be had."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    linux = platform.startswith("linux")
    asked, method = environ.get(RUNNER_VARIABLE, "").strip(), environ.get(START_METHOD_VARIABLE, "").strip()
    if asked not in ("", LINUX, PORTABLE):
        raise RunnerError(f"{RUNNER_VARIABLE}={asked!r} is not a runner: use {LINUX!r} or {PORTABLE!r}")
    if method and method not in START_METHODS:
        raise RunnerError(f"{START_METHOD_VARIABLE}={method!r} is not a start method: use "
                          + " or ".join(repr(m) for m in START_METHODS))
    if asked == LINUX and not linux:
        raise RunnerError(f"{RUNNER_VARIABLE}=linux needs Linux (pidfd, memfd, seccomp) and this is {platform}: "
                          f"unset {RUNNER_VARIABLE} to use the portable runner")
    if asked == LINUX and method:
        raise RunnerError(f"{START_METHOD_VARIABLE} applies to the portable runner, not {RUNNER_VARIABLE}=linux")
    source = ", ".join(f"{k}={v}" for k, v in ((RUNNER_VARIABLE, asked), (START_METHOD_VARIABLE, method)) if v)
    if asked == LINUX or (linux and not asked and not method):
        return Runner(LINUX, "zygote fork", "fd", *_promises(platform, linux_walls=True),
                      source or "default")
    forkserver = not platform.startswith("win") and "forkserver" in multiprocessing.get_all_start_methods()
    method = method or ("forkserver" if forkserver else "spawn")
    if method == "forkserver" and not forkserver:
        raise RunnerError(f"{START_METHOD_VARIABLE}=forkserver is not available on {platform}: use spawn")
    channel = "connection" if method == "spawn" else "fd"
    return Runner(PORTABLE, method, channel, *_promises(platform, linux_walls=linux),
                  source or "default")


def start(runner: Runner | None = None) -> Spawner:
    """A started spawner for `runner` (default: `choose()`); this process becomes its children's keeper."""
    runner = runner or choose()
    strays.become_subreaper()
    confine.harden_grader()
    if runner.name == LINUX:
        from grader.sandbox.zygote import Zygote  # noqa: PLC0415 - Linux only

        return Zygote()
    from grader.sandbox.portable import Portable  # noqa: PLC0415

    return Portable(runner.start_method, runner.channel)


def warm_up(runner: Runner | None = None) -> None:
    """Start booting what `runner` (default: `choose()`) needs ahead of the grader's own torch import:
    the portable runner's forkserver imports torch on a spare core meanwhile. Idempotent, imports no
    torch, and best effort: what fails here fails again, and is reported, when the grade starts."""
    try:
        runner = runner or choose()
        if runner.name == PORTABLE and runner.start_method == "forkserver":
            from grader.sandbox import portable  # noqa: PLC0415

            portable.start_forkserver()
    except (RunnerError, OSError):
        pass


def _promises(platform: str, linux_walls: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(guarantees, lacks) on `platform`, in the words `kata doctor` prints."""
    windows, mac = platform.startswith("win"), platform == "darwin"
    have = ["every kata runs in a process of its own, so its global changes spoil only itself",
            "a time limit on every call, after which "
            + ("the kata's process is killed (not the processes it started)" if windows
               else "the kata's whole process group is killed"),
            "printed output is captured and never reaches the grader's output",
            "a scrubbed environment (no tokens or secrets of the grader's) and command line"]
    lack = []
    if not windows:
        have.append("a file size limit, and no core dumps")
    if linux_walls:
        have += ["a memory limit on every kata (RLIMIT_DATA)",
                 "no file descriptors of the grader's but the call channel"]
        abi = confine.landlock_abi()
        if abi >= 1:
            have.append(f"Landlock (ABI {abi}): a kata writes only a private temporary folder, reads only Python, "
                        "torch and its own kata folder" + (", and makes no TCP connection" if abi >= 4 else ""))
        else:
            lack.append("no Landlock in this kernel: a kata may write wherever its user may "
                        "(run as root: the grader's own files too)")
        if abi >= 6:
            have.append("Landlock scoping: a kata cannot signal, or reach the abstract sockets of, "
                        "any process outside it")
        if confine.seccomp_supported():
            have.append("a seccomp filter: no signals beyond the kata's process group, no tracing, no "
                        "identity changes, namespaces or mounts, and a foreign architecture's syscalls kill it")
        else:
            lack.append("no seccomp filter on this CPU architecture: code may signal other processes of the user")
        if confine.process_bound():
            have.append(f"run as root, a kata has a real uid of its own, no capabilities, and at most "
                        f"{confine.PROCESS_LIMIT} processes and threads")
        else:
            if _is_root():
                have.append("run as root, a kata holds no capability")
            lack.append("no bound of its own on the processes a kata starts (only the user's own "
                        "RLIMIT_NPROC); they are killed when the kata ends")
        have.append("background processes a kata leaves behind are killed at the end of the run")
    else:
        lack += ["no memory limit: " + ("macOS does not enforce RLIMIT_AS" if mac else
                                        "Windows has none without job objects" if windows else
                                        "only the Linux runner sets one"),
                 "no Landlock, no seccomp filter and no privilege drop: code may write files, signal or read "
                 "other processes of the user",
                 "background processes that leave a kata's process group can outlive the run"
                 if not windows else "processes a kata starts can outlive the run"]
    return tuple(have), tuple(lack)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
