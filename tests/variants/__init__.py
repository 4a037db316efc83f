"""Other answers to the katas: accepted ones must pass, wrong ones must fail with a named mistake.

Each file `<section>.py` holds functions decorated with `@accepted(kata)` or
`@wrong(kata, says=...)`. The authoring tests paste each function, renamed to the kata's name,
at the end of a copy of `solutions/<section>.py` and grade that section: an accepted answer
passes every kata; a wrong one fails its kata with a message containing `says` (ignoring case),
and every other kata of the section still passes.
"""
from __future__ import annotations

from typing import Callable


def accepted(kata: str) -> Callable:
    def mark(fn: Callable) -> Callable:
        fn.variant = ("accepted", kata, "")
        return fn
    return mark


def wrong(kata: str, says: str, status: str = "failed") -> Callable:
    """`status` is "failed" for a wrong value, "error" for an answer that raises."""
    def mark(fn: Callable) -> Callable:
        fn.variant = (status, kata, says)
        return fn
    return mark
