"""The walls around a sandboxed child: limits, file descriptors, identity, files, syscalls, environment.

Applied in the child before any student code runs; every step that fails raises SetupError,
which the child reports as the grader's fault: a wall is never silently left out. What they buy,
everywhere:
- no output reaches the grader's stdout or files (fds 1 and 2 go to a private file, output.py);
- a scrubbed environment and command line (environment.py), HOME and TMPDIR in a private folder;
on POSIX (Linux and macOS):
- its own process group, so a timeout kills the kata's processes together;
- bounded file sizes, and no core dumps;
and on Linux:
- every other descriptor but the call channel is closed;
- bounded memory (writable data, so CUDA's address-space reservations still fit);
- no capabilities and no new privileges; run as root, a real uid of its own (KATA_UIDS + pid)
  while the effective uid stays 0, so that RLIMIT_NPROC, which exempts uid 0 alone, bounds the
  kata's processes (root's files stay readable: Python may live under /root);
- Landlock where the kernel has it (landlock.py): it writes only its private folder, reads only
  what Python, torch and its own kata folder need, makes no TCP connection, and (ABI 6) signals
  and reaches abstract sockets of no process outside its kata;
- a seccomp filter (seccomp.py): no signals beyond its process group, no tracing, no identity
  changes, namespaces or mounts, and a foreign architecture's syscalls kill it.
The child must be single-threaded while the walls go up (Landlock and seccomp bind the calling
thread): a fork is, and the check below makes sure.
macOS does not enforce address-space limits and Windows has none without job objects: there a
child has a time limit but no memory limit (runners.py says so).
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import glob
import os
import signal
import struct
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator

from grader.sandbox import environment
from grader.sandbox import landlock
from grader.sandbox import output
from grader.sandbox import seccomp

LINUX = sys.platform.startswith("linux")
FILE_LIMIT = 16 * 1024**2  # bytes a child may write to any one file, its printed output included
PROCESS_LIMIT = 64  # processes and threads of one kata (RLIMIT_NPROC on its own real uid)
KATA_UIDS = 0x7A000000  # a root child's real uid is this plus its pid: a range no account uses

_PR_SET_PDEATHSIG, _PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS = 1, 24, 38
_PR_SET_DUMPABLE = 4
_SYS_CAPSET = {"x86_64": 126, "aarch64": 91}

# What a child may read (landlock.READ): system folders, and single files of /etc and /dev; Python's
# own folders, and those of every file this process has mapped, are added by _read_roots().
_SYSTEM = ("/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/sys", "/proc/sys", "/proc/driver",
           "/proc/cpuinfo", "/proc/meminfo", "/proc/stat", "/proc/filesystems", "/proc/loadavg", "/proc/version",
           "/proc/devices", "/proc/modules",  # the CUDA driver reads these two
           "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "passwd", "group", "nsswitch.conf",
        "host.conf", "hosts", "resolv.conf", "gai.conf", "os-release", "mime.types")
# Accelerators: device files read, written and driven by ioctl (CUDA, ROCm).
_DEVICES = ("/dev/nvidia*", "/dev/nvidia-caps", "/dev/dri", "/dev/kfd")


class SetupError(Exception):
    """A wall could not be put up: the grader's fault, reported before any student code runs."""


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    """Turn any failure inside into SetupError naming the step."""
    try:
        yield
    except SetupError:
        raise
    except Exception as e:  # noqa: BLE001 - whatever broke, the report must say where
        raise SetupError(f"{name}: {type(e).__name__}: {e}") from None


def seccomp_supported() -> bool:
    """Whether this machine's architecture has a syscall table here, so the filter goes up."""
    return LINUX and seccomp.supported()


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 where it has none (then no file walls: runners.py says so)."""
    return landlock.abi() if LINUX else 0


@functools.lru_cache(maxsize=None)
def process_bound() -> bool:
    """Whether children get a process-count bound of their own: run as root (effective uid 0) where
    the kata uids exist (in a user namespace, only the mapped uids do). As another user,
    RLIMIT_NPROC would count all of that user's processes: it is left as the user has it."""
    if not LINUX or os.geteuid() != 0:
        return False
    try:
        with open("/proc/self/uid_map") as f:
            ranges = [tuple(int(x) for x in line.split()) for line in f if line.strip()]
    except OSError:
        return False
    top = KATA_UIDS + _pid_max()
    return any(inside <= KATA_UIDS and top <= inside + count for inside, _, count in ranges)


def warm() -> None:
    """Find, before forking children, what each child's walls need (cached, so each child has it)."""
    if LINUX:
        _read_roots()
        _devices()
        _libc()
        environment.warm()
        landlock_abi()
        process_bound()
        if seccomp_supported():
            seccomp.template()


def process(keep: tuple[int, ...], memory_limit: int) -> int:
    """Process group, signals, limits, output and file descriptors; returns the output file's fd."""
    sys.dont_write_bytecode = True  # leave no __pycache__ in the student's folder
    with step("own process group"):
        if hasattr(os, "setpgid"):
            os.setpgid(0, 0)
    with step("signal handlers"):
        for name in ("SIGINT", "SIGTERM", "SIGALRM", "SIGPIPE"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
        if hasattr(signal, "SIGXFSZ"):
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the file limit, writes fail instead
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_SETMASK, [])  # the grader started it with SIGINT blocked
    _limits(memory_limit)
    with step("output capture"):
        out = output.redirect()
    if LINUX:
        with step("closing file descriptors"):
            kept = sorted({0, 1, 2, out, *keep})
            for low, high in zip(kept, kept[1:] + [os.sysconf("SC_OPEN_MAX")]):
                os.closerange(low + 1, high)
    return out


def privileges(folder: Path, private: Path | None) -> None:
    """Scrub the environment, then (Linux) give up identity, capabilities, files and syscalls."""
    with step("scrubbing the environment"):
        environment.scrub(private)
    if not LINUX:
        return
    with step("one thread"):
        threads = len(os.listdir("/proc/self/task"))
        if threads != 1:
            raise SetupError(f"the child has {threads} threads: the walls would bind only one")
    own = os.getpid()
    if os.geteuid() == 0:
        with step("a real uid of its own"):
            if process_bound():
                import resource  # noqa: PLC0415 - POSIX only

                resource.setrlimit(resource.RLIMIT_NPROC, (PROCESS_LIMIT, PROCESS_LIMIT))
                os.setgroups([])
                os.setresuid(KATA_UIDS + own, 0, 0)
        _drop_capabilities()
    _prctl("no new privileges", _PR_SET_NO_NEW_PRIVS, 1)
    _prctl("death signal", _PR_SET_PDEATHSIG, signal.SIGKILL)  # after setresuid, which clears it
    if landlock_abi() >= 1:
        with step("Landlock"):
            landlock.restrict(_rules(folder, private, own))
    if seccomp_supported():
        with step("seccomp filter"):
            seccomp.install(own)


def harden_grader() -> None:
    """Make this process unreadable to its children: no /proc/<pid>/mem or fd access, no tracing."""
    if LINUX:
        _prctl("not dumpable", _PR_SET_DUMPABLE, 0)


def _rules(folder: Path, private: Path | None, own: int) -> list[tuple[str, int]]:
    """The child's Landlock rules: what it may still do beneath each path."""
    rules = [(path, landlock.READ) for path in _read_roots()]
    rules += [(str(folder), landlock.READ), (f"/proc/{own}", landlock.READ),
              ("/dev/null", landlock.READ | landlock.WRITE_FILE)]
    rules += [(path, landlock.READ | landlock.WRITE_FILE | landlock.IOCTL_DEV) for path in _devices()]
    if private is not None:
        rules.append((str(private), landlock.fs_rights(landlock_abi())))
    return rules


@functools.lru_cache(maxsize=None)
def _read_roots() -> tuple[str, ...]:
    """Folders and files a child may read: the system's, Python's (its prefixes and import path),
    and the folder of every file this process has mapped (torch's libraries, wherever installed)."""
    roots = set(_SYSTEM) | {f"/etc/{name}" for name in _ETC}
    roots |= {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    roots |= {os.path.abspath(entry or os.curdir) for entry in sys.path}
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                parts = line.split(maxsplit=5)
                if len(parts) == 6 and parts[5].startswith("/") and not parts[5].rstrip().endswith("(deleted)"):
                    roots.add(os.path.dirname(parts[5].rstrip()))
    except OSError:
        pass
    kept: list[str] = []
    for root in sorted(os.path.realpath(r) for r in roots if _may_read(r)):
        if not any(root == k or root.startswith(k.rstrip(os.sep) + os.sep) for k in kept):
            kept.append(root)  # a folder inside one already allowed adds nothing
    return tuple(kept)


def _may_read(root: str) -> bool:
    """Not the whole filesystem, nor a folder holding the temporary folder (where the children's
    private folders are), nor shared memory: a sys.path entry or a mapped file could name those."""
    real, tmp = os.path.realpath(root), os.path.realpath(tempfile.gettempdir())
    return not (real == os.sep or real == tmp or tmp.startswith(real.rstrip(os.sep) + os.sep)
                or real == "/dev/shm" or real.startswith("/dev/shm/"))


@functools.lru_cache(maxsize=None)
def _devices() -> tuple[str, ...]:
    return tuple(sorted(path for pattern in _DEVICES for path in glob.glob(pattern)))


@functools.lru_cache(maxsize=None)
def _pid_max() -> int:
    try:
        with open("/proc/sys/kernel/pid_max") as f:
            return int(f.read())
    except (OSError, ValueError):
        return 1 << 22  # the kernel's ceiling


def _limits(memory_limit: int) -> None:
    """No core dumps and a file size limit where there are rlimits (POSIX); a memory limit on Linux."""
    try:
        import resource  # noqa: PLC0415 - POSIX only
    except ImportError:
        return
    with step("core and file size limits"):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
    if memory_limit > 0 and LINUX:  # macOS accepts RLIMIT_AS and RLIMIT_DATA but enforces neither
        with step("memory limit"):
            # RLIMIT_DATA, not RLIMIT_AS: CUDA reserves tens of GB of address space it never writes.
            limit = _status_kib("VmData") * 1024 + memory_limit
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _drop_capabilities() -> None:
    """Hold no capability: no tracing, no reading /proc/<grader>/mem, no raised limits, no files
    of other users. The bounding set goes first, so that no program the kata runs gets any back."""
    with step("dropping capabilities"):
        for cap in range(64):
            # Past the kernel's last capability the call fails with EINVAL: that ends the list.
            if _libc().prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                if ctypes.get_errno() != 22 or cap < 32:
                    raise SetupError(f"dropping capability {cap}: {os.strerror(ctypes.get_errno())}")
                break
        header = struct.pack("II", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
        data = bytes(24)  # effective, permitted, inheritable: all empty, twice (64 capabilities)
        number = _SYS_CAPSET.get(os.uname().machine, -1)
        if number < 0 or _libc().syscall(number, header, data) != 0:
            raise SetupError(f"dropping capabilities (capset): {os.strerror(ctypes.get_errno())}")


def _prctl(name: str, option: int, arg: Any, arg3: Any = 0) -> None:
    if _libc().prctl(option, arg, arg3, 0, 0) != 0:
        raise SetupError(f"{name}: prctl failed: {os.strerror(ctypes.get_errno())}")


@functools.lru_cache(maxsize=None)
def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)  # Linux only: Windows has no process-wide C library handle


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0
