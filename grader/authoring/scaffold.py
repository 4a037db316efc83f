"""`kata dev new SECTION.NAME`: a new kata's catalogue entry, stub, solution and check, as placeholders."""
from __future__ import annotations

import json
import keyword
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from grader.course import catalogue
from grader.authoring.checkout import Checkout
from grader.i18n import _


DEFAULT_TASK = "TODO: one line saying what this kata asks (kata list shows it)."
NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")  # snake_case, no "__": checks split test_<kata>__<aspect>

STUB = '''

def {name}():
    """TODO: the task in words a beginner understands: the arguments, what to return (shape, dtype,
    device), and the tutorial's example where it has one.
    """
    raise NotImplementedError("{name}")
'''
SOLUTION = '''

def {name}():
    raise NotImplementedError("TODO: the reference answer to {name}, idiomatic and short")
'''
CHECK = '''

def test_{name}(student, inputs):
    # TODO: call student(...) on several inputs (random ones from `inputs`, distinct sizes in every
    # dim, and the edge cases the task allows), compare with expect.tensor / expect.equal in that
    # order, and name the likely mistakes with Mistake(...). See docs/checks.md.
    expect.fail("TODO: the checks of {name} are not written yet")
'''


class ScaffoldError(ValueError):
    """The kata cannot be scaffolded as asked; nothing was written."""


@dataclass(frozen=True)
class Scaffold:
    """What `new_kata` wrote, and what the author fills in next, in order."""

    kata_id: str
    files: tuple[str, ...]  # relative to the checkout
    todo: tuple[str, ...]

    @property
    def next(self) -> str:
        """The command to run once the placeholders are filled in."""
        return f"kata dev check --kata {self.kata_id}"


def new_kata(checkout: Checkout, kata_id: str, task: str = DEFAULT_TASK) -> Scaffold:
    """Append kata `SECTION.NAME` to its section in every file a kata lives in; refuse a name taken."""
    section_id, __, name = kata_id.partition(".")
    if not NAME.fullmatch(name) or keyword.iskeyword(name):
        raise ScaffoldError(_("{kata!r} is not SECTION.NAME with NAME a snake_case function name "
                              "(letters, digits, single underscores), e.g. {example}").format(
                                  kata=kata_id, example="s03_creating.full_of_sevens"))
    if not task.strip() or any(ord(c) < 32 for c in task):
        raise ScaffoldError(_("the task must be one non-empty line"))
    course = catalogue.read(checkout.catalogue_file)
    try:
        section = course.section(section_id)
    except KeyError:
        raise ScaffoldError(_("unknown section {section!r}; the sections are {sections}").format(
            section=section_id, sections=", ".join(s.id for s in course.sections))) from None
    if name in {k.name for k in section.katas}:
        raise ScaffoldError(_("kata {kata} already exists; pick another name (a kata is never renamed)").format(
            kata=kata_id))
    stub, solution = checkout.katas / section.filename, checkout.solutions / section.filename
    check = checkout.checks / f"test_{section.id}.py"
    texts = {checkout.catalogue_file: _catalogue_with(checkout.catalogue_file, section, name, task)}
    for path, block in ((stub, STUB), (solution, SOLUTION), (check, CHECK)):
        if not path.is_file():
            raise ScaffoldError(_("{file} is missing; `kata dev check` says what else is").format(
                file=checkout.rel(path)))
        text = path.read_text(encoding="utf-8")
        if re.search(rf"^def (test_)?{name}(__\w*)?\(", text, re.MULTILINE):
            raise ScaffoldError(_("{file} already defines {name}; nothing was written").format(
                file=checkout.rel(path), name=name))
        texts[path] = text.rstrip("\n") + "\n" + block.format(name=name)
    for path, text in texts.items():
        _write_atomically(path, text)
    catalogue_file = checkout.rel(checkout.catalogue_file)
    return Scaffold(kata_id=kata_id, files=tuple(checkout.rel(p) for p in texts), todo=(
        _("{file}: the task line of {name}").format(file=catalogue_file, name=name) if task == DEFAULT_TASK
        else _("{file}: points or gpu = true, if {name} needs them").format(file=catalogue_file, name=name),
        _("{file}: {name}'s arguments, type hints and docstring (the task)").format(file=checkout.rel(stub), name=name),
        _("{file}: the reference answer").format(file=checkout.rel(solution)),
        _("{file}: test_{name}, and more checks test_{name}__<aspect> as needed").format(
            file=checkout.rel(check), name=name),
        _("{file}: other answers, {accepted} and {wrong}").format(
            file=checkout.rel(checkout.variants / section.filename), accepted=f'@accepted("{name}")',
            wrong=f'@wrong("{name}", says=...)'),
        _("{file}: {name}'s task in Korean, in the section's [section.task_ko] table (kata list --lang ko shows it)")
        .format(file=catalogue_file, name=name),
        _("{file}: the Korean stub of {name}, the same signature with its docstring in Korean (kata init --lang ko "
          "copies it)").format(file=checkout.rel(checkout.root / "katas_ko" / section.filename), name=name),
        _("the syllabus (katas.md), where the course keeps one")))


def _catalogue_with(path: Path, section: catalogue.Section, name: str, task: str) -> str:
    """The catalogue's text with the kata appended to its section's `katas` list, format kept."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == f'id = "{section.id}"'), None)
    opening = next((i for i in range(start or 0, len(lines)) if lines[i].startswith("katas = [")), None)
    closing = next((i for i in range(opening or 0, len(lines)) if lines[i].rstrip() == "]"), None)
    if start is None or opening is None or closing is None:
        raise ScaffoldError(_("cannot find the katas list of {section} in {file}; add the kata there by hand").format(
            section=section.id, file=path))
    last = max(i for i in range(opening, closing) if lines[i].strip())
    if last > opening and not lines[last].rstrip().endswith(","):
        lines[last] = lines[last].rstrip() + ",\n"
    entry = f"  {{ name = {json.dumps(name)}, task = {json.dumps(task, ensure_ascii=False)} }},\n"
    text = "".join([*lines[:closing], entry, *lines[closing:]])
    # Prove the edit before writing it: the catalogue must load, with the new kata last in its section.
    added = catalogue.parse(tomllib.loads(text), source=str(path)).section(section.id).katas[-1]
    if (added.name, added.task) != (name, task):
        raise ScaffoldError(_("could not add {name} to {section} in {file}; add it there by hand").format(
            name=name, section=section.id, file=path))
    return text


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, path.stat().st_mode & 0o7777)  # mkstemp makes it private; keep the file's own mode
    os.replace(tmp, path)
