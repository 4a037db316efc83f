"""The walls around a sandboxed child: limits, file descriptors, privileges, forbidden syscalls.

Applied in the child right after the fork, before student code is imported. What they buy:
- no output reaches the grader's stdout or files (fds 1 and 2 go to an in-memory file; every
  other descriptor but the call channel is closed);
- bounded memory (writable data, so CUDA's address-space reservations still fit), file sizes, processes and core dumps;
- no signals or tracing of other processes (a seccomp filter), so student code cannot kill or
  read the grader, even as the same user;
- run as root, children become `nobody` where Python is readable to it, or else keep uid 0
  without any capability.
"""
from __future__ import annotations

import ctypes
import os
import platform
import resource
import signal
import stat
import struct
import sys
from pathlib import Path

FILE_LIMIT = 16 * 1024**2  # bytes a child may write to any one file, its printed output included
PROCESS_LIMIT = 64  # processes and threads of `nobody`, when children run as nobody
NOBODY = 65534

_PR_SET_PDEATHSIG, _PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP = 1, 24, 38, 22
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


def can_drop_to_nobody() -> bool:
    """Whether children may run as `nobody`: we are root, and `nobody` can reach Python and torch."""
    if os.geteuid() != 0:
        return False
    import torch  # noqa: PLC0415 - only its location is needed

    for top in {Path(sys.prefix), Path(sys.base_prefix), Path(torch.__file__).parent}:
        for folder in (top, *top.parents):
            if not folder.stat().st_mode & stat.S_IXOTH:
                return False
    return True


DROP_TO_NOBODY = can_drop_to_nobody()
_libc = ctypes.CDLL(None, use_errno=True)


def process(requests: int, replies: int, memory_limit: int) -> int:
    """Limits and file descriptors; returns the fd of the in-memory file that collects output."""
    os.setpgid(0, 0)
    sys.dont_write_bytecode = True  # leave no __pycache__ in the student's folder
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the file limit, writes fail instead
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
    if memory_limit > 0:
        # RLIMIT_DATA, not RLIMIT_AS: CUDA reserves tens of GB of address space it never writes.
        limit = _status_kib("VmData") * 1024 + memory_limit
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    out = os.memfd_create("kata-output")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    keep = sorted({0, 1, 2, out, requests, replies})
    for low, high in zip(keep, keep[1:] + [os.sysconf("SC_OPEN_MAX")]):
        os.closerange(low + 1, high)
    sys.stdout = open(1, "w", buffering=1, closefd=False)
    sys.stderr = open(2, "w", buffering=1, closefd=False)
    return out


def privileges() -> None:
    """Give up what student code must not have; call after reading the student's file."""
    if os.geteuid() == 0:
        if DROP_TO_NOBODY:
            resource.setrlimit(resource.RLIMIT_NPROC, (PROCESS_LIMIT, PROCESS_LIMIT))
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
        else:
            _drop_capabilities()
    _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # after setuid, which clears it
    _forbid_syscalls()


def _drop_capabilities() -> None:
    """Stay uid 0 but hold no capability: no tracing, no reading /proc/<grader>/mem, no raised limits."""
    for cap in range(64):
        _libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)
    header = struct.pack("II", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = bytes(24)  # effective, permitted, inheritable: all empty, twice (64 capabilities)
    _libc.syscall(_SYS_CAPSET, header, data)


_SYS_CAPSET = {"x86_64": 126, "aarch64": 91}.get(platform.machine(), -1)


def _forbid_syscalls() -> None:
    arch, numbers = _FORBIDDEN.get(platform.machine(), (None, {}))
    if arch is None:
        return
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
    _libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.c_char_p(fprog), 0, 0)


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0
