"""The seccomp filter of a sandboxed child (Linux): what it may not ask the kernel for.

A classic BPF program, assembled here: no binding is needed for this little, and libseccomp is
not on every machine (PyPI's pyseccomp wraps it, unmaintained since 2021). It kills the process
on a foreign architecture (an i386 `int 0x80` from a 64-bit process, x32 numbers on x86_64),
whose syscall numbers the rules below would not match. Then it denies, with EPERM unless said:
- signals beyond the kata's own process group: kill() to any other pid, tgkill() to another
  process, tkill(), queued signals (rt_sigqueueinfo, rt_tgsigqueueinfo), pidfd_send_signal(),
  and SIGIO/SIGURG ownership (fcntl F_SETOWN, F_SETOWN_EX, F_SETSIG; ioctl FIOSETOWN, SIOCSPGRP);
- reading or steering other processes: ptrace, process_vm_readv/writev, pidfd_getfd, kcmp,
  process_madvise, process_mrelease, move_pages, migrate_pages; and prlimit, setpriority,
  ioprio_set and the sched_set* calls on any process but itself (as the same user it could
  otherwise starve or cap the grader);
- the terminal: TIOCSTI (typing into it), TIOCSPGRP (stealing its foreground), TIOCSCTTY;
- changing identity: the set*id calls and capset (the process-count bound rests on its real uid);
- new namespaces, mounts, BPF, perf, userfaultfd, keyrings, io_uring (whose requests pass no
  filter), and Unix-domain sockets (a root child could talk to a Docker or systemd socket); clone3
  fails with ENOSYS, so that the C library falls back to clone, whose flags are checked.
Every number is the kernel's (asm/unistd_64.h, asm-generic/unistd.h); a machine without a
table here gets no filter, and runners.py says so.
"""
from __future__ import annotations

import ctypes
import errno
import functools
import os
import platform
import struct
from typing import Any

# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6] (little-endian).
_NR, _ARCH = 0, 4


def _arg(i: int) -> int:
    return 16 + 8 * i  # the low 32 bits of args[i]: every argument checked here is an int


_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
_X32_BIT = 0x40000000

_NUMBERS = {
    "x86_64": dict(
        ioctl=16, socket=41, clone=56, kill=62, fcntl=72, ptrace=101, setuid=105, setgid=106, setreuid=113,
        setregid=114, setgroups=116, setresuid=117, setresgid=119, setfsuid=122, setfsgid=123, capset=126,
        rt_sigqueueinfo=129, setpriority=141, sched_setparam=142, sched_setscheduler=144, pivot_root=155,
        chroot=161, mount=165, umount2=166, tkill=200, sched_setaffinity=203, tgkill=234, add_key=248,
        request_key=249, keyctl=250, ioprio_set=251, migrate_pages=256, unshare=272, move_pages=279,
        rt_tgsigqueueinfo=297, perf_event_open=298, prlimit64=302, setns=308, process_vm_readv=310,
        process_vm_writev=311, kcmp=312, sched_setattr=314, bpf=321, userfaultfd=323),
    "aarch64": dict(
        ioctl=29, fcntl=25, ioprio_set=30, umount2=39, mount=40, pivot_root=41, chroot=51, capset=91, unshare=97,
        ptrace=117, sched_setparam=118, sched_setscheduler=119, sched_setaffinity=122, kill=129, tkill=130,
        tgkill=131, rt_sigqueueinfo=138, setpriority=140, setregid=143, setgid=144, setreuid=145, setuid=146,
        setresuid=147, setresgid=149, setfsuid=151, setfsgid=152, setgroups=159, socket=198, add_key=217,
        request_key=218, keyctl=219, clone=220, migrate_pages=238, move_pages=239, rt_tgsigqueueinfo=240,
        perf_event_open=241, prlimit64=261, setns=268, process_vm_readv=270, process_vm_writev=271, kcmp=272,
        sched_setattr=274, bpf=280, userfaultfd=282),
}
_COMMON = dict(pidfd_send_signal=424, io_uring_setup=425, io_uring_enter=426, io_uring_register=427,
               open_tree=428, move_mount=429, fsopen=430, fsconfig=431, fsmount=432, fspick=433, clone3=435,
               pidfd_getfd=438, process_madvise=440, mount_setattr=442, process_mrelease=448)

_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 22, 2
_ALLOW = 0x7FFF0000
_KILL_PROCESS = 0x80000000


def _errno(code: int) -> int:
    return 0x00050000 | code


_EPERM = _errno(errno.EPERM)
_F_SETOWN, _F_SETSIG, _F_SETOWN_EX = 8, 10, 15
_FIOSETOWN, _SIOCSPGRP, _TIOCSCTTY, _TIOCSPGRP, _TIOCSTI = 0x8901, 0x8902, 0x540E, 0x5410, 0x5412
_AF_UNIX = 1
_CLONE_NEW = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x80
_PRIO_PROCESS = 0

_DENIED = ("tkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal", "ptrace", "process_vm_readv",
           "process_vm_writev", "pidfd_getfd", "kcmp", "process_madvise", "process_mrelease", "move_pages",
           "migrate_pages", "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid",
           "setfsgid", "setgroups", "capset", "unshare", "setns", "mount", "umount2", "pivot_root", "chroot",
           "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "bpf",
           "perf_event_open", "userfaultfd", "add_key", "request_key", "keyctl", "io_uring_setup",
           "io_uring_enter", "io_uring_register")

# BPF opcodes (linux/filter.h)
_LD_W_ABS, _JEQ_K, _JGE_K, _JSET_K, _JA, _RET_K = 0x20, 0x15, 0x35, 0x45, 0x05, 0x06


class FilterError(Exception):
    """The filter could not be installed."""


def supported() -> bool:
    """Whether this machine's architecture has a syscall table here."""
    return platform.machine() in _NUMBERS


def rules(own: int) -> dict[str, tuple]:
    """Per syscall: (tests, otherwise). Each test is ((arg, op, values), action), tried in order;
    op is "in", "not in" or "any bit" on the argument's low 32 bits; `otherwise` applies when no
    test acted. `own` is the kata's process id, which is also its process group's."""
    group = (-own) & 0xFFFFFFFF

    def when(arg: int, op: str, values: set, action: int) -> tuple:
        return ((arg, op, values), action)

    itself = (when(0, "not in", {0}, _EPERM),)  # acts on another process: its first argument is a pid, 0 for itself
    table: dict[str, tuple] = {name: ((), _EPERM) for name in _DENIED}
    table.update(
        kill=((when(0, "in", {0, own, group}, _ALLOW), when(1, "in", {0}, _ALLOW)), _EPERM),
        tgkill=((when(0, "in", {own}, _ALLOW), when(2, "in", {0}, _ALLOW)), _EPERM),
        fcntl=((when(1, "in", {_F_SETOWN, _F_SETSIG, _F_SETOWN_EX}, _EPERM),), _ALLOW),
        ioctl=((when(1, "in", {_FIOSETOWN, _SIOCSPGRP, _TIOCSCTTY, _TIOCSPGRP, _TIOCSTI}, _EPERM),), _ALLOW),
        socket=((when(0, "in", {_AF_UNIX}, _errno(errno.EACCES)),), _ALLOW),
        clone=((when(0, "any bit", {_CLONE_NEW}, _EPERM),), _ALLOW),
        clone3=((), _errno(errno.ENOSYS)),
        prlimit64=(itself, _ALLOW),
        setpriority=((when(0, "not in", {_PRIO_PROCESS}, _EPERM), when(1, "not in", {0}, _EPERM)), _ALLOW),
        ioprio_set=((when(1, "not in", {0}, _EPERM),), _ALLOW),
        sched_setparam=(itself, _ALLOW),
        sched_setscheduler=(itself, _ALLOW),
        sched_setaffinity=(itself, _ALLOW),
        sched_setattr=(itself, _ALLOW),
    )
    return table


def program(own: int, machine: str | None = None) -> list[tuple[int, int, int, int]]:
    """The BPF instructions (code, jt, jf, k) of the filter for `machine` (default: this one)."""
    machine = machine or platform.machine()
    numbers = {**_NUMBERS[machine], **_COMMON}
    out: list[tuple[int, int, int, int]] = [
        (_LD_W_ABS, 0, 0, _ARCH), (_JEQ_K, 1, 0, _AUDIT_ARCH[machine]), (_RET_K, 0, 0, _KILL_PROCESS),
        (_LD_W_ABS, 0, 0, _NR)]
    if machine == "x86_64":
        out += [(_JGE_K, 0, 1, _X32_BIT), (_RET_K, 0, 0, _KILL_PROCESS)]
    for name, (tests, otherwise) in rules(own).items():
        block = _block(tests, otherwise)
        out.append((_JEQ_K, 0, len(block), numbers[name]))  # not this syscall: skip its block
        out += block
    out.append((_RET_K, 0, 0, _ALLOW))
    return out


def _block(tests: tuple, otherwise: int) -> list[tuple[int, int, int, int]]:
    """Instructions that decide one syscall: each test, then `otherwise`; every path returns."""
    block: list[tuple[int, int, int, int]] = []
    for (arg, op, values), action in tests:
        block.append((_LD_W_ABS, 0, 0, _arg(arg)))
        values = sorted(values)
        if op == "not in":  # all differ: act; any equal: go on to the next test
            for i, value in enumerate(values):
                block.append((_JEQ_K, len(values) - i, 0, value))  # to just past the action
            block.append((_RET_K, 0, 0, action))
            continue
        jump = _JSET_K if op == "any bit" else _JEQ_K
        for i, value in enumerate(values):
            block.append((jump, len(values) - i, 0, value))  # to the action
        block.append((_JA, 0, 0, 1))  # none matched: over the action
        block.append((_RET_K, 0, 0, action))
    block.append((_RET_K, 0, 0, otherwise))
    return block


# Stand-ins for the kata's pid and its group's (-pid) in the program assembled once, before the fork:
# no syscall number, flag or command checked here has either value.
_OWN, _GROUP = 0x7FFFFFF1, (-0x7FFFFFF1) & 0xFFFFFFFF


@functools.lru_cache(maxsize=None)
def template() -> tuple[tuple[int, int, int, int], ...]:
    """This machine's program with stand-ins for the kata's ids: assembling it takes milliseconds."""
    return tuple(program(_OWN))


def install(own: int) -> None:
    """Install the filter on this thread (the child is single-threaded when it does); FilterError on failure."""
    ids = {_OWN: own, _GROUP: (-own) & 0xFFFFFFFF}
    instructions = [(code, jt, jf, ids.get(k, k)) for code, jt, jf, k in template()]
    code = b"".join(struct.pack("HBBI", *ins) for ins in instructions)
    buffer = ctypes.create_string_buffer(code)
    fprog = struct.pack("HxxxxxxP", len(instructions), ctypes.addressof(buffer))
    libc: Any = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.c_char_p(fprog), 0, 0) != 0:
        raise FilterError(f"prctl(PR_SET_SECCOMP) failed: {os.strerror(ctypes.get_errno())}")
