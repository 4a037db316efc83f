"""The course catalogue: sections and katas, loaded from catalogue.toml in teaching order."""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

CATALOGUE_FILE = Path(__file__).with_name("catalogue.toml")
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Kata:
    """One exercise: a function `name` in the student's `<section>.py`.

    Fields in catalogue.toml: `name` (the function), `task` (one line for `kata list`),
    `points` (default 1), `gpu` (true when every check needs a CUDA device).
    """

    section: str
    name: str
    task: str
    points: int = 1
    gpu: bool = False

    @property
    def id(self) -> str:
        return f"{self.section}.{self.name}"


@dataclass(frozen=True)
class Section:
    """One module of the course. Fields: `id` (the module name), `title`, `ko` (Korean term)."""

    id: str
    title: str
    ko: str
    katas: tuple[Kata, ...]

    @property
    def filename(self) -> str:
        return f"{self.id}.py"


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
        for k in s.get("katas", []):
            kata = Kata(section=s["id"], name=k["name"], task=k["task"],
                        points=int(k.get("points", 1)), gpu=bool(k.get("gpu", False)))
            if kata.id in seen:
                raise ValueError(f"{source}: kata {kata.id} is listed twice")
            if kata.points < 1:
                raise ValueError(f"{source}: kata {kata.id} has points {kata.points}; use 1 or more")
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
