"""From a check's outcome to a Verdict, and from a kata's checks to the kata's Verdict.

Pure functions, as pytest's skipping.py evaluates marks: no state, no I/O, so every rule about
what counts as passed, failed, skipped or a grader fault is here and nowhere else.
"""
from __future__ import annotations

from typing import Sequence

import pytest

from grader.checkkit.expect import KataFailure
from grader.i18n import N_, _
from grader.results import PASSED, Status, Verdict
from grader.sandbox.parent import StudentError

# Marked for the gettext catalog (grader/i18n.py): the table shows them in the student's language.
GPU_SKIP_REASON = N_("needs a CUDA GPU; none was found on this machine")
GPU_REQUIRED = N_("needs a CUDA GPU, and --require-gpu was given but none was found")
NOT_STARTED_TEXT = N_("not done yet: {name} still raises NotImplementedError")
GRADER_FAILED = N_("the grader failed while checking this kata ({error}); please report it with the seed and this message")
CHECK_OUTCOME = N_("the check ended without a verdict ({outcome})")
NO_CHECKS_TEXT = N_("the grader has no checks for this kata")


class NotStarted(StudentError):
    """The student's function still raises the stub's NotImplementedError."""


def of_check(error: BaseException | None, *, gpu_check: bool, call: str = "") -> Verdict:
    """The verdict of one check: `error` is what it raised (None if nothing), `gpu_check` whether
    it is marked as needing a GPU, `call` the student call it made last, as text."""
    if error is None:
        return PASSED
    if isinstance(error, KataFailure):
        return Verdict(Status.FAILED, f"{call}: {error}" if call else str(error))
    if isinstance(error, StudentError):
        return Verdict(Status.ERROR, error.message, where=error.where, output=error.output,
                       not_started=isinstance(error, NotStarted))
    if isinstance(error, pytest.skip.Exception):
        # Only a missing GPU skips a kata; a check or student that calls pytest.skip has failed.
        reason = str(error.msg)
        if gpu_check and reason == GPU_SKIP_REASON:
            return Verdict(Status.SKIPPED, _(reason))
        return Verdict(Status.FAILED, reason)
    return Verdict(Status.ERROR, grader_fault=True,
                   message=_(GRADER_FAILED).format(error=f"{type(error).__name__}: {error}"))


def unexplained(outcome: str) -> Verdict:
    """A check that did not pass yet left no verdict: pytest itself failed around it."""
    return Verdict(Status.ERROR, _(CHECK_OUTCOME).format(outcome=outcome), grader_fault=True)


def of_kata(checks: Sequence[Verdict]) -> Verdict:
    """A kata passes when all its checks pass; otherwise the first error decides, then the first
    failure. It is skipped only when every check was skipped for a missing GPU."""
    if not checks:
        return Verdict(Status.ERROR, _(NO_CHECKS_TEXT), grader_fault=True)
    for status in (Status.ERROR, Status.FAILED):
        for v in checks:
            if v.status is status:
                return v
    skips = [v for v in checks if v.status is Status.SKIPPED]
    if len(skips) == len(checks):
        return skips[0]
    return next((v for v in checks if v.status is Status.PASSED and v.output), PASSED)  # what it printed
