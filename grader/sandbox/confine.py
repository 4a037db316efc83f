"""The walls around a sandboxed child: limits, file descriptors, privileges, forbidden syscalls.

Applied in the child before student code is imported; every step that fails raises SetupError,
which the child reports as the grader's fault. What they buy, everywhere:
- no output reaches the grader's stdout or files (fds 1 and 2 go to a private file, output.py);
on POSIX (Linux and macOS):
- its own process group, so a timeout kills the kata's processes together;
- bounded file sizes, and no core dumps;
and on Linux:
- every other descriptor but the call channel is closed;
- bounded memory (writable data, so CUDA's address-space reservations still fit), and processes;
- no signals or tracing of other processes (a seccomp filter), so student code cannot kill or
  read the grader, even as the same user;
- run as root, children become `nobody` where Python is readable to it, or else keep uid 0
  without any capability.
macOS does not enforce address-space limits and Windows has none without job objects: there a
child has a time limit but no memory limit (runners.py says so).
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib.util
import os
import platform
import signal
import stat
import struct
import sys
from pathlib import Path
from typing import Any, Iterator

from grader.sandbox import output

LINUX = sys.platform.startswith("linux")
FILE_LIMIT = 16 * 1024**2  # bytes a child may write to any one file, its printed output included
PROCESS_LIMIT = 64  # processes and threads of `nobody`, when children run as nobody
NOBODY = 65534

_PR_SET_PDEATHSIG, _PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP = 1, 24, 38, 22
_PR_SET_DUMPABLE = 4
_SECCOMP_MODE_FILTER = 2
_SECCOMP_RET_ALLOW, _SECCOMP_RET_ERRNO = 0x7FFF0000, 0x00050000
_EPERM = 1
# Syscalls that act on other processes: signals, tracing, reading or writing their memory.
_FORBIDDEN = {
    "x86_64": (0xC000003E, {"kill": 62, "tkill": 200, "tgkill": 234, "ptrace": 101, "process_vm_readv": 310,
                            "process_vm_writev": 311, "pidfd_send_signal": 424, "pidfd_getfd": 438}),
    "aarch64": (0xC00000B7, {"kill": 129, "tkill": 130, "tgkill": 131, "ptrace": 117, "process_vm_readv": 270,
                             "process_vm_writev": 271, "pidfd_send_signal": 424, "pidfd_getfd": 438}),
}
_SYS_CAPSET = {"x86_64": 126, "aarch64": 91}.get(platform.machine(), -1)


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


@functools.lru_cache(maxsize=None)
def can_drop_to_nobody() -> bool:
    """Whether children may run as `nobody`: Linux, we are root, and `nobody` can reach Python and torch."""
    if not LINUX or os.geteuid() != 0:
        return False
    spec = importlib.util.find_spec("torch")  # its location, without the seconds an import costs
    torch_dir = Path(spec.origin).parent if spec and spec.origin else Path(sys.prefix)
    for top in {Path(sys.prefix), Path(sys.base_prefix), torch_dir}:
        for folder in (top, *top.parents):
            if not folder.stat().st_mode & stat.S_IXOTH:
                return False
    return True


def seccomp_supported() -> bool:
    """Whether this machine's architecture has a syscall table here, so the filter goes up."""
    return LINUX and platform.machine() in _FORBIDDEN


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
    _limits(memory_limit)
    with step("output capture"):
        out = output.redirect()
    if LINUX:
        with step("closing file descriptors"):
            kept = sorted({0, 1, 2, out, *keep})
            for low, high in zip(kept, kept[1:] + [os.sysconf("SC_OPEN_MAX")]):
                os.closerange(low + 1, high)
    return out


def privileges() -> None:
    """Give up what student code must not have; call after reading the student's file. Linux only."""
    if not LINUX:
        return
    if os.geteuid() == 0:
        if can_drop_to_nobody():
            with step("becoming nobody"):
                import resource  # noqa: PLC0415 - POSIX only

                resource.setrlimit(resource.RLIMIT_NPROC, (PROCESS_LIMIT, PROCESS_LIMIT))
                os.setgroups([])
                os.setresgid(NOBODY, NOBODY, NOBODY)
                os.setresuid(NOBODY, NOBODY, NOBODY)
        else:
            _drop_capabilities()
    _prctl("no new privileges", _PR_SET_NO_NEW_PRIVS, 1)
    _prctl("death signal", _PR_SET_PDEATHSIG, signal.SIGKILL)  # after setuid, which clears it
    _forbid_syscalls()


def harden_grader() -> None:
    """Make this process unreadable to its children: no /proc/<pid>/mem or fd access, no tracing."""
    if LINUX:
        _libc().prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)  # best effort: the children's walls do not rely on it


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
    """Stay uid 0 but hold no capability: no tracing, no reading /proc/<grader>/mem, no raised limits."""
    for cap in range(64):
        # Past the kernel's last capability the call fails with EINVAL: that ends the list.
        if _libc().prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            if ctypes.get_errno() != 22 or cap < 32:
                raise SetupError(f"dropping capability {cap}: {os.strerror(ctypes.get_errno())}")
            break
    header = struct.pack("II", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = bytes(24)  # effective, permitted, inheritable: all empty, twice (64 capabilities)
    if _SYS_CAPSET < 0 or _libc().syscall(_SYS_CAPSET, header, data) != 0:
        raise SetupError(f"dropping capabilities (capset): {os.strerror(ctypes.get_errno())}")


def _forbid_syscalls() -> None:
    arch, numbers = _FORBIDDEN.get(platform.machine(), (None, {}))
    if arch is None:
        return  # no syscall table for this machine: runners.py does not claim the filter
    # A classic BPF program: check the architecture, then fail each forbidden syscall with EPERM.
    ld_w_abs, jeq_k, ret_k = 0x20, 0x15, 0x06
    program = [(ld_w_abs, 0, 0, 4), (jeq_k, 1, 0, arch), (ret_k, 0, 0, _SECCOMP_RET_ALLOW),
               (ld_w_abs, 0, 0, 0)]
    for nr in numbers.values():
        program += [(jeq_k, 0, 1, nr), (ret_k, 0, 0, _SECCOMP_RET_ERRNO | _EPERM)]
    program.append((ret_k, 0, 0, _SECCOMP_RET_ALLOW))
    filters = b"".join(struct.pack("HBBI", *ins) for ins in program)
    buffer = ctypes.create_string_buffer(filters)
    fprog = struct.pack("HxxxxxxP", len(program), ctypes.addressof(buffer))
    _prctl("seccomp filter", _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.c_char_p(fprog))


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
