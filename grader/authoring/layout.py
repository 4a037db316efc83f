"""The catalogue and the files agree: every kata has a stub, a solution and a check; nothing is stray."""
from __future__ import annotations

import ast
from pathlib import Path
from grader.course import catalogue
from grader.authoring.checkout import Checkout
from grader.authoring.report import Problem
from grader.authoring.variants import Variant, read
from grader.i18n import N_, _


def check_section(checkout: Checkout, section: catalogue.Section) -> tuple[tuple[Problem, ...], frozenset[str]]:
    """Problems of one section's stub module, solution module and checks file, and the ids of the
    katas they leave broken (grading those would only repeat the problem)."""
    again = f"kata dev check --section {section.id}"
    stubs, p1 = _functions(checkout, checkout.katas / section.filename, N_("stub module"), again)
    solutions, p2 = _functions(checkout, checkout.solutions / section.filename, N_("solution module"), again)
    checks, p3 = _functions(checkout, checkout.checks / f"test_{section.id}.py", N_("checks file"), again)
    problems = [*p1, *p2, *p3]
    names = {k.name for k in section.katas}
    checked = {n.removeprefix("test_").split("__")[0] for n in checks if n.startswith("test_")}
    broken = {k.id for k in section.katas} if problems else set()
    for kata in section.katas:
        of_kata = _kata(checkout, section, kata, stubs if not p1 else None, solutions if not p2 else None,
                        checked if not p3 else None)
        problems += of_kata
        broken |= {kata.id} if of_kata else set()
    for folder, found, what in ((checkout.katas, stubs, "stub"), (checkout.solutions, solutions, "solution")):
        for name in sorted(set(found) - names):
            if not name.startswith("_"):
                problems.append(Problem(f"{checkout.rel(folder / section.filename)}:{found[name].lineno}",
                                        _("stray function {name}: no kata {section}.{name} in the catalogue (add it "
                                          "with `kata dev new {section}.{name}`, or make it private: _{name})")
                                        .format(name=name, section=section.id),
                                        again))
    for name in sorted(n for n in checks if n.startswith("test_") and n.removeprefix("test_").split("__")[0]
                       not in names):
        problems.append(Problem(f"{checkout.rel(checkout.checks / f'test_{section.id}.py')}:{checks[name].lineno}",
                                _("stray check {name}: it names no kata of {section} (a check is test_<kata> or "
                                  "test_<kata>__<aspect>)").format(name=name, section=section.id), again))
    return tuple(problems), frozenset(broken)


def _kata(checkout: Checkout, section: catalogue.Section, kata: catalogue.Kata,
          stubs: dict[str, ast.FunctionDef] | None, solutions: dict[str, ast.FunctionDef] | None,
          checked: set[str] | None) -> list[Problem]:
    again = f"kata dev check --kata {kata.id}"
    stub_file = checkout.rel(checkout.katas / section.filename)
    solution_file = checkout.rel(checkout.solutions / section.filename)
    out = []
    stub = stubs.get(kata.name) if stubs is not None else None
    solution = solutions.get(kata.name) if solutions is not None else None
    if stubs is not None and stub is None:
        out.append(Problem(stub_file, _("no stub function {name} for kata {kata}").format(name=kata.name, kata=kata.id), again))
    if solutions is not None and solution is None:
        out.append(Problem(solution_file, _("no solution function {name} for kata {kata}").format(name=kata.name, kata=kata.id), again))
    if checked is not None and kata.name not in checked:
        out.append(Problem(checkout.rel(checkout.checks / f"test_{section.id}.py"),
                           _("no check for kata {kata}: write test_{name} (or test_{name}__<aspect>)").format(
                               kata=kata.id, name=kata.name),
                           again))
    if stub is not None:
        if not ast.get_docstring(stub):
            out.append(Problem(f"{stub_file}:{stub.lineno}", _("stub {name} has no docstring stating the task").format(name=kata.name),
                               again))
        last = stub.body[-1]
        if not (isinstance(last, ast.Raise) and "NotImplementedError" in ast.unparse(last)):
            out.append(Problem(f"{stub_file}:{stub.lineno}", _("stub {name} must end with {statement}").format(
                name=kata.name, statement=f'raise NotImplementedError("{kata.name}")'), again))
    if stub is not None and solution is not None and ast.unparse(stub.args) != ast.unparse(solution.args):
        out.append(Problem(f"{solution_file}:{solution.lineno}", _("{call} does not match the stub's signature "
                                                                     "({signature})").format(
            call=f"{kata.name}({ast.unparse(solution.args)})", signature=ast.unparse(stub.args)), again))
    return out


def check_variants(checkout: Checkout, section: catalogue.Section) -> tuple[tuple[Variant, ...], tuple[Problem, ...]]:
    """The section's variants (none when it has no variants file), and problems reading them."""
    path = checkout.variants / section.filename
    if not path.is_file():
        return (), ()
    again = f"kata dev check --section {section.id}"
    try:
        variants, unreadable = read(path, section.id)
    except SyntaxError as e:
        return (), (Problem(f"{checkout.rel(path)}:{e.lineno}", _("not valid Python: {error}").format(error=e.msg),
                            again),)
    names = {k.name for k in section.katas}
    problems = [Problem(f"{checkout.rel(u.file)}:{u.line}", u.why, again) for u in unreadable]
    problems += [Problem(f"{checkout.rel(v.file)}:{v.line}", _("variant {name} names {kata}, no kata of {section}")
                         .format(name=v.name, kata=repr(v.kata), section=section.id), again)
                 for v in variants if v.kata not in names]
    return tuple(v for v in variants if v.kata in names), tuple(problems)


def strays(checkout: Checkout, course: catalogue.Catalogue) -> tuple[Problem, ...]:
    """Modules that belong to no section of the catalogue, in every folder the course keeps."""
    sections = {s.id for s in course.sections}
    out = []
    for folder, pattern, section_of in ((checkout.katas, "*.py", _stem), (checkout.solutions, "*.py", _stem),
                                        (checkout.checks, "test_*.py", _checked_section),
                                        (checkout.variants, "*.py", _stem)):
        for path in sorted(folder.glob(pattern)) if folder.is_dir() else ():
            if path.name != "__init__.py" and section_of(path) not in sections:
                out.append(Problem(checkout.rel(path), _("stray module: no section {section} in {catalogue}").format(
                    section=repr(section_of(path)), catalogue=checkout.rel(checkout.catalogue_file)), "kata dev check"))
    return tuple(out)


def _stem(path: Path) -> str:
    return path.stem


def _checked_section(path: Path) -> str:
    return path.stem.removeprefix("test_")


def _functions(checkout: Checkout, path: Path, what: str,
               again: str) -> tuple[dict[str, ast.FunctionDef], list[Problem]]:
    """The top-level functions of a module, or the problem that it is missing or not Python."""
    if not path.is_file():
        return {}, [Problem(checkout.rel(path), _("missing {what}").format(what=_(what)), again)]
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as e:
        return {}, [Problem(f"{checkout.rel(path)}:{e.lineno}", _("not valid Python: {error}").format(error=e.msg),
                            again)]
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}, []
