"""`kata try`: the call of a kata that failed, as Python the student can paste and run themselves.

Rendered from the Verdict's plain record of the call (run/replay.py says its shape): small tensors
as literals, large ones as `torch.manual_seed(S)` and the draw that made them; then the call, what
it returned or raised, and what the grader said. The reference answer is never shown: the student
sees their inputs and what came back, as the hint ladder would have it.
"""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from grader.i18n import N_, _
from grader.results import KataResult, Status

LITERAL_SHOWN = 36  # elements of a returned tensor written out in the comment; larger ones by shape

PASSES = N_("{kata} passes: there is no failing call to show.")
NOT_STARTED = N_("{kata} is not started yet: {message}")
NO_CALL = N_("{kata}: {message}")
NO_CALL_NOTE = N_("This failure is not about one call of {function}(), so there is nothing to paste and run.")
HEAD = N_("{kata}: the call that failed. Paste it into Python started in {folder}:")
RETURNED = N_("It returned: {value}")
RAISED = N_("It raised: {error}")
SAID = N_("The grader said: {message}")
SETUP = N_("The grader also changed this call's surroundings ({setup}), so your own Python may answer differently.")
TENSOR_SHAPE = N_("a {dtype} tensor of shape {shape}")
ARRAY_SHAPE = N_("a NumPy array ({dtype}) of shape {shape}")


def screen(kata: KataResult, folder: Path) -> str:
    """What `kata try` prints for one graded kata."""
    verdict = kata.verdict
    if kata.status is Status.PASSED:
        return _(PASSES).format(kata=kata.id) + "\n"
    if kata.not_started:
        return _(NOT_STARTED).format(kata=kata.id, message=kata.message) + "\n"
    if verdict.call is None:
        text = _(NO_CALL).format(kata=kata.id, message=verdict.located)
        return text + "\n" + _(NO_CALL_NOTE).format(function=kata.name) + "\n"
    return _(HEAD).format(kata=kata.id, folder=folder) + "\n\n" + code(verdict.call, verdict.located,
                                                                        parameters(folder, verdict.call))


def code(call: dict[str, Any], message: str, names: list[str] | None = None) -> str:
    """The snippet: imports, the inputs, the call and its result, then the grader's message as comments."""
    function, module = call["function"], call["module"]
    args, kwargs = call.get("args", []), call.get("kwargs", {})
    names = names if names is not None and len(names) >= len(args) else [f"arg{i + 1}" for i in range(len(args))]
    lines = ["import torch"]
    values = list(args) + list(kwargs.values())
    if any(_uses(v, "ndarray") for v in values):
        lines.append("import numpy as np")
    lines.append(f"from {module} import {function}")
    lines.append("")
    shown = []
    taken = {function, "torch", "np", "result"}
    for name, value in [*zip(names, args), *kwargs.items()]:
        if value.get("kind") == "code":
            shown.append(value["code"])
            continue
        variable = name if name.isidentifier() and name not in taken else f"{name}_"
        taken.add(variable)
        lines += _assign(variable, value)
        shown.append(variable)
    given = shown[:len(args)] + [f"{k}={v}" for k, v in zip(kwargs, shown[len(args):])]
    lines.append(f"result = {function}({', '.join(given)})")
    lines.append("print(result)")
    notes = []
    if call.get("setup"):
        notes.append(_(SETUP).format(setup=", ".join(call["setup"])))
    if "raised" in call:
        notes.append(_(RAISED).format(error=call["raised"]))
    elif "returned" in call:
        notes.append(_(RETURNED).format(value=shown_value(call["returned"])))
    notes.append(_(SAID).format(message=message))
    lines += ["# " + line for note in notes for line in note.splitlines()]
    return "\n".join(lines) + "\n"


def value_code(value: dict[str, Any]) -> str:
    """The Python expression that makes `value` (a recipe's draw follows its torch.manual_seed)."""
    kind = value.get("kind")
    if kind == "code":
        return str(value["code"])
    if kind in ("list", "tuple"):
        items = [value_code(v) for v in value["items"]]
        if kind == "tuple":
            return f"({', '.join(items)}{',' if len(items) == 1 else ''})"
        return f"[{', '.join(items)}]"
    if kind == "dict":
        return "{" + ", ".join(f"{k!r}: {value_code(v)}" for k, v in value["items"]) + "}"
    if kind == "tensor":
        return _tensor_code(value)
    if kind == "ndarray":
        shape = tuple(value["shape"])
        return f"np.array({_nested(value['values'], shape)}, dtype=np.{value['dtype']})" if _count(shape) else \
            f"np.empty({shape}, dtype=np.{value['dtype']})"
    return f"None  # {value.get('text', '?')}: the grader cannot write this value as code"


def shown_value(value: dict[str, Any]) -> str:
    """A returned value for a comment: code when short, else its kind and shape."""
    kind = value.get("kind")
    if kind in ("tensor", "ndarray") and (value.get("values") is None or len(value["values"]) > LITERAL_SHOWN):
        shape = tuple(value["shape"])
        described = TENSOR_SHAPE if kind == "tensor" else ARRAY_SHAPE  # outside _(): pybabel would take "tensor"
        return _(described).format(dtype=value["dtype"], shape=shape)
    if kind == "opaque":
        return str(value.get("text", "?"))
    return value_code(value)


def parameters(folder: Path, call: dict[str, Any]) -> list[str] | None:
    """The names of the function's parameters in the student's file (they name the snippet's
    variables), or None when it cannot be read; the file is parsed, never run."""
    try:
        tree = ast.parse((Path(folder) / f"{call['module']}.py").read_text(encoding="utf-8"))
    except (OSError, ValueError, SyntaxError, RecursionError, MemoryError):
        return None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == call["function"]:
            return [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    return None


def _assign(variable: str, value: dict[str, Any]) -> list[str]:
    recipe = value.get("recipe") if value.get("kind") == "tensor" else None
    lines = [f"torch.manual_seed({recipe['seed']})"] if recipe else []
    return lines + [f"{variable} = {value_code(value)}"]


def _tensor_code(value: dict[str, Any]) -> str:
    dtype, shape, recipe = value["dtype"], tuple(value["shape"]), value.get("recipe")
    grad = ".requires_grad_()" if value.get("requires_grad") else ""
    if recipe:
        dims = ", ".join(str(d) for d in shape)
        if recipe["draw"] == "randint":
            typed = "" if dtype == "int64" else f", dtype=torch.{dtype}"
            return f"torch.randint({recipe['low']}, {recipe['high']}, {shape}{typed}){grad}"
        typed = "" if dtype == "float32" else f", dtype=torch.{dtype}"
        if recipe["draw"] == "noncontiguous":
            flipped = ", ".join(str(d) for d in (*shape[:-2], shape[-1], shape[-2]))
            cast = "" if dtype == "float32" else f".to(torch.{dtype})"
            return f"torch.randn({flipped}){cast}.transpose(-1, -2){grad}"
        return f"torch.{recipe['draw']}({dims}{typed}){grad}"
    if value.get("values") is None or not _count(shape):
        return f"torch.empty({shape}, dtype=torch.{dtype}){grad}"
    return f"torch.tensor({_nested(value['values'], shape)}, dtype=torch.{dtype}){grad}"


def _nested(flat: list[str], shape: tuple[int, ...]) -> str:
    """Flat values (each the code of a number) as the nested list of `shape`, as code."""
    if not shape:
        return flat[0]
    step = _count(shape[1:])
    return "[" + ", ".join(_nested(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])) + "]"


def _count(shape: tuple[int, ...]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _uses(value: dict[str, Any], kind: str) -> bool:
    if value.get("kind") == kind:
        return True
    items = value.get("items", [])
    return any(_uses(v[1] if value.get("kind") == "dict" else v, kind) for v in items)
