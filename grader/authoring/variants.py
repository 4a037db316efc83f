"""Authoring variants: other answers to a kata, marked @accepted or @wrong, read from their source.

A file `tests/variants/<section>.py` of a checkout holds functions decorated with
`@accepted(kata)` (a correct answer written differently: it must pass) or
`@wrong(kata, says=..., status="failed")` (a common mistake: it must fail its kata, with
`status` "failed" for a wrong value or "error" for an answer that raises, and a message
containing `says`, ignoring case). The files are read, never run: the decorators' arguments must
be literals, and each function is graded on its own as the kata's function.
"""
from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

from grader.i18n import _

F = TypeVar("F", bound=Callable[..., Any])
STATUSES = ("failed", "error")  # what a wrong answer may get


def accepted(kata: str) -> Callable[[F], F]:
    """Mark another correct answer to `kata` (its function name in the section): it must pass."""
    return _unchanged


def wrong(kata: str, says: str, status: str = "failed") -> Callable[[F], F]:
    """Mark a wrong answer to `kata`: it must get `status` with a message containing `says`."""
    return _unchanged


def _unchanged(fn: F) -> F:
    return fn  # the marks are read from the source by `read`, so nothing is stored on the function


@dataclass(frozen=True)
class Variant:
    """One marked function. `expected` is "passed" for @accepted, else the @wrong status."""

    section: str
    kata: str  # the kata's function name
    name: str  # the variant's own function name
    expected: str
    says: str
    source: str  # the function without its decorators, renamed to the kata's name
    file: Path
    line: int
    names: frozenset[str]  # every name its body uses: a variant that calls another kata is graded apart

    @property
    def kata_id(self) -> str:
        return f"{self.section}.{self.kata}"

    @property
    def label(self) -> str:
        return f"{self.section}.{self.name}"


@dataclass(frozen=True)
class Unreadable:
    """A function of a variants file that cannot be read as a variant, and why."""

    file: Path
    line: int
    why: str


def read(path: Path, section: str) -> tuple[tuple[Variant, ...], tuple[Unreadable, ...]]:
    """The variants of one section's file, in file order, and the functions that are not variants."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found: list[Variant] = []
    bad: list[Unreadable] = []
    for node in ast.parse(source, filename=str(path)).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        try:
            expected, kata, says = _mark(node)
        except ValueError as e:
            bad.append(Unreadable(path, node.lineno, str(e)))
            continue
        text = "\n".join(lines[node.lineno - 1:node.end_lineno])
        text = text.replace(f"def {node.name}(", f"def {kata}(", 1) + "\n"
        names = frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name))
        found.append(Variant(section=section, kata=kata, name=node.name, expected=expected, says=says,
                             source=text, file=path, line=node.lineno, names=names))
    return tuple(found), tuple(bad)


def _mark(node: ast.FunctionDef) -> tuple[str, str, str]:
    """(expected status, kata, says) from the function's one @accepted or @wrong decorator."""
    marks = [d for d in node.decorator_list if isinstance(d, ast.Call) and isinstance(d.func, ast.Name)
             and d.func.id in ("accepted", "wrong")]
    if len(marks) != 1 or len(node.decorator_list) != 1:
        raise ValueError(_("{function} needs exactly one decorator, {accepted} or {wrong}").format(
            function=node.name, accepted="@accepted(kata)", wrong="@wrong(kata, says=...)"))
    (mark,) = marks
    assert isinstance(mark.func, ast.Name)
    decorator = f"@{mark.func.id}"
    try:
        args = [ast.literal_eval(a) for a in mark.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in mark.keywords if k.arg}
    except ValueError:
        raise ValueError(_("{function}: the arguments of {decorator} must be plain strings").format(
            function=node.name, decorator=decorator)) from None
    marker = accepted if mark.func.id == "accepted" else wrong
    parameters = inspect.signature(marker).parameters
    signature = "{}({})".format(decorator, ", ".join(  # @wrong(kata, says, status='failed'): no annotations
        p.name if p.default is p.empty else f"{p.name}={p.default!r}" for p in parameters.values()))
    unknown = sorted(set(kwargs) - set(parameters))
    if unknown:
        raise ValueError(_("{function}: {decorator} has no argument {name}; it takes {signature}").format(
            function=node.name, decorator=decorator, name=unknown[0], signature=signature))
    missing = [name for name, p in list(parameters.items())[len(args):] if p.default is p.empty and name not in kwargs]
    if missing:
        raise ValueError(_("{function}: {decorator} is missing a required argument: {name!r}; it takes {signature}")
                         .format(function=node.name, decorator=decorator, name=missing[0], signature=signature))
    try:
        bound = inspect.signature(marker).bind(*args, **kwargs)
    except TypeError:  # a doubled or extra argument: the signature says which ones it takes
        raise ValueError(_("{function}: the arguments of {decorator} do not fit {signature}").format(
            function=node.name, decorator=decorator, signature=signature)) from None
    bound.apply_defaults()
    values = dict(bound.arguments)
    if not all(isinstance(v, str) for v in values.values()):
        raise ValueError(_("{function}: the arguments of {decorator} must be strings").format(
            function=node.name, decorator=decorator))
    if marker is accepted:
        return "passed", values["kata"], ""
    if values["status"] not in STATUSES:
        raise ValueError(_("{function}: status must be one of {statuses}, not {status!r}").format(
            function=node.name, statuses=", ".join(STATUSES), status=values["status"]))
    if not values["says"].strip():
        raise ValueError(_("{function}: says= must name the mistake; an empty text matches any message").format(
            function=node.name))
    return values["status"], values["kata"], values["says"]
