"""`kata hint`'s ladder for a kata: the catalogue's hints, mildest first, then the tutorial's section.

A kata without hints of its own gets its task, then the tutorial's section.
"""
from __future__ import annotations

from grader import i18n
from grader.course.catalogue import Catalogue, Kata
from grader.i18n import N_, _

TUTORIAL = "https://www.learnpytorch.io/00_pytorch_fundamentals/"
TASK_RUNG = N_("The task: {task} The docstring of {name}() in {file} says it in full, often with an example.")
TUTORIAL_RUNG = N_("Read \"{title}\" ({ko}) in chapter 00 of the tutorial again, then the docstring of {name}() "
                   "in {file}. The tutorial: {url}")


def ladder(course: Catalogue, kata: Kata) -> tuple[str, ...]:
    """Every hint for `kata`, in the order `kata hint` shows them, in the language in use (the
    catalogue's hints are msgids of the gettext catalog)."""
    section = course.section(kata.section)
    lang = i18n.current()
    fields = {"name": kata.name, "file": section.filename, "task": kata.task_in(lang), "title": section.title,
              "ko": section.ko, "url": TUTORIAL}
    first = tuple(_(h) for h in kata.hints) or (_(TASK_RUNG).format(**fields),)
    return (*first, _(TUTORIAL_RUNG).format(**fields))
