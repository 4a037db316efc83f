"""Write a student repo: fresh kata stubs, a README for students, the grader, and CI that grades every push.

The repo holds no solutions: the katas are the stubs shipped as `grader.course.stubs` (`stubs_ko`
with --lang ko), the checks stay in the grader. By default the grader goes in too, as the wheel of
the grader that wrote the repo (`.kata/tensor_katas-<version>-py3-none-any.whl`, made by wheel.py,
without solutions), and every CI file installs exactly that file: nothing needs to be published
anywhere. `--install SPEC` installs a pinned requirement or a git URL instead. Each CI target
(`TARGETS`) installs PyTorch's CPU build, then the grader, and reports in the form its platform reads:
- github: `.github/workflows/classroom.yml`, `kata grade --format classroom` in the step with id
  `katas`, whose `result` output GitHub Classroom's reporter reads;
- gitlab: `.gitlab-ci.yml`, `kata grade --format junit` kept as `artifacts:reports:junit`;
- gradescope: `gradescope/autograder.zip` for the instructor to upload (setup.sh, run_autograder and
  the wheel, per Gradescope's "Autograder Specifications"), which writes results/results.json.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import tempfile
import textwrap
import time
import zipfile
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from grader.course import catalogue, wheel
from grader.course.languages import stubs_folder
from grader.i18n import N_, _

TARGETS = ("github", "gitlab", "gradescope")
KATA_FOLDER = "katas"
README = "README.md"
GITIGNORE = ".gitignore"
# progress.FILE, workspace.BACKUPS, and what an interrupted save of either module leaves (.NAME.XXXX.tmp).
GITIGNORE_TEXT = "__pycache__/\n*.pyc\n.venv/\n.cache/\njunit.xml\n.kata-progress.json\n.kata-backup/\n.*.tmp\n"
VENDOR = ".kata"  # where the grader's wheel goes in the repo
WORKFLOW = ".github/workflows/classroom.yml"
GITLAB_CI = ".gitlab-ci.yml"
GRADESCOPE_ZIP = "gradescope/autograder.zip"
PYTHON = "3.11"  # the CI images' Python: the oldest the package supports, the one its suite runs on
TORCH = "torch==2.13.0"  # the PyTorch the grader was checked with; CI installs its CPU build
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
GIT_SCHEMES = ("git+https://", "git+ssh://", "git+http://", "git+file://")
GIT_EXAMPLE = "git+https://HOST/OWNER/REPO.git@TAG"
PLACEHOLDER = re.compile(r"__[A-Z_]+__")
EPOCH_1980 = 315532800

SUBMIT = {
    "github": "Commit and push. Every push is graded again by GitHub Actions (the \"Actions\" tab shows the "
              "report), and the score goes to GitHub Classroom. Only your files in `katas/` are graded; please "
              "leave `.github/workflows/classroom.yml` as it is.",
    "gitlab": "Commit and push. Every push is graded again by GitLab CI: the pipeline's \"Tests\" tab lists "
              "every kata with its message. Only your files in `katas/` are graded; please leave "
              "`.gitlab-ci.yml` as it is.",
    "gradescope": "Submit on Gradescope: upload your files from `katas/`, or submit this repository. Gradescope "
                  "grades them the same way and shows every kata with its points and message.",
}
NEXT_STEP = {  # msgids: `kata release` shows them translated
    "github": N_("Push {folder} to a template repository and use it as a GitHub Classroom assignment's starter code."),
    "gitlab": N_("Push {folder} to a GitLab project (a template for the class): every push runs {file}."),
    "gradescope": N_("Upload {file} as the autograder of a Gradescope programming assignment (Configure "
                     "Autograder; Ubuntu 22.04 or later), and give students {folder} as their starter code."),
}


class ReleaseError(ValueError):
    """A release that would overwrite something, or was asked for wrongly (a usage error: exit status 2)."""


@dataclass(frozen=True)
class Release:
    folder: Path
    files: tuple[Path, ...]  # every file written, relative to `folder`
    targets: tuple[str, ...] = ("github",)
    notes: tuple[str, ...] = ()  # advice for the instructor, e.g. an unpinned git URL


@dataclass(frozen=True)
class Install:
    """How CI and students install the grader: the vendored wheel, or a requirement (`--install SPEC`)."""

    wheel: str | None = None  # the wheel's file name, in VENDOR/ of the repo (and the autograder zip's top)
    spec: str | None = None

    def argument(self, where: str) -> str:
        """What follows `pip install` in a shell, for a wheel in folder `where` (a shell word)."""
        return shlex.quote(self.spec) if self.spec else f"{where}/{self.wheel}"

    def note(self) -> str:
        """Where the grader comes from, for a comment in a CI file."""
        return (f"{self.spec}, as `kata release --install` asked." if self.spec else
                "the wheel of the grader that wrote this file (only its dependencies are downloaded).")


def release(folder: Path, targets: Iterable[str] = ("github",), install: str | None = None,
            lang: str = "en") -> Release:
    """Write a fresh student repo into `folder`, which must not exist yet or be empty; its katas are
    the stubs in `lang` (languages.py)."""
    chosen = ci_targets(targets)
    spec, notes = install_spec(install) if install is not None else (None, ())
    folder = Path(folder).expanduser()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ReleaseError(_("{folder} is not an empty folder; nothing was written, so nothing there is lost. "
                             "Choose a new folder: {command}").format(folder=folder, command="kata release NEW_FOLDER"))
    with tempfile.TemporaryDirectory(prefix="kata-release-") as work:
        # Everything that can fail comes first, in a folder of our own: a failed release writes nothing.
        grader_wheel = None if spec else wheel.vendored_wheel(Path(work))
        how = Install(wheel=grader_wheel.name if grader_wheel else None, spec=spec)
        texts = {README: readme(chosen, how), GITIGNORE: GITIGNORE_TEXT}
        if "github" in chosen:
            texts[WORKFLOW] = workflow(how)
        if "gitlab" in chosen:
            texts[GITLAB_CI] = gitlab_ci(how)
        if "gradescope" in chosen:
            autograder_zip(Path(work) / "autograder.zip", how, grader_wheel)
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(stubs_folder(lang), folder / KATA_FOLDER, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for name, text in texts.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if grader_wheel is not None:
            (folder / VENDOR).mkdir()
            shutil.copyfile(grader_wheel, folder / VENDOR / grader_wheel.name)
        if "gradescope" in chosen:
            (folder / GRADESCOPE_ZIP).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(work) / "autograder.zip", folder / GRADESCOPE_ZIP)
    files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    return Release(folder=folder, files=tuple(files), targets=chosen, notes=notes)


def ci_targets(values: Iterable[str]) -> tuple[str, ...]:
    """The CI targets asked for, each once, in TARGETS' order: `--ci github --ci gitlab` or `--ci github,gitlab`."""
    asked = [t.strip().lower() for v in values for t in v.split(",") if t.strip()]
    unknown = [t for t in asked if t not in TARGETS]
    if unknown:
        raise ReleaseError(_("{names} is not a CI target; choose from {targets} (repeat --ci, or separate them "
                             "with commas)").format(names=", ".join(repr(t) for t in unknown),
                                                    targets=", ".join(TARGETS)))
    if not asked:
        raise ReleaseError(_("no CI target given; choose from {targets}").format(targets=", ".join(TARGETS)))
    return tuple(t for t in TARGETS if t in asked)


def install_spec(spec: str) -> tuple[str, tuple[str, ...]]:
    """`--install SPEC` checked: a pinned requirement of tensor-katas, or a git URL. Returns it and any advice."""
    text = spec.strip()
    if not text or not text.isprintable() or any(c.isspace() and c != " " for c in text):
        raise ReleaseError(_("--install {spec!r} is empty or holds a line break or a control character").format(
            spec=spec))
    if text.startswith("git+"):
        if not text.startswith(GIT_SCHEMES) or " " in text:
            raise ReleaseError(_("--install {spec!r} is not a git URL pip can install: write it as {example} "
                                 "(or git+ssh://, git+file://)").format(spec=text, example=GIT_EXAMPLE))
        if "@" not in urlsplit(text[len("git+"):]).path:
            return text, (_("{url} names no tag or commit: every push installs whatever that branch holds then. "
                            "Add @TAG or @COMMIT to grade the whole class with the same checks.").format(url=text),)
        return text, ()
    try:
        req = Requirement(text)
    except InvalidRequirement:
        raise ReleaseError(_("--install {spec!r} is neither a pinned requirement ({pinned}) nor a git URL "
                             "({example})").format(spec=text, pinned=f"{wheel.DIST_NAME}=={version()}",
                                                   example=GIT_EXAMPLE)) from None
    if canonicalize_name(req.name) != wheel.DIST_NAME:
        raise ReleaseError(_("--install {spec!r} installs {name}, not {wanted}").format(
            spec=text, name=req.name, wanted=wheel.DIST_NAME))
    pinned = req.url or [s for s in req.specifier if s.operator in ("==", "===") and "*" not in s.version]
    if not pinned:
        raise ReleaseError(_("--install {spec!r} is not pinned to one version; write {pinned}, so that the whole "
                             "class is graded by the same checks").format(spec=text,
                                                                          pinned=f"{wheel.DIST_NAME}=={version()}"))
    return str(req), ()


def readme(targets: Iterable[str] = ("github",), how: Install | None = None) -> str:
    """The students' README, with a table of the sections and how their work is graded."""
    how = how or Install(spec=f"{wheel.DIST_NAME}=={version()}")
    rows = []
    for s in catalogue.load().sections:
        gpu = sum(k.gpu for k in s.katas)
        note = f" ({gpu} need a GPU)" if gpu else ""
        rows.append(f"| `{KATA_FOLDER}/{s.filename}` | {s.title} | {len(s.katas)}{note} |")
    # Wrapped as the rest of the README is, inside item 4 of its list.
    submit = "\n\n".join(textwrap.fill(SUBMIT[t], width=100, initial_indent="   ", subsequent_indent="   ")
                         for t in targets).removeprefix("   ")
    return _template("student_README.md", __SECTIONS__="\n".join(rows), __SUBMIT__=submit,
                     __INSTALL__=how.argument(VENDOR))


def workflow(how: Install | None = None) -> str:
    """The GitHub Actions workflow that grades every push for GitHub Classroom."""
    return _ci_template("classroom.yml", how, VENDOR)


def gitlab_ci(how: Install | None = None) -> str:
    """The GitLab CI file that grades every push and keeps the JUnit report."""
    return _ci_template("gitlab-ci.yml", how, VENDOR)


def autograder_zip(path: Path, how: Install, grader_wheel: Path | None) -> Path:
    """Gradescope's autograder: setup.sh and run_autograder at the top (the spec asks for both there), and
    the vendored wheel beside them. Written deterministically, the scripts executable."""
    entries = [("setup.sh", _ci_template("gradescope_setup.sh", how, '"$source"').encode(), 0o755),
               ("run_autograder", _template("gradescope_run_autograder").encode(), 0o755)]
    if grader_wheel is not None:
        entries.append((grader_wheel.name, grader_wheel.read_bytes(), 0o644))
    when = time.gmtime(max(int(os.environ.get("SOURCE_DATE_EPOCH", EPOCH_1980)), EPOCH_1980))[:6]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data, mode in entries:
            entry = zipfile.ZipInfo(name, date_time=when)
            entry.external_attr = (0o100000 | mode) << 16
            entry.create_system = 3  # Unix: unzip then applies the mode
            entry.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(entry, data)
    return path


def version() -> str:
    try:
        return metadata.version(wheel.DIST_NAME)
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a checkout that was never installed
        return "0.1.0"


def _ci_template(name: str, how: Install | None, where: str) -> str:
    return ci_file(name, how or Install(spec=f"{wheel.DIST_NAME}=={version()}"), where)


def ci_file(name: str, how: Install, where: str, package: str = "grader.course", **values: str) -> str:
    """A CI template of `package`'s templates/ with the grader's install (from folder `where`) and `values` in."""
    return _template(name, package, __INSTALL__=how.argument(where), __INSTALL_NOTE__=how.note(), __TORCH__=TORCH,
                     __TORCH_INDEX__=TORCH_INDEX, __PYTHON__=PYTHON, **values)


def _template(name: str, package: str = "grader.course", **values: str) -> str:
    text = resources.files(package).joinpath("templates").joinpath(name).read_text(encoding="utf-8")
    for key, value in {"__VERSION__": version(), **values}.items():
        text = text.replace(key, value)
    left = PLACEHOLDER.findall(text)
    if left:  # pragma: no cover - a template and this module disagree
        raise AssertionError(f"template {name} still has {left}")
    return text
