"""Checks for s01_running: the PyTorch version string, and comparing versions as numbers.

test_torch_version__not_typed_in makes the child's PyTorch report a made-up version (the
"torch_version" setup), so that no typed-in string can match it.
"""
from __future__ import annotations

from importlib import metadata

import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake


def _version_mistakes(expected: str, real: bool) -> list:
    """`real`: `expected` is the installed PyTorch's own version, not one the check made up."""
    return [
        Mistake("did you forget to `return` it, or return torch.version.cuda? That is the CUDA version "
                "(None without CUDA), not PyTorch's; PyTorch's own version is torch.__version__",
                test=lambda v: v is None),
        Mistake("that is torch.version.cuda, the CUDA version PyTorch was built with, not PyTorch's own version",
                test=lambda v: torch.version.cuda is not None and v == torch.version.cuda),
        Mistake("that is the version pip recorded for the package, read from somewhere else than PyTorch "
                "itself; it can differ from what PyTorch reports (a build label, a patched install)",
                test=lambda v: real and v is not None and v == _installed_version()),
        Mistake("that drops the '+...' build label; return the string exactly as PyTorch gives it",
                test=lambda v: "+" in expected and v == expected.split("+")[0]),
    ]


def _installed_version() -> str | None:
    """The version in the torch package's metadata: PyPI's builds record none of the '+cu130' label."""
    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:
        return None


def _explained(message: str, got, expected: str, otherwise: str, real: bool = True) -> str:
    """`message` with the known mistake that `got` matches, or else with `otherwise`."""
    named = expect.named(message, got, _version_mistakes(expected, real))
    return named if named != message else f"{message}: {otherwise}"


def test_torch_version(student):
    expected = str(torch.__version__)
    got = student()
    expect.check(isinstance(got, str) and got == expected, _explained(
        f"expected {expected!r} (what torch.__version__ says), got {expect.describe(got)}", got, expected,
        "read the version from PyTorch when the function runs; a version typed in (hard-coded) is wrong "
        "on any other install"))


def test_torch_version__not_typed_in(student, inputs):
    fake = f"{inputs.integer(3, 9)}.{inputs.integer(10, 60)}.{inputs.integer(1, 9)}+kata"
    got = student.returned(student.run(setup=(("torch_version", {"version": fake}),)))
    expect.check(isinstance(got, str) and got == fake, _explained(
        f"while this check ran, torch.__version__ said {fake!r}, but the function returned {expect.describe(got)}",
        got, fake, "read the version from torch.__version__ when the function runs; a version typed in "
        "(hard-coded) or read from somewhere else does not follow the installed PyTorch", real=False))


_AS_TEXT = ('compare the numbers, not the text: as text, or as a decimal number, "{a}.{big}" comes before '
            '"{a}.{small}", but as versions minor {big} is bigger than minor {small}. Split the string on "." and '
            "compare whole numbers")
_PAIRS = "Compare minors only when the majors are equal (compare (major, minor) pairs)"


def _cases(inputs):
    """(version, major, minor, expected, what a wrong answer here most likely did)."""
    a = inputs.integer(1, 4)
    big, small = inputs.integer(10, 30), inputs.integer(3, 10)
    m = inputs.integer(1, 20)
    patch = inputs.integer(0, 5)
    as_text = _AS_TEXT.format(a=a, big=big, small=small)
    return [
        (f"{a}.{big}.{patch}+cu121", a, small, True, as_text),
        (f"{a}.{small}.0", a, big, False, as_text),
        (f"{a}.{m}.{patch}", a, m, True,
         f"version {a}.{m} is equal to {a}.{m}, and equal counts as 'at least' (use >=, not >)"),
        (f"{a + 1}.0.{patch}+cpu", a, m, True,
         f"a bigger major version is newer whatever its minor: {a + 1}.0 is newer than {a}.{m}. {_PAIRS}"),
        (f"{a - 1}.{m + 20}.0", a, m, False,
         f"a smaller major version is older whatever its minor: {a - 1}.{m + 20} is older than {a}.{m}. {_PAIRS}"),
        (f"{a}.{m - 1}.9+cu118", a, m, False,
         f"minor {m - 1} is below {m}, whatever the patch number after it"),
    ]


def test_version_at_least(student, inputs):
    for version, major, minor, expected, hint in _cases(inputs):
        got = student(version, major, minor)
        wrong_answer = Mistake(hint, test=lambda v, e=expected: expect.as_number(v) is (not e))
        expect.boolean(got, expected, mistakes=[wrong_answer])
