"""Where a checkout of the course keeps its parts, and whether the installed grader grades with them."""
from __future__ import annotations

import filecmp
from dataclasses import dataclass
from pathlib import Path

from grader.course import catalogue
from grader.i18n import _

INSTALLED_GRADER = catalogue.CATALOGUE_FILE.parent.parent  # the grader `kata grade` runs: its checks and catalogue


class NotACheckout(ValueError):
    """No checkout of the course where one was looked for."""


@dataclass(frozen=True)
class Checkout:
    """A course checkout: katas/ (stubs), solutions/, grader/course/catalogue.toml, grader/checks/, tests/variants/."""

    root: Path

    @property
    def katas(self) -> Path:
        return self.root / "katas"

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def catalogue_file(self) -> Path:
        return self.root / "grader" / "course" / "catalogue.toml"

    @property
    def checks(self) -> Path:
        return self.root / "grader" / "checks"

    @property
    def variants(self) -> Path:
        return self.root / "tests" / "variants"

    def rel(self, path: Path) -> str:
        """`path` as an author reads it: relative to the checkout's root."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def find(start: Path) -> Checkout:
    """The checkout holding `start` (it or a folder above it); NotACheckout when there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        found = Checkout(folder)
        if found.catalogue_file.is_file() and found.katas.is_dir() and found.solutions.is_dir():
            return found
    raise NotACheckout(_("{folder} is not inside a checkout of the course (a folder with katas/, solutions/ "
                         "and grader/course/catalogue.toml); run this in one, or give --root").format(folder=start))


def differences_from_installed(checkout: Checkout) -> tuple[str, ...]:
    """The checkout's catalogue and check files that the installed grader does not have as they are.

    Grading always uses the installed grader's catalogue and checks, so a checkout that differs
    from it would be graded against someone else's checks.
    """
    mine = checkout.root / "grader"
    if mine.resolve() == INSTALLED_GRADER.resolve():
        return ()
    names = {"course/catalogue.toml"} | {f"checks/{p.name}" for folder in (mine, INSTALLED_GRADER)
                                   for p in (folder / "checks").glob("test_*.py")}
    return tuple(sorted(f"grader/{n}" for n in names
                        if not ((mine / n).is_file() and (INSTALLED_GRADER / n).is_file()
                                and filecmp.cmp(mine / n, INSTALLED_GRADER / n, shallow=False))))
