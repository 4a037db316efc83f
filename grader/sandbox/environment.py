"""A sandboxed child's environment and command line: what student code may see of the grader's.

A child is a fork of the grader (or of a forkserver started by it), so it starts with the grader's
environment, which may hold a GITHUB_TOKEN or an instructor's secrets, and the grader's command
line, which names the report's --output path. `scrub` keeps only the variables below (locale,
search path, thread and device settings of torch and its libraries), points HOME and the temporary
folder variables at the child's private folder, and replaces sys.argv. On Linux it also clears the
C library's environment, overwrites the values dropped in the child's copy of Python's own, and
overwrites the strings the kernel shows as /proc/<pid>/environ and /proc/<pid>/cmdline.

What it cannot reach: copies that the grader's code made of those strings before the fork (a
Python object still holding the --output path, a freed string) stay in the child's copy of the
grader's memory. The walls (landlock.py) are what keep the child from using them.
"""
from __future__ import annotations

import ctypes
import functools
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

KEEP = {"PATH", "LANG", "LANGUAGE", "TZ", "TERM", "NO_COLOR", "LD_LIBRARY_PATH", "PYTHONHASHSEED",
        "PYTHONIOENCODING", "PYTHONUTF8", "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES",
        "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES",
        # Windows cannot start processes, or find its own folders, without these:
        "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT", "NUMBER_OF_PROCESSORS",
        "PROCESSOR_ARCHITECTURE", "OS"}
KEEP_PREFIXES = ("LC_", "OMP_", "KMP_", "MKL_", "OPENBLAS_", "CUDA_", "PYTORCH_", "TORCH_")
PRIVATE = ("HOME", "TMPDIR", "TMP", "TEMP", "USERPROFILE", "APPDATA", "LOCALAPPDATA")
ARGV = "kata"  # the child's sys.argv[0] and /proc/<pid>/cmdline


def kept(name: str) -> bool:
    upper = name.upper()
    return upper in KEEP or upper.startswith(KEEP_PREFIXES)


def scrub(private: Path | None) -> None:
    """Replace this process's environment and command line; fail loudly (the caller reports it)."""
    keep = {name: os.environ[name] for name in list(os.environ) if kept(name)}
    if private is not None:
        keep.update({name: str(private) for name in PRIVATE})
    keep.update(USER=ARGV, LOGNAME=ARGV)  # getpass.getuser() asks these before the user database
    if sys.platform.startswith("linux"):
        _wipe_python_copies(keep)
        os.environ._data.clear()  # type: ignore[attr-defined]  # Python's copy; the C library's next
        if _libc().clearenv() != 0:
            raise OSError(ctypes.get_errno(), "clearenv failed")
    else:
        os.environ.clear()
    os.environ.update(keep)
    tempfile.tempdir = None  # tempfile caches the folder it found first
    sys.argv[:] = [ARGV]
    sys.orig_argv[:] = [ARGV]
    if sys.platform.startswith("linux"):
        _overwrite_initial_strings()


def warm() -> None:
    """Load, before forking children, what scrub() needs on Linux."""
    if sys.platform.startswith("linux"):
        _libc()


@functools.lru_cache(maxsize=None)
def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


def _wipe_python_copies(keep: dict) -> None:
    """Overwrite, in place, the bytes of every value Python holds of a variable that is not kept
    (os.environ's data is posix.environ: bytes objects made at start-up, one per variable)."""
    header = sys.getsizeof(b"") - 1  # where a bytes object's characters begin
    for name, value in list(os.environ._data.items()):  # type: ignore[attr-defined]
        if type(value) is bytes and len(value) > 1 and os.fsdecode(name) not in keep:
            ctypes.memset(id(value) + header, 0, len(value))  # longer than 1: never a shared singleton


def _overwrite_initial_strings() -> None:
    """Overwrite the argument and environment strings the process started with (on its stack),
    which /proc/<pid>/cmdline and /proc/<pid>/environ show whatever the environment is now."""
    with open("/proc/self/stat", "rb") as f:
        fields = f.read().rsplit(b")", 1)[1].split()
    arg_start, arg_end, env_start, env_end = (int(fields[i]) for i in (45, 46, 47, 48))  # fields 48-51 of proc(5)
    if env_end > env_start:
        ctypes.memset(env_start, 0, env_end - env_start)
    if arg_end > arg_start:
        name = ARGV.encode()[: arg_end - arg_start - 1]
        ctypes.memset(arg_start, 0, arg_end - arg_start)
        ctypes.memmove(arg_start, name, len(name))
