"""`kata doctor`: whether this machine and this kata folder are ready to grade, and the fix where not.

Every finding is a plain value; the CLI prints them. Nothing here runs student code: the kata
files are only compiled, never executed.
"""
from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from grader.course import catalogue
from grader.i18n import _

OK, WARN, PROBLEM = "ok", "warning", "problem"
MIN_PYTHON = (3, 11)
TOPIC_WIDTH = 15  # terminal columns of the topic column, its colon included


def padded(text: str, width: int = TOPIC_WIDTH) -> str:
    """`text` padded with spaces to `width` terminal columns: Hangul takes two columns a letter, so
    str.ljust (which counts characters) would misalign a Korean topic."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))


@dataclass(frozen=True)
class Finding:
    """One line of the diagnosis: a topic, how it stands, what was found, and the fix when not ok."""

    topic: str
    level: str  # OK, WARN or PROBLEM
    text: str
    fix: str = ""
    details: tuple[str, ...] = ()  # further lines: guarantees, skipped katas, stray files


@dataclass(frozen=True)
class Diagnosis:
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """Nothing stands in the way of grading (warnings do not)."""
        return all(f.level != PROBLEM for f in self.findings)


def diagnose(folder: Path) -> Diagnosis:
    """Look at Python, PyTorch, NumPy, devices, the runner, GPU skips and the kata folder."""
    findings = [_python()]
    torch_ok = _torch(findings)
    findings.append(_package("numpy", "NumPy"))
    if torch_ok:
        findings += _devices()
    findings.append(_runner() if torch_ok else
                    Finding(_("Runner"), PROBLEM, _("no runner can start without PyTorch"), fix=_("fix PyTorch first")))
    findings += _workspace(Path(folder))
    return Diagnosis(tuple(findings))


def _python() -> Finding:
    version = platform.python_version()
    if sys.version_info[:2] < MIN_PYTHON:
        return Finding("Python", PROBLEM, _("Python {version} is older than this package supports").format(version=version),
                       fix=_("use Python {version} or newer").format(version=".".join(map(str, MIN_PYTHON))))
    return Finding("Python", OK, f"Python {version} ({sys.executable})")


def _package(name: str, shown: str) -> Finding:
    try:
        return Finding(shown, OK, f"{shown} {metadata.version(name)}")
    except metadata.PackageNotFoundError:
        return Finding(shown, PROBLEM, _("{package} is not installed").format(package=shown), fix=f"pip install {name}")


def _torch(findings: list[Finding]) -> bool:
    try:
        import torch
    except Exception as e:  # noqa: BLE001 - a broken install raises anything from ImportError to OSError
        findings.append(Finding("PyTorch", PROBLEM, _("PyTorch cannot be imported ({error})").format(
                                    error=f"{type(e).__name__}: {e}"),
                                fix=_("reinstall it: pip install --force-reinstall torch (see pytorch.org for the "
                                      "build that suits your machine)")))
        return False
    findings.append(Finding("PyTorch", OK, f"PyTorch {torch.__version__}"))
    return True


def _devices() -> list[Finding]:
    import torch

    from grader.run.grading import cuda_usable

    cuda = cuda_usable()
    mps = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    found = [Finding("CUDA", OK, _("a CUDA GPU is usable (CUDA {version})").format(version=torch.version.cuda) if cuda
                     else _("no CUDA GPU") if torch.version.cuda else _("no CUDA GPU (this PyTorch build has no CUDA support)")),
             Finding("MPS", OK, _("Apple's MPS is available") if mps else _("no Apple MPS device"))]
    if not cuda:
        course = catalogue.load()
        skipped = [_("{kata}: needs a CUDA GPU, skipped (counts neither for nor against you)").format(kata=k.id)
                   for k in course.katas if k.gpu]
        partly = [_("{kata}: its GPU checks are skipped, the others run").format(kata=k.id)
                  for k in course.katas if k.gpu_checks]
        found.append(Finding(_("GPU katas"), OK, _("{count} katas will be skipped on this machine").format(count=len(skipped)),
                             details=tuple(skipped + partly)))
    return found


def _runner() -> Finding:
    from grader.sandbox.runners import RunnerError, choose

    try:
        runner = choose()
    except RunnerError as e:
        return Finding(_("Runner"), PROBLEM, str(e), fix=_("unset KATA_RUNNER and KATA_START_METHOD"))
    except Exception as e:  # noqa: BLE001 - e.g. a broken torch, already reported above
        return Finding(_("Runner"), PROBLEM, _("cannot tell which runner would isolate your code ({error})").format(
                           error=f"{type(e).__name__}: {e}"), fix=_("fix the problems above first"))
    details = tuple(_("holds: {guarantee}").format(guarantee=g) for g in runner.guarantees) \
        + tuple(_("not here: {guarantee}").format(guarantee=g) for g in runner.lacks)
    return Finding(_("Runner"), OK, _("the {name} runner ({method}; chosen by {source})").format(
        name=runner.name, method=runner.start_method, source=runner.source), details=details)


def _workspace(folder: Path) -> list[Finding]:
    course = catalogue.load()
    expected = {s.filename for s in course.sections}
    if not folder.is_dir():
        here = Path.cwd()
        hint = (_("this folder holds the kata files: use --path .") if any((here / f).is_file() for f in expected)
                else _("run `kata init .` to get fresh kata files, or point --path at your kata folder"))
        return [Finding(_("Kata folder"), PROBLEM, _("{folder} is not a folder").format(folder=folder), fix=hint)]
    findings = [Finding(_("Kata folder"), OK, f"{folder.resolve()}")]
    missing = sorted(expected - {p.name for p in folder.glob("*.py")})
    if missing:
        findings.append(Finding(_("Section files"), PROBLEM, _("{count} of {total} section files are missing").format(
                                    count=len(missing), total=len(expected)),
                                fix=_("copy fresh ones with `kata init NEW_FOLDER` and move them into {folder}").format(
                                    folder=folder),
                                details=tuple(missing)))
    else:
        findings.append(Finding(_("Section files"), OK, _("all {total} section files are there").format(total=len(expected))))
    broken = [_syntax_problem(folder / name) for name in sorted(expected) if (folder / name).is_file()]
    broken = [b for b in broken if b]
    if broken:
        findings.append(Finding(_("Syntax"), PROBLEM, _("{count} section files cannot be imported").format(count=len(broken)),
                                fix=_("fix the line named; every kata of that file fails until then"),
                                details=tuple(broken)))
    strays = sorted(p.name for p in folder.iterdir()
                    if p.name not in expected | {"__init__.py", "__pycache__"} and not p.name.startswith("."))
    if strays:
        findings.append(Finding(_("Other files"), WARN, _("{count} files here are not kata files; they are not graded").format(
                                    count=len(strays)),
                                fix=_("move them elsewhere if they are copies of your work"),
                                details=tuple(strays)))
    return findings


def _syntax_problem(path: Path) -> str:
    try:
        source = path.read_bytes()
        compile(source, str(path), "exec", dont_inherit=True)
    except SyntaxError as e:
        return f"{path.name}:{e.lineno}: {e.msg}"
    except (OSError, ValueError) as e:
        return f"{path.name}: {e}"
    return ""
