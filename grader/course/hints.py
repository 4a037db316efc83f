"""`kata hint`'s ladder for a kata: the catalogue's hints, mildest first, then the tutorial's section.

A kata without hints of its own gets its task, then the tutorial's section.
"""
from __future__ import annotations

from grader.course.catalogue import Catalogue, Kata

TUTORIAL = "https://www.learnpytorch.io/00_pytorch_fundamentals/"
TASK_RUNG = "The task: {task} The docstring of {name}() in {file} says it in full, often with an example."
TUTORIAL_RUNG = ("Read \"{title}\" ({ko}) in chapter 00 of the tutorial again, then the docstring of {name}() "
                 "in {file}. The tutorial: {url}")


def ladder(course: Catalogue, kata: Kata) -> tuple[str, ...]:
    """Every hint for `kata`, in the order `kata hint` shows them."""
    section = course.section(kata.section)
    fields = {"name": kata.name, "file": section.filename, "task": kata.task, "title": section.title,
              "ko": section.ko, "url": TUTORIAL}
    first = kata.hints or (TASK_RUNG.format(**fields),)
    return (*first, TUTORIAL_RUNG.format(**fields))
