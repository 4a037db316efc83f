"""Checks for s01_running: the PyTorch version string, and comparing versions as numbers.

test_torch_version__not_typed_in makes the child's PyTorch report a made-up version (the
"torch_version" setup), so that no typed-in string can match it.
"""
from __future__ import annotations

from importlib import metadata

import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake
from grader.i18n import _


def _version_mistakes(expected: str, real: bool) -> list:
    """`real`: `expected` is the installed PyTorch's own version, not one the check made up."""
    return [
        Mistake(_("did you forget to `return` it? Or is it torch.version.cuda, the CUDA version (None without "
                  "CUDA), not PyTorch's own version?"),
                test=lambda v: v is None),
        Mistake(_("that is torch.version.cuda, the CUDA version PyTorch was built with, not PyTorch's own version"),
                test=lambda v: torch.version.cuda is not None and v == torch.version.cuda),
        Mistake(_("that is the version pip recorded for the package, read from somewhere else than PyTorch "
                  "itself; it can differ from what PyTorch reports (a build label, a patched install)"),
                test=lambda v: real and v is not None and v == _installed_version()),
        Mistake(_("that drops the '+...' build label, which is part of the version PyTorch reports"),
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
    # The expected string is not shown: it is the answer itself, and the student can print it.
    expect.check(isinstance(got, str) and got == expected, _explained(
        _("got {got}, which is not the version of the PyTorch that ran it").format(got=expect.describe(got)),
        got, expected, _("the version does not come from PyTorch as the function runs; a version typed in "
                         "(hard-coded) is wrong on any other install")))


def test_torch_version__not_typed_in(student, inputs):
    fake = f"{inputs.integer(3, 9)}.{inputs.integer(10, 60)}.{inputs.integer(1, 9)}+kata"
    got = student.returned(student.run(setup=(("torch_version", {"version": fake}),)))
    expect.check(isinstance(got, str) and got == fake, _explained(
        _("while this check ran, PyTorch said its version was {fake}, but the function returned {got}").format(
            fake=repr(fake), got=expect.describe(got)),
        got, fake, _("a version typed in (hard-coded), or read from somewhere else than PyTorch itself, does "
                     "not follow the installed PyTorch"), real=False))




def _cases(inputs):
    """(version, major, minor, expected, what a wrong answer here most likely did)."""
    a = inputs.integer(1, 4)
    big, small = inputs.integer(10, 30), inputs.integer(3, 10)
    m = inputs.integer(1, 20)
    patch = inputs.integer(0, 5)
    as_text = _('the parts of a version are whole numbers, not the text: as text, or as a decimal number, '
                '"{a}.{big}" comes before "{a}.{small}", but as versions minor {big} is bigger than minor '
                '{small}').format(a=a, big=big, small=small)
    newer = _("a bigger major version is newer whatever its minor: {newer} is newer than {older}. The minors "
              "count only when the majors are equal")
    older = _("a smaller major version is older whatever its minor: {older} is older than {newer}. The minors "
              "count only when the majors are equal")
    return [
        (f"{a}.{big}.{patch}+cu121", a, small, True, as_text),
        (f"{a}.{small}.0", a, big, False, as_text),
        (f"{a}.{m}.{patch}", a, m, True,
         _("version {version} is equal to {version}, and equal counts as 'at least'").format(version=f"{a}.{m}")),
        (f"{a + 1}.0.{patch}+cpu", a, m, True, newer.format(newer=f"{a + 1}.0", older=f"{a}.{m}")),
        (f"{a - 1}.{m + 20}.0", a, m, False, older.format(older=f"{a - 1}.{m + 20}", newer=f"{a}.{m}")),
        (f"{a}.{m - 1}.9+cu118", a, m, False,
         _("minor {minor} is below {wanted}, whatever the patch number after it").format(minor=m - 1, wanted=m)),
    ]


def test_version_at_least(student, inputs):
    for version, major, minor, expected, hint in _cases(inputs):
        got = student(version, major, minor)
        wrong_answer = Mistake(hint, test=lambda v, e=expected: expect.as_number(v) is (not e))
        expect.boolean(got, expected, mistakes=[wrong_answer])
