"""The course catalogue: sections and katas, loaded from catalogue.toml in teaching order."""
from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

CATALOGUE_FILE = Path(__file__).with_name("catalogue.toml")
FORMAT_VERSION = 1


GPU_ASPECT = "cuda"  # the checks of a `gpu_checks` kata that need a CUDA device: test_<name>__cuda


@dataclass(frozen=True)
class Kata:
    """One exercise: a function `name` in the student's `<section>.py`.

    Fields in catalogue.toml: `name` (the function), `task` (one line for `kata list`),
    `points` (default 1), `gpu` (true when every check needs a CUDA device), `gpu_checks` (true
    when its checks named `test_<name>__cuda` need a CUDA device and the others run anywhere): the one
    source of `kata list`'s labels, the skips and --require-gpu (`check_needs_gpu`). In the section's `hints`
    table, under the kata's name: `kata hint`'s ladder, each hint more specific than the one
    before, the first never the answer; in its `also` table: another way to write the answer,
    shown beside the reference solution; in its `task_ko` table: the task in Korean (`kata list
    --lang ko`), kept beside the English so that whoever rewords a task sees its translation.
    """

    section: str
    name: str
    task: str
    points: int = 1
    gpu: bool = False
    gpu_checks: bool = False
    hints: tuple[str, ...] = ()
    also: str = ""
    task_ko: str = ""

    @property
    def id(self) -> str:
        return f"{self.section}.{self.name}"

    def task_in(self, lang: str) -> str:
        """The task in language `lang` ("en" or "ko"); English where it has no translation."""
        return self.task_ko if lang == "ko" and self.task_ko else self.task

    def check_needs_gpu(self, aspect: str) -> bool:
        """Whether the kata's check `test_<name>__<aspect>` ("" for `test_<name>`) needs a CUDA device:
        every check of a `gpu` kata, and the GPU_ASPECT checks of a `gpu_checks` one."""
        return self.gpu or (self.gpu_checks and aspect == GPU_ASPECT)

    @property
    def uses_gpu(self) -> bool:
        """Whether a machine without a CUDA GPU skips some or all of its checks."""
        return self.gpu or self.gpu_checks


@dataclass(frozen=True)
class Section:
    """One module of the course. Fields: `id` (the module name), `title`, `ko` (Korean term), and the
    tables `hints`, `also` and `task_ko`, keyed by kata name (see Kata)."""

    id: str
    title: str
    ko: str
    katas: tuple[Kata, ...]

    @property
    def filename(self) -> str:
        return f"{self.id}.py"

    def title_in(self, lang: str) -> str:
        """The title in language `lang`: in Korean, the title's number with the Korean term ("3. 텐서 생성하기")."""
        if lang != "ko" or not self.ko:
            return self.title
        number = re.match(r"\d+\.\s+", self.title)
        return f"{number.group(0) if number else ''}{self.ko}"


@dataclass(frozen=True)
class Catalogue:
    sections: tuple[Section, ...]

    @property
    def katas(self) -> tuple[Kata, ...]:
        return tuple(k for s in self.sections for k in s.katas)

    def kata(self, kata_id: str) -> Kata:
        for k in self.katas:
            if k.id == kata_id:
                return k
        raise KeyError(kata_id)

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)


def parse(data: dict, source: str = "catalogue") -> Catalogue:
    """Build a Catalogue from parsed TOML, naming the source in every error."""
    if data.get("version") != FORMAT_VERSION:
        raise ValueError(f"{source}: version must be {FORMAT_VERSION}, got {data.get('version')!r}")
    sections = []
    seen: set[str] = set()
    for s in data.get("section", []):
        katas = []
        hints, also, task_ko = s.get("hints", {}), s.get("also", {}), s.get("task_ko", {})
        names = {k["name"] for k in s.get("katas", [])}
        for table, entries in (("hints", hints), ("also", also), ("task_ko", task_ko)):
            for name in set(entries) - names:
                raise ValueError(f"{source}: [section.{table}] of {s['id']} names {name!r}, which is no kata of it")
        for k in s.get("katas", []):
            kata = Kata(section=s["id"], name=k["name"], task=k["task"],
                        points=int(k.get("points", 1)), gpu=bool(k.get("gpu", False)),
                        gpu_checks=bool(k.get("gpu_checks", False)),
                        hints=tuple(hints.get(k["name"], ())), also=str(also.get(k["name"], "")),
                        task_ko=str(task_ko.get(k["name"], "")))
            if kata.id in seen:
                raise ValueError(f"{source}: kata {kata.id} is listed twice")
            if kata.points < 1:
                raise ValueError(f"{source}: kata {kata.id} has points {kata.points}; use 1 or more")
            if kata.gpu and kata.gpu_checks:
                raise ValueError(f"{source}: kata {kata.id} has gpu and gpu_checks; gpu alone says every check needs one")
            seen.add(kata.id)
            katas.append(kata)
        sections.append(Section(id=s["id"], title=s["title"], ko=s.get("ko", ""), katas=tuple(katas)))
    return Catalogue(sections=tuple(sections))


def read(path: Path) -> Catalogue:
    """The catalogue in `path` as it is now: the authoring tools edit it, and `load` caches."""
    with open(path, "rb") as f:
        return parse(tomllib.load(f), source=str(path))


@functools.lru_cache(maxsize=None)
def load(path: Path = CATALOGUE_FILE) -> Catalogue:
    return read(path)


def extract_hints(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple]:
    """Babel extractor for catalogue.toml: every hint of every kata is a msgid of the gettext
    catalog (grader/i18n.py), so `kata hint` shows it in the student's language."""
    data = tomllib.loads(fileobj.read().decode("utf-8"))
    for s in data.get("section", []):
        for name, ladder in s.get("hints", {}).items():
            for hint in ladder:
                yield 0, None, hint, [f"hint of {s['id']}.{name}"]
        for name, text in s.get("also", {}).items():  # `kata solution`'s other way to write the answer
            yield 0, None, text, [f"another way for {s['id']}.{name}"]
