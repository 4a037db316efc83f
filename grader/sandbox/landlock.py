"""Landlock (Linux 5.13 and later): the files, ports and peers a sandboxed child keeps.

Three syscalls and three small structs (linux/landlock.h), called through ctypes. No binding:
PyPI's `landlock` is a pre-release (1.0.0.dev5) without the ABI 6 scopes used here, and the
others are young single-author projects; this is the whole interface we need. The syscall
numbers are the same on every architecture (asm-generic).

What a ruleset handles and does not allow is denied: `restrict` handles every filesystem right
this kernel's ABI knows, TCP bind and connect (ABI 4: no rule, so no TCP at all), and the scopes
of ABI 6: no signal to, and no abstract Unix socket of, a process outside the caller's domain (the
kata's own processes). A Landlock domain also forbids ptrace of processes outside it and mount
changes, whatever the ABI. The domain is inherited by every process the child starts and cannot
be left.
"""
from __future__ import annotations

import ctypes
import errno
import functools
import os
import stat
import struct
import sys
from typing import Any, Iterable

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
TRUNCATE, IOCTL_DEV = 1 << 14, 1 << 15
READ = EXECUTE | READ_FILE | READ_DIR
FILE_ONLY = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV  # the rights a rule on a non-folder may hold
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1
SIGNAL_SCOPE_ABI = 6


class LandlockError(Exception):
    """A ruleset could not be made, filled or enforced."""


@functools.lru_cache(maxsize=None)
def abi() -> int:
    """The Landlock ABI version of this kernel; 0 where there is none (not Linux, too old, disabled)."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        version = _syscall(_CREATE_RULESET, None, 0, _CREATE_RULESET_VERSION)
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


def fs_rights(version: int) -> int:
    """Every filesystem right ABI `version` knows: 13 in ABI 1, REFER in 2, TRUNCATE in 3, IOCTL_DEV in 5."""
    bits = 13 + (version >= 2) + (version >= 3)
    return ((1 << bits) - 1) | (IOCTL_DEV if version >= 5 else 0)


def restrict(rules: Iterable[tuple[str, int]]) -> None:
    """Enforce a new domain on this thread: `rules` are (path, rights) that stay allowed beneath
    each path; a path that does not exist, or that this process cannot reach, is left out (it
    grants nothing). Needs no_new_privs. LandlockError on any failure."""
    version = abi()
    if version < 1:
        raise LandlockError("this kernel has no Landlock")
    handled = fs_rights(version)
    net = _NET_BIND_TCP | _NET_CONNECT_TCP if version >= 4 else 0
    scoped = _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL if version >= SIGNAL_SCOPE_ABI else 0
    attr = struct.pack("QQQ", handled, net, scoped)  # struct landlock_ruleset_attr, zeros past this ABI
    ruleset = _check(_syscall(_CREATE_RULESET, attr, len(attr), 0), "creating a ruleset")
    try:
        for path, rights in rules:
            _add(ruleset, path, rights & handled)
        _check(_syscall(_RESTRICT_SELF, ruleset, 0), "enforcing the ruleset")
    finally:
        os.close(ruleset)


def _add(ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            rights &= FILE_ONLY
        if not rights:
            return
        beneath = struct.pack("=Qi", rights, fd)  # struct landlock_path_beneath_attr, packed
        _check(_syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, beneath, 0), f"allowing {path}")
    finally:
        os.close(fd)


def _check(result: int, doing: str) -> int:
    if result < 0:
        code = ctypes.get_errno()
        raise LandlockError(f"Landlock, {doing}: {os.strerror(code)} ({errno.errorcode.get(code, code)})")
    return result


def _syscall(number: int, *args: Any) -> int:
    """syscall(2) with every integer passed as a full register (a long), pointers as they are."""
    return int(_libc().syscall(ctypes.c_long(number), *(ctypes.c_long(a) if isinstance(a, int) else a for a in args)))


@functools.lru_cache(maxsize=None)
def _libc() -> Any:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc
