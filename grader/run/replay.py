"""The failing call of a check as plain data, for `kata try` to replay (grader/student/snippet.py renders it).

Plain data: lists, dicts, str, int, float and bool only, so the record travels in a Verdict
through pytest-json-report, to another process and into any format. Its shape:

    {"module": "s03_creating", "function": "zero_to_ten", "args": [VALUE, ...],
     "kwargs": {"name": VALUE}, "setup": ["fake_accelerators", ...],
     "returned": VALUE (when it returned), "raised": "ValueError: ..." (when it raised)}

A VALUE is {"kind": "code", "code": "3"} (a Python literal: repr of an int, float, str, bool,
None), {"kind": "tensor" | "ndarray", "dtype": "float32", "shape": [2, 3], "values": ["0.5", ...]
(flat, each a repr) or None, "recipe": RECIPE or None, "requires_grad": false}, {"kind": "list" |
"tuple", "items": [VALUE, ...]}, {"kind": "dict", "items": [["key", VALUE], ...]}, or {"kind":
"opaque", "text": "<Linear>"} for what cannot be written as code.

A small tensor is written out value by value. A large one is rebuilt from its RECIPE, {"draw":
"rand" | "randn" | "randint" | "noncontiguous", "seed": S, "shape": [...], "dtype": "float32",
"low": L, "high": H}: the `inputs` fixture (RecordingInputs) draws each tensor from a seed of its
own, so `torch.manual_seed(S)` and the same draw give it back, value for value. A recipe is only
kept when it still gives the tensor the check passed (the check may have changed it since).
"""
from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from grader.checkkit.inputs import Inputs

if TYPE_CHECKING:
    from grader.sandbox.parent import Call

LITERAL_LIMIT = 36  # elements of a tensor written out value by value; larger ones need a recipe
MAX_LITERAL = 4096  # elements written out when a large tensor has no recipe; beyond, it is opaque
MAX_TEXT = 1000  # characters of a str (and, times 3, bits of an int) written out; beyond, described
SEED_RANGE = 2**31 - 1


@dataclass(frozen=True)
class Recipe:
    draw: str  # rand, randn, randint, noncontiguous: the Inputs method that made the tensor
    seed: int
    shape: tuple[int, ...]
    dtype: torch.dtype
    low: int = 0
    high: int = 0

    def make(self) -> torch.Tensor:
        """The tensor, drawn as `torch.manual_seed(seed)` then the draw would draw it."""
        g = torch.Generator().manual_seed(self.seed)
        if self.draw == "rand":
            return torch.rand(self.shape, generator=g, dtype=self.dtype)
        if self.draw == "randn":
            return torch.randn(self.shape, generator=g, dtype=self.dtype)
        if self.draw == "randint":
            return torch.randint(self.low, self.high, self.shape, generator=g, dtype=self.dtype)
        flipped = (*self.shape[:-2], self.shape[-1], self.shape[-2])
        return torch.randn(flipped, generator=g).to(self.dtype).transpose(-1, -2)

    def plain(self) -> dict[str, Any]:
        return {"draw": self.draw, "seed": self.seed, "shape": list(self.shape), "dtype": _dtype(self.dtype),
                "low": self.low, "high": self.high}


class Recipes:
    """Tensor -> the Recipe that made it, by identity (a tensor's == compares values, so it cannot be a
    dict key), without keeping the tensor alive."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[weakref.ref, Recipe]] = {}

    def add(self, tensor: torch.Tensor, recipe: Recipe) -> None:
        self._made[id(tensor)] = (weakref.ref(tensor), recipe)

    def get(self, tensor: torch.Tensor) -> Recipe | None:
        ref, recipe = self._made.get(id(tensor), (None, None))
        return recipe if ref is not None and ref() is tensor else None


class RecordingInputs(Inputs):
    """Inputs whose tensors each come from a seed of their own (drawn from the check's generator),
    remembered, so that a large input can be shown as `torch.manual_seed(S); torch.rand(...)`."""

    def __init__(self, seed: int, kata_id: str) -> None:
        super().__init__(seed, kata_id)
        self.recipes = Recipes()

    def _made(self, draw: str, shape: tuple[int, ...], dtype: torch.dtype, low: int = 0, high: int = 0) -> torch.Tensor:
        seed = int(torch.randint(0, SEED_RANGE, (), generator=self.generator))
        recipe = Recipe(draw, seed, tuple(int(d) for d in shape), dtype, low, high)
        tensor = recipe.make()
        self.recipes.add(tensor, recipe)
        return tensor

    def rand(self, *shape: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        return self._made("rand", shape, dtype)

    def randn(self, *shape: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        return self._made("randn", shape, dtype)

    def randint(self, low: int, high: int, *shape: int, dtype: torch.dtype = torch.int64) -> torch.Tensor:
        return self._made("randint", shape, dtype, low, high)

    def noncontiguous(self, *shape: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        assert len(shape) >= 2, "a non-contiguous tensor needs 2 or more dims"
        return self._made("noncontiguous", shape, dtype)


@dataclass
class Attempt:
    """One call a check made, as it was asked for: the arguments are the check's own objects."""

    module: str
    function: str
    args: tuple
    kwargs: dict
    setup: tuple
    call: Call | None = None  # what came back; None while running or when no answer came


def record(attempt: Attempt, recipes: Recipes | None) -> dict[str, Any]:
    """The attempt as plain data (the module's docstring says its shape)."""
    known = recipes if recipes is not None else Recipes()
    out: dict[str, Any] = {
        "module": attempt.module, "function": attempt.function,
        "args": [describe(a, known) for a in attempt.args],
        "kwargs": {str(k): describe(v, known) for k, v in attempt.kwargs.items()},
        "setup": [str(s[0]) if isinstance(s, tuple) and s else str(s) for s in attempt.setup]}
    if attempt.call is not None:
        if attempt.call.raised is not None:
            out["raised"] = str(attempt.call.raised)
        else:
            out["returned"] = describe(attempt.call.value, Recipes())
    return out


def describe(value: Any, recipes: Recipes, depth: int = 0) -> dict[str, Any]:
    """One value as plain data: code for a literal, values or a recipe for a tensor."""
    # A student's value may be huge: long text and long numbers are described, not written out
    # (repr of an int past 4300 digits even raises).
    if type(value) is str and len(value) > MAX_TEXT:
        return {"kind": "opaque", "text": f"<str of {len(value)} characters>"}
    if type(value) is int and value.bit_length() > 3 * MAX_TEXT:
        return {"kind": "opaque", "text": f"<int of {value.bit_length()} bits>"}
    if value is None or type(value) in (bool, int, str):
        return {"kind": "code", "code": repr(value)}
    if type(value) is float:
        return {"kind": "code", "code": _number(value)}
    if isinstance(value, torch.Tensor):
        return _tensor(value, recipes)
    if type(value).__module__ == "numpy" and hasattr(value, "shape") and hasattr(value, "dtype"):
        return _ndarray(value)
    # Inside a container a tensor is written out (its recipe would need a statement of its own).
    if type(value) in (list, tuple) and depth < 4 and len(value) <= LITERAL_LIMIT:
        return {"kind": type(value).__name__, "items": [describe(v, Recipes(), depth + 1) for v in value]}
    if type(value) is dict and depth < 4 and len(value) <= LITERAL_LIMIT and all(type(k) is str for k in value):
        return {"kind": "dict", "items": [[k, describe(v, Recipes(), depth + 1)] for k, v in value.items()]}
    if isinstance(value, torch.dtype):
        return {"kind": "code", "code": str(value)}
    if isinstance(value, torch.device):
        return {"kind": "code", "code": f"torch.device({str(value)!r})"}
    return {"kind": "opaque", "text": _opaque(value)}


def _tensor(t: torch.Tensor, recipes: Recipes) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": "tensor", "dtype": _dtype(t.dtype), "shape": list(t.shape), "values": None,
                           "recipe": None, "requires_grad": bool(t.requires_grad)}
    if t.device.type != "cpu" or t.is_sparse or t.is_complex() or t.dtype not in _DTYPES:
        return {"kind": "opaque", "text": f"<{_dtype(t.dtype)} tensor {tuple(t.shape)} on {t.device}>"}
    recipe = recipes.get(t) if t.numel() > LITERAL_LIMIT else None
    if recipe is not None and _same(recipe.make(), t):
        out["recipe"] = recipe.plain()
    elif t.numel() <= MAX_LITERAL:
        shortest = _SHORTEST.get(t.dtype)
        out["values"] = [_number(v, shortest) for v in t.detach().reshape(-1).tolist()]
    else:
        return {"kind": "opaque", "text": f"<{_dtype(t.dtype)} tensor {tuple(t.shape)}>"}
    return out


def _ndarray(a: Any) -> dict[str, Any]:
    dtype = str(a.dtype)
    if a.dtype.kind not in "biuf" or a.size > MAX_LITERAL:
        return {"kind": "opaque", "text": f"<{dtype} array {tuple(a.shape)}>"}
    return {"kind": "ndarray", "dtype": dtype, "shape": [int(d) for d in a.shape],
            "values": [_number(v) for v in a.reshape(-1).tolist()], "recipe": None, "requires_grad": False}


def _same(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and a.stride() == b.stride() and torch.equal(a, b.detach())


def _number(v: Any, shortest: Any = None) -> str:
    """A number as the code that gives it back exactly: float('nan') and the infinities; for a
    float32 or float16 element the shortest text that rounds back to it (0.1, not
    0.10000000149011612), checked; else repr."""
    if type(v) is float and not math.isfinite(v):
        return f"float({str(v)!r})"
    if type(v) is float and shortest is not None:
        short = repr(float(str(shortest(v))))
        if shortest(float(short)) == shortest(v):
            return short
    return repr(v)


_SHORTEST = {torch.float32: np.float32, torch.float16: np.float16}  # numpy prints these shortest-unique


_DTYPES = {torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.int8, torch.uint8, torch.int16,
           torch.int32, torch.int64, torch.bool}


def _dtype(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def _opaque(value: Any) -> str:
    if isinstance(value, torch.nn.Module):
        return f"<{type(value).__name__}>"
    text = repr(value) if type(value).__module__ == "builtins" else f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."
