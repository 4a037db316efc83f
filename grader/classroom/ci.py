"""The instructor's side of CI (`kata class-ci`): a workflow that grades a whole class split over
several machines and merges the parts into one gradebook.

`kata release` writes what goes to students; this writes into the instructor's own repo, the one that
holds every submission, so neither the class's grades nor this workflow ever reach a student repo.
- github: `.github/workflows/grade-class.yml`, a `strategy.matrix` of shards, each running
  `kata grade-all --shard I/N --json` and uploading its part as an artifact, then a merge job that
  downloads every part and runs `kata grade-all --merge`;
- gitlab: `.gitlab-ci.yml`, a `parallel: N` job (CI_NODE_INDEX/CI_NODE_TOTAL) whose parts are
  artifacts that the merge job of the next stage receives.
Both install the grader as `kata release` does: the wheel of the grader running now, vendored in
`.kata/`, or `--install SPEC`; and every shard uses the run's (pipeline's) id as the seed.
"""
from __future__ import annotations

import filecmp
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from grader.course import release, wheel
from grader.i18n import _

TARGETS = ("github", "gitlab")
FILES = {"github": ".github/workflows/grade-class.yml", "gitlab": ".gitlab-ci.yml"}
TEMPLATES = {"github": "grade-class.yml", "gitlab": "gitlab-grade-class.yml"}
MAX_SHARDS = 256  # GitHub's matrix allows 256 jobs per workflow run; GitLab's `parallel` at most 200
GITLAB_MAX_SHARDS = 200


class ClassCIError(ValueError):
    """Asked for wrongly, or would overwrite a file (a usage error); nothing was written."""


@dataclass(frozen=True)
class Written:
    files: tuple[Path, ...]  # relative to the folder
    notes: tuple[str, ...] = ()


def write(folder: Path, targets: Iterable[str], shards: int, submissions: str, lang: str = "en",
          install: str | None = None) -> Written:
    """Write each target's class-grading CI file (and the grader's wheel, unless `install`) into `folder`."""
    chosen = _targets(targets)
    if shards < 1 or shards > (GITLAB_MAX_SHARDS if "gitlab" in chosen else MAX_SHARDS):
        raise ClassCIError(_("--shards {shards} is out of range: give 1 to {most}").format(
            shards=shards, most=GITLAB_MAX_SHARDS if "gitlab" in chosen else MAX_SHARDS))
    where = _submissions(submissions)
    spec, notes = release.install_spec(install) if install is not None else (None, ())
    folder = Path(folder).expanduser()
    taken = [FILES[t] for t in chosen if (folder / FILES[t]).exists()]
    if taken:
        raise ClassCIError(_("{files} already exists; nothing was written. Move it away, or write into another "
                             "folder and merge the two by hand").format(files=", ".join(str(folder / t) for t in taken)))
    with tempfile.TemporaryDirectory(prefix="kata-class-ci-") as work:
        grader_wheel = None if spec else wheel.vendored_wheel(Path(work))
        how = release.Install(wheel=grader_wheel.name if grader_wheel else None, spec=spec)
        written = []
        if grader_wheel is not None:
            target = folder / release.VENDOR / grader_wheel.name
            if not (target.exists() and filecmp.cmp(grader_wheel, target, shallow=False)):
                if target.exists():
                    raise ClassCIError(_("{file} already exists and differs from this grader's wheel; nothing was "
                                         "written").format(file=target))
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(grader_wheel, target)
                written.append(target.relative_to(folder))
        for t in chosen:
            path = folder / FILES[t]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text(t, how, shards, where, lang), encoding="utf-8")
            written.append(Path(FILES[t]))
    return Written(files=tuple(written), notes=notes)


def text(target: str, how: release.Install, shards: int, submissions: str, lang: str = "en") -> str:
    """One target's CI file."""
    return release.ci_file(TEMPLATES[target], how, release.VENDOR, package="grader.classroom",
                           __SHARDS__=str(shards), __SHARD_LIST__=", ".join(str(i) for i in range(1, shards + 1)),
                           __SUBMISSIONS__=submissions, __LANG__=lang)


def _targets(values: Iterable[str]) -> tuple[str, ...]:
    asked = [t.strip().lower() for v in values for t in v.split(",") if t.strip()]
    unknown = [t for t in asked if t not in TARGETS]
    if not asked:
        raise ClassCIError(_("no CI target given; choose from {targets}").format(targets=", ".join(TARGETS)))
    if unknown:
        raise ClassCIError(_("{names} is not a CI target for grading a class; choose from {targets}").format(
            names=", ".join(repr(t) for t in unknown), targets=", ".join(TARGETS)))
    return tuple(t for t in TARGETS if t in asked)


def _submissions(path: str) -> str:
    """The submissions folder, relative to the repo and plain, so it is one word in YAML and in a shell."""
    pure = PurePosixPath(path.strip())
    if (not path.strip() or pure.is_absolute() or ".." in pure.parts
            or not all(c.isalnum() or c in "._-/" for c in str(pure))):
        raise ClassCIError(_("--submissions {path} must be a folder inside the repo, such as submissions or "
                             "classes/fall, of letters, digits, '.', '_', '-' and '/'").format(path=repr(path)))
    return str(pure)
