"""A Ctrl-C that ends the grader's waits for a child even when its KeyboardInterrupt was lost.

Python raises a signal handler's exception at the next bytecode of the main thread, and code that
clears errors on its way (C code while torch is imported, for one) can drop it: the grade would
then go on until the spinning kata's time limit. So the CLI's SIGINT handler also calls `note()`,
and channel.py waits in slices of STEP seconds and raises KeyboardInterrupt once one is noted.
"""
from __future__ import annotations

STEP = 0.25  # seconds: how long a lost Ctrl-C can go unseen by a wait

_noted = False


def note() -> None:
    """Called by a SIGINT handler: every wait of channel.py ends with KeyboardInterrupt from now on."""
    global _noted
    _noted = True


def noted() -> bool:
    return _noted


def clear() -> None:
    """Before a grade starts: a Ctrl-C of an earlier grade in this process is no reason to stop."""
    global _noted
    _noted = False
