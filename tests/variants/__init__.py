"""Other answers to the katas: accepted ones must pass, wrong ones must fail with a named mistake.

Each file `<section>.py` holds functions decorated with `@accepted(kata)` or
`@wrong(kata, says=...)`; grader/authoring/variants.py says what the marks mean, and
`kata dev check` (or tests/test_authoring.py) grades every one of them.
"""
from grader.authoring.variants import accepted, wrong

__all__ = ["accepted", "wrong"]
