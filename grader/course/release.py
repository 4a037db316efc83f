"""Write a student repo: fresh kata stubs, a README for students, and a GitHub Classroom workflow.

The repo holds no solutions: the katas are the stubs shipped as `grader.course.stubs`, the checks stay
in the installed grader. The workflow installs the grader, runs `kata grade --format classroom`
in the step with id `katas`, and hands its `result` output to GitHub Classroom's reporter.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from grader.course import catalogue

KATA_FOLDER = "katas"
README = "README.md"
WORKFLOW = ".github/workflows/classroom.yml"
GITIGNORE = ".gitignore"
GITIGNORE_TEXT = "__pycache__/\n*.pyc\n.venv/\n"


class ReleaseError(ValueError):
    """A release that would overwrite something (a usage error: exit status 2)."""


@dataclass(frozen=True)
class Release:
    folder: Path
    files: tuple[Path, ...]  # every file written, relative to `folder`


def release(folder: Path) -> Release:
    """Write a fresh student repo into `folder`, which must not exist yet or be empty."""
    folder = Path(folder).expanduser()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ReleaseError(f"{folder} is not an empty folder; nothing was written, so nothing there is lost. "
                           "Choose a new folder: kata release NEW_FOLDER")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(stubs_folder(), folder / KATA_FOLDER, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name, text in ((README, readme()), (WORKFLOW, workflow()), (GITIGNORE, GITIGNORE_TEXT)):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    return Release(folder=folder, files=tuple(files))


def stubs_folder() -> Path:
    """The fresh kata stubs, shipped inside the package as `grader.course.stubs`."""
    import grader.course.stubs

    return Path(grader.course.stubs.__path__[0])


def readme() -> str:
    """The students' README, with a table of the sections."""
    rows = []
    for s in catalogue.load().sections:
        gpu = sum(k.gpu for k in s.katas)
        note = f" ({gpu} need a GPU)" if gpu else ""
        rows.append(f"| `{KATA_FOLDER}/{s.filename}` | {s.title} | {len(s.katas)}{note} |")
    return _template("student_README.md").replace("__SECTIONS__", "\n".join(rows))


def workflow() -> str:
    """The GitHub Actions workflow that grades every push for GitHub Classroom."""
    return _template("classroom.yml")


def version() -> str:
    try:
        return metadata.version("tensor-katas")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a checkout that was never installed
        return "0.1.0"


def _template(name: str) -> str:
    text = resources.files("grader.course").joinpath("templates").joinpath(name).read_text(encoding="utf-8")
    return text.replace("__VERSION__", version())
