"""Packing variants into few grading runs: one round grades at most one variant of each kata.

A round is a folder of section modules, each a copy of the reference solutions with that round's
variants appended (a later `def` replaces the solution's function of the same name). Checks draw
their inputs from the seed and the kata alone, and every call runs in its own child, so a kata
graded in a round gets exactly what it would get graded alone. The one way a variant could reach
another kata is by name: a variant that calls another kata's function, or whose kata a solution
calls, is graded alone with its whole section, as the section's other katas must still pass.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from grader.authoring.variants import Variant

# Variant bodies use these freely; solutions need not import them.
PRELUDE = "\n\n# ----- variants under test -----\nimport random\nimport numpy as np\nimport torch\n\n"


@dataclass(frozen=True)
class Round:
    """Variants graded in one run. `alone`: a single variant graded with its whole section."""

    variants: tuple[Variant, ...]
    alone: bool = False

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.section for v in self.variants))

    @property
    def katas(self) -> tuple[str, ...]:
        return tuple(v.kata_id for v in self.variants)


def plan(variants: Iterable[Variant], entangled: frozenset[str] = frozenset()) -> tuple[Round, ...]:
    """Rounds for `variants`: the i-th variant of every kata together; those in `entangled` (labels) alone."""
    queues: dict[str, list[Variant]] = {}
    alone: list[Round] = []
    for v in variants:
        if v.label in entangled:
            alone.append(Round((v,), alone=True))
        else:
            queues.setdefault(v.kata_id, []).append(v)
    depth = max((len(q) for q in queues.values()), default=0)
    shared = [Round(tuple(q[i] for q in queues.values() if i < len(q))) for i in range(depth)]
    return (*shared, *alone)


def entangled(variants: Iterable[Variant], kata_names: dict[str, frozenset[str]],
              solutions: Path) -> frozenset[str]:
    """Labels of the variants that name another kata of their section, or whose kata a solution calls.

    `kata_names` maps each section to its katas' function names.
    """
    called: dict[str, set[str]] = {}  # section -> kata names some other solution function uses
    out = set()
    for v in variants:
        names = kata_names.get(v.section, frozenset())
        if v.section not in called:
            called[v.section] = _called_by_solutions(solutions / f"{v.section}.py", names)
        if (v.names & names) - {v.kata} or v.kata in called[v.section]:
            out.add(v.label)
    return frozenset(out)


def _called_by_solutions(path: Path, names: frozenset[str]) -> set[str]:
    if not path.is_file():
        return set()
    used: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef):
            used |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id != node.name}
    return used & names


def write(round_: Round, solutions: Path, folder: Path) -> Path:
    """Write the round's section modules into `folder` (created) and return it."""
    folder.mkdir(parents=True)
    for section in round_.sections:
        appended = "\n\n".join(v.source for v in round_.variants if v.section == section)
        base = (solutions / f"{section}.py").read_text(encoding="utf-8")
        (folder / f"{section}.py").write_text(base + PRELUDE + appended, encoding="utf-8")
    return folder
