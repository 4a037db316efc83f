"""`kata doctor`: whether this machine and this kata folder are ready to grade, and the fix where not.

Every finding is a plain value; the CLI prints them. Nothing here runs student code: the kata
files are only compiled, never executed.
"""
from __future__ import annotations

import ast
import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from grader.course import catalogue

OK, WARN, PROBLEM = "ok", "warning", "problem"
MIN_PYTHON = (3, 11)


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
                    Finding("Runner", PROBLEM, "no runner can start without PyTorch", fix="fix PyTorch first"))
    findings += _workspace(Path(folder))
    return Diagnosis(tuple(findings))


def _python() -> Finding:
    version = platform.python_version()
    if sys.version_info[:2] < MIN_PYTHON:
        return Finding("Python", PROBLEM, f"Python {version} is older than this package supports",
                       fix=f"use Python {'.'.join(map(str, MIN_PYTHON))} or newer")
    return Finding("Python", OK, f"Python {version} ({sys.executable})")


def _package(name: str, shown: str) -> Finding:
    try:
        return Finding(shown, OK, f"{shown} {metadata.version(name)}")
    except metadata.PackageNotFoundError:
        return Finding(shown, PROBLEM, f"{shown} is not installed", fix=f"pip install {name}")


def _torch(findings: list[Finding]) -> bool:
    try:
        import torch
    except Exception as e:  # noqa: BLE001 - a broken install raises anything from ImportError to OSError
        findings.append(Finding("PyTorch", PROBLEM, f"PyTorch cannot be imported ({type(e).__name__}: {e})",
                                fix="reinstall it: pip install --force-reinstall torch "
                                    "(see pytorch.org for the build that suits your machine)"))
        return False
    findings.append(Finding("PyTorch", OK, f"PyTorch {torch.__version__}"))
    return True


def _devices() -> list[Finding]:
    import torch

    from grader.run.grading import cuda_usable

    cuda = cuda_usable()
    mps = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    found = [Finding("CUDA", OK, f"a CUDA GPU is usable (CUDA {torch.version.cuda})" if cuda else
                     "no CUDA GPU" + ("" if torch.version.cuda else " (this PyTorch build has no CUDA support)")),
             Finding("MPS", OK, "Apple's MPS is available" if mps else "no Apple MPS device")]
    if not cuda:
        course = catalogue.load()
        skipped = [f"{k.id}: needs a CUDA GPU, skipped (counts neither for nor against you)"
                   for k in course.katas if k.gpu]
        partly = [f"{kata}: its GPU checks are skipped, the others run"
                  for kata in sorted(_katas_with_gpu_checks() - {k.id for k in course.katas if k.gpu})]
        found.append(Finding("GPU katas", OK, f"{len(skipped)} katas will be skipped on this machine",
                             details=tuple(skipped + partly)))
    return found


def _katas_with_gpu_checks() -> set[str]:
    """Katas with at least one check marked @pytest.mark.gpu, read from the checks' source."""
    found = set()
    for path in sorted(Path(__file__).with_name("checks").glob("test_*.py")):
        section = path.stem.removeprefix("test_")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and any(ast.unparse(d) == "pytest.mark.gpu"
                                                        for d in node.decorator_list):
                found.add(f"{section}.{node.name.removeprefix('test_').split('__')[0]}")
    return found


def _runner() -> Finding:
    from grader.sandbox.runners import RunnerError, choose

    try:
        runner = choose()
    except RunnerError as e:
        return Finding("Runner", PROBLEM, str(e), fix="unset KATA_RUNNER and KATA_START_METHOD")
    except Exception as e:  # noqa: BLE001 - e.g. a broken torch, already reported above
        return Finding("Runner", PROBLEM, f"cannot tell which runner would isolate your code ({type(e).__name__}: {e})",
                       fix="fix the problems above first")
    details = tuple(f"holds: {g}" for g in runner.guarantees) + tuple(f"not here: {g}" for g in runner.lacks)
    return Finding("Runner", OK, f"the {runner.name} runner ({runner.start_method}; chosen by {runner.source})",
                   details=details)


def _workspace(folder: Path) -> list[Finding]:
    course = catalogue.load()
    expected = {s.filename for s in course.sections}
    if not folder.is_dir():
        here = Path.cwd()
        hint = ("this folder holds the kata files: use --path ." if any((here / f).is_file() for f in expected)
                else "run `kata init .` to get fresh kata files, or point --path at your kata folder")
        return [Finding("Kata folder", PROBLEM, f"{folder} is not a folder", fix=hint)]
    findings = [Finding("Kata folder", OK, f"{folder.resolve()}")]
    missing = sorted(expected - {p.name for p in folder.glob("*.py")})
    if missing:
        findings.append(Finding("Section files", PROBLEM, f"{len(missing)} of {len(expected)} section files are missing",
                                fix=f"copy fresh ones with `kata init NEW_FOLDER` and move them into {folder}",
                                details=tuple(missing)))
    else:
        findings.append(Finding("Section files", OK, f"all {len(expected)} section files are there"))
    broken = [_syntax_problem(folder / name) for name in sorted(expected) if (folder / name).is_file()]
    broken = [b for b in broken if b]
    if broken:
        findings.append(Finding("Syntax", PROBLEM, f"{len(broken)} section files cannot be imported",
                                fix="fix the line named; every kata of that file fails until then",
                                details=tuple(broken)))
    strays = sorted(p.name for p in folder.iterdir()
                    if p.name not in expected | {"__init__.py", "__pycache__"} and not p.name.startswith("."))
    if strays:
        findings.append(Finding("Other files", WARN, f"{len(strays)} files here are not kata files; they are not graded",
                                fix="move them elsewhere if they are copies of your work",
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
