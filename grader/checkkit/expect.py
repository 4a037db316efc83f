"""Comparisons for checks: each looks at a student's answer in a fixed order and fails with a
message a beginner can act on (what was expected, what came back, the likely mistake).

Tensors are compared as: a real torch.Tensor, then shape, dtype, device, values; a check adds
semantics after that (inputs unchanged, memory shared or not). Known wrong answers are given as
`Mistake`s: when the answer matches one, the message names it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, NoReturn

import numpy as np
import torch

from grader.sandbox import wire
from grader.sandbox.parent import Call


class KataFailure(AssertionError):
    """A wrong answer. Its message is shown to the student as it is."""


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: what it looks like, and what to tell the student who gave it.

    Give `value` (the wrong answer itself, compared in full), or `shape`/`dtype` (matched alone),
    or `test` (any predicate on the answer).
    """

    says: str
    value: Any = None
    shape: tuple | None = None
    dtype: torch.dtype | None = None
    test: Callable[[Any], bool] | None = None

    def matches(self, got: Any) -> bool:
        if self.test is not None:
            try:
                return bool(self.test(got))
            except Exception:  # noqa: BLE001 - a predicate that cannot apply does not match
                return False
        if self.value is not None:
            return _same(got, self.value)
        if not isinstance(got, torch.Tensor) or (self.shape is None and self.dtype is None):
            return False
        return ((self.shape is None or tuple(got.shape) == tuple(self.shape))
                and (self.dtype is None or got.dtype == self.dtype))


def fail(message: str) -> NoReturn:
    raise KataFailure(message)


def check(condition: Any, message: str) -> None:
    """Fail with `message` unless `condition` holds."""
    if not condition:
        fail(message)


def named(message: str, got: Any, mistakes: Iterable[Mistake]) -> str:
    """`message`, followed by what the first matching mistake says."""
    for m in mistakes:
        if m.matches(got):
            return f"{message}: {m.says}"
    return message


def describe(value: Any) -> str:
    """A short, beginner-facing description of any decoded value."""
    if value is None:
        return "None"
    if isinstance(value, torch.Tensor):
        on = remote_device(value)
        where = f" on {on}" if on != "cpu" else ""
        return f"{article(dtype_name(value.dtype))} tensor of shape {shape_text(value.shape)}{where}"
    if isinstance(value, np.ndarray):
        return f"a NumPy {value.dtype} array of shape {shape_text(value.shape)}"
    if isinstance(value, wire.Opaque):
        return f"{article(value.type_name.rsplit('.', 1)[-1])} object"
    if isinstance(value, wire.ModuleInfo):
        return f"an nn.{value.type_name} module"
    if isinstance(value, (list, tuple, dict)):
        return f"a {type(value).__name__} {_short(value)}"
    return f"{type(value).__name__} {_short(value)}"


def remote_tensor(value: Any) -> wire.Remote:
    """What the sandbox saw of a tensor decoded from a call: its device, kind and autograd facts."""
    r = wire.remote(value)
    if not isinstance(r, wire.Remote):
        raise TypeError(f"expected a tensor decoded from a call, got {type(value).__name__}")
    return r


def remote_device(value: Any) -> str:
    """The device a decoded tensor was on in the sandbox ("cpu", "cuda:0", "meta")."""
    r = wire.remote(value)
    return r.device if isinstance(r, wire.Remote) else "cpu"


def dtype_name(dtype: torch.dtype) -> str:
    """A dtype as students write it after `torch.`: "float32", "int64"."""
    return str(dtype).removeprefix("torch.")


def shape_text(shape: Iterable[int]) -> str:
    dims = tuple(int(d) for d in shape)
    return f"({dims[0]},)" if len(dims) == 1 else str(dims)


def tensor(got: Any, expected: torch.Tensor | None = None, *, shape: tuple | None = None,
           dtype: torch.dtype | None = None, device: str | None = "cpu", what: str = "",
           mistakes: Iterable[Mistake] = (), rtol: float = 1.3e-6, atol: float = 1e-5) -> torch.Tensor:
    """Check a tensor answer: type, shape, dtype, device, then values when `expected` is given.

    `shape` and `dtype` default to those of `expected`; `device` may be None to skip it.
    """
    mistakes = tuple(mistakes)
    is_tensor(got, what, mistakes)
    if expected is not None:
        shape = expected.shape if shape is None else shape
        dtype = expected.dtype if dtype is None else dtype
    if shape is not None and tuple(got.shape) != tuple(shape):
        fail(named(f"{_lead(what)}expected shape {shape_text(shape)}, got {shape_text(got.shape)}", got, mistakes))
    if dtype is not None and got.dtype != dtype:
        fail(named(f"{_lead(what)}expected dtype {dtype_name(dtype)}, got {dtype_name(got.dtype)}", got, mistakes))
    on = remote_tensor(got).device
    if device is not None and torch.device(on) != torch.device(device) and on.split(":")[0] != device:
        fail(named(f"{_lead(what)}expected it on device {device}, got it on {on}", got, mistakes))
    if expected is not None:
        values(got, expected, what=what, mistakes=mistakes, rtol=rtol, atol=atol)
    return got


def is_tensor(got: Any, what: str = "", mistakes: Iterable[Mistake] = ()) -> None:
    """Fail unless `got` is a real torch.Tensor (not a list, an array or a look-alike)."""
    if isinstance(got, torch.Tensor):
        kind = remote_tensor(got).kind
        check(kind == "Tensor", f"{_lead(what)}expected a plain torch.Tensor, got a {kind}")
        return
    hint = ""
    if got is None:
        hint = ": did you forget to `return` it?"
    elif isinstance(got, np.ndarray):
        hint = ": turn it into a tensor with torch.from_numpy or torch.tensor"
    elif isinstance(got, (list, tuple)):
        hint = ": wrap the values with torch.tensor(...)"
    elif isinstance(got, (int, float, bool)):
        hint = ": make a tensor with torch.tensor(...)"
    elif isinstance(got, wire.Opaque) and got.looks_like_tensor:
        hint = ": it looks like a tensor but is not one"
    fail(named(f"{_lead(what)}expected a torch.Tensor, got {describe(got)}{hint}", got, mistakes))


def values(got: torch.Tensor, expected: torch.Tensor, *, what: str = "",
           mistakes: Iterable[Mistake] = (), rtol: float = 1.3e-6, atol: float = 1e-5) -> None:
    """Compare values of two tensors already known to have one shape."""
    if got.device.type == "meta":
        return
    if _close(got, expected, rtol, atol):
        return
    where = _first_difference(got, expected, rtol, atol)
    fail(named(f"{_lead(what)}wrong values{where}", got, mistakes))


def uniform01(got: torch.Tensor, *, what: str = "", mistakes: Iterable[Mistake] = ()) -> None:
    """Fail unless the values look like draws of torch.rand: in [0, 1), spread out, not constant."""
    mistakes = tuple(mistakes)
    v = got.to(torch.float64).flatten()
    if v.numel() == 0:
        return
    if v.min() < 0 or v.max() >= 1:
        fail(named(f"{_lead(what)}values should be in [0, 1), got values from {v.min().item():.3g} to {v.max().item():.3g}"
                   " (torch.randn draws normal values, negatives included; torch.rand draws from [0, 1))",
                   got, mistakes))
    if v.numel() >= 200:  # below that, a fair draw leaves these bounds too often (over 1 in 10^4)
        mean, std = v.mean().item(), v.std().item()
        check(0.3 < mean < 0.7 and 0.2 < std < 0.38,
              named(f"{_lead(what)}values do not look uniform on [0, 1) (mean {mean:.3f}, std {std:.3f}; "
                    "torch.rand gives mean near 0.5 and std near 0.29)", got, mistakes))
    check(v.numel() < 2 or v.unique().numel() > 1,
          named(f"{_lead(what)}every value is {v[0].item():.4g}; expected random values", got, mistakes))


def number(got: Any, expected: float | int, *, what: str = "", python_only: bool = False,
           mistakes: Iterable[Mistake] = (), rtol: float = 1e-6, atol: float = 1e-6) -> float | int:
    """Check a number: a Python int or float, a NumPy scalar, or (unless python_only) a 0-dim tensor."""
    mistakes = tuple(mistakes)
    value = as_number(got, python_only)
    if value is None:
        kinds = "a Python number" if python_only else "a number (or a 0-dim tensor)"
        hint = ": use .item() to take the number out of the tensor" if isinstance(got, torch.Tensor) else ""
        fail(named(f"{_lead(what)}expected {kinds}, got {describe(got)}{hint}", got, mistakes))
    if isinstance(expected, bool) or isinstance(value, bool):
        ok = value == expected and type(value) is type(expected)
    elif isinstance(expected, int) and isinstance(value, int):
        ok = value == expected
    else:
        ok = abs(float(value) - float(expected)) <= atol + rtol * abs(float(expected))
    if not ok:
        fail(named(f"{_lead(what)}expected {expected!r}, got {value!r}", got, mistakes))
    return value


def as_number(got: Any, python_only: bool = False) -> float | int | bool | None:
    """The Python number inside `got`, or None when `got` is not a number in an accepted form."""
    if type(got) in (int, float, bool):
        return got
    if python_only:
        return None
    if isinstance(got, np.generic) and got.dtype.kind in "biuf":
        return got.item()
    if isinstance(got, torch.Tensor) and got.dim() == 0 and got.device.type != "meta":
        return got.item()
    return None


def boolean(got: Any, expected: bool, *, what: str = "", mistakes: Iterable[Mistake] = ()) -> None:
    """Check a True/False answer (a Python bool, or a 0-dim bool tensor)."""
    value = got
    if isinstance(got, torch.Tensor) and got.dim() == 0 and got.dtype == torch.bool:
        value = bool(got.item())
    if isinstance(got, np.bool_):
        value = bool(got)
    if type(value) is not bool:
        fail(named(f"{_lead(what)}expected True or False, got {describe(got)}", got, mistakes))
    if value != expected:
        fail(named(f"{_lead(what)}expected {expected}, got {value}", got, mistakes))


def dict_with_keys(got: Any, keys: Iterable[str], *, what: str = "") -> dict:
    """Fail unless `got` is a dict holding every one of `keys` (more keys are fine)."""
    keys = tuple(keys)
    wanted = ", ".join(f'"{k}"' for k in keys)
    check(isinstance(got, dict), f"{_lead(what)}expected a dict with the keys {wanted}, got {describe(got)}")
    missing = [k for k in keys if k not in got]
    check(not missing, f"{_lead(what)}the dict has no key " + ", ".join(f'"{k}"' for k in missing)
          + f" (it has {', '.join(repr(k) for k in got) or 'none'}); expected the keys {wanted}")
    return got


def article(word: str) -> str:
    """`word` with its indefinite article: "an int64", "a float32", "a uint8"."""
    return f"an {word}" if word[:1].lower() in "aeio" else f"a {word}"  # "a uint8": a consonant sound


def equal(got: Any, expected: Any, *, what: str = "", mistakes: Iterable[Mistake] = ()) -> None:
    """Check a plain Python value (str, tuple, ...) for equality, type included."""
    if type(got) is not type(expected) or got != expected:
        fail(named(f"{_lead(what)}expected {expected!r}, got {describe(got)}", got, mistakes))


def unchanged(call: Call, index: int, original: torch.Tensor, name: str = "the input") -> None:
    """Fail when the student's function changed argument `index` in place."""
    after = call.args[index]
    if isinstance(original, torch.Tensor) and isinstance(after, torch.Tensor):
        same = after.shape == original.shape and after.dtype == original.dtype and _close(after, original, 0, 0)
    elif isinstance(original, np.ndarray):
        same = np.array_equal(np.asarray(after), original)
    else:
        same = after == original
    check(same, f"{name} was changed: this kata must leave its input as it was "
                "(an in-place method such as add_() or +=, or editing a view of it?)")


def shares(got: Any, other: Any) -> bool:
    """Whether two values decoded from one call shared memory in the child."""
    a, b = wire.remote(got), wire.remote(other)
    return a is not None and b is not None and a.shares_memory_with(b)


def shares_memory(got: Any, other: Any, *, what: str = "the result", name: str = "the input") -> None:
    """Fail unless `got` shares memory with `other` (both decoded from the same call)."""
    check(shares(got, other),
          f"{what} does not share memory with {name}: it is a copy, so changing one will not change the other")


def no_shared_memory(got: Any, other: Any, *, what: str = "the result", name: str = "the input") -> None:
    """Fail when `got` shares memory with `other`."""
    check(not shares(got, other), f"{what} shares memory with {name}: changing one changes the other; make a copy")


def maybe(compute: Callable[[], Any]) -> Any:
    """The value of `compute()`, or None where that wrong answer cannot be computed (it would raise):
    for a `Mistake(value=...)` that only some inputs allow."""
    try:
        return compute()
    except RuntimeError:
        return None


def array(got: Any, expected: np.ndarray, *, what: str = "", mistakes: Iterable[Mistake] = (),
          rtol: float = 0.0, atol: float = 0.0) -> None:
    """Check a NumPy answer: type, shape, dtype, then values (exactly, unless given tolerances)."""
    mistakes = tuple(mistakes)
    if not isinstance(got, np.ndarray):
        hint = ""
        if got is None:
            hint = ": did you forget to `return` it?"
        elif isinstance(got, torch.Tensor):
            hint = (": that is still a tensor; .numpy() turns a CPU tensor into an array "
                    "(bring a GPU tensor to the CPU with .cpu() first)")
        elif isinstance(got, list):
            hint = ": tolist() gives Python lists; .numpy() gives an array"
        fail(named(f"{_lead(what)}expected a NumPy array, got {describe(got)}{hint}", got, mistakes))
    if got.shape != expected.shape:
        fail(named(f"{_lead(what)}expected shape {shape_text(expected.shape)}, got {shape_text(got.shape)}",
                   got, mistakes))
    if got.dtype != expected.dtype:
        fail(named(f"{_lead(what)}expected dtype {expected.dtype}, got {got.dtype}", got, mistakes))
    plain = np.asarray(got)
    nan = expected.dtype.kind in "fc"
    close = np.isclose(plain, expected, rtol=rtol, atol=atol, equal_nan=nan) if nan else plain == expected
    if not np.all(close):
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        at = index[0] if len(index) == 1 else index
        fail(named(f"{_lead(what)}wrong values (at index {at} expected {expected[index].item():.5g}, "
                   f"got {plain[index].item():.5g})", got, mistakes))


def raises(call: Call, exception: str, *, what: str = "", mentions: Iterable[str] = ()) -> None:
    """Fail unless `call` raised `exception` (by name) with a message containing each of `mentions`."""
    if call.raised is None:
        fail(f"{_lead(what)}expected it to raise {exception}, but it returned {describe(call.value)}")
    check(call.raised.type == exception, f"{_lead(what)}expected {exception}, got {call.raised}")
    for text in mentions:
        check(text in call.raised.message,
              f"{_lead(what)}the {exception} message should mention {text}; it says {call.raised.message!r}")


# ----- helpers -----------------------------------------------------------------------------------

def _lead(what: str) -> str:
    return f"{what}: " if what else ""


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _close(got: torch.Tensor, expected: torch.Tensor, rtol: float, atol: float) -> bool:
    if got.shape != expected.shape:
        return False
    if got.dtype.is_floating_point or got.dtype.is_complex or expected.dtype.is_floating_point:
        return torch.allclose(got.to(torch.complex128 if got.dtype.is_complex else torch.float64),
                              expected.to(torch.complex128 if got.dtype.is_complex else torch.float64),
                              rtol=rtol, atol=atol, equal_nan=True)
    return torch.equal(got.to(torch.int64), expected.to(torch.int64))


def _same(got: Any, expected: Any) -> bool:
    if isinstance(expected, torch.Tensor):
        return isinstance(got, torch.Tensor) and got.dtype == expected.dtype and _close(got, expected, 1e-5, 1e-6)
    if isinstance(expected, (tuple, list)) and isinstance(got, (tuple, list)):
        return len(got) == len(expected) and all(_same(g, e) for g, e in zip(got, expected))
    return type(got) is type(expected) and got == expected


def _first_difference(got: torch.Tensor, expected: torch.Tensor, rtol: float, atol: float) -> str:
    g, e = got.to(torch.float64), expected.to(torch.float64)
    if got.dtype.is_complex:
        return ""
    bad = ~torch.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
    if got.dim() == 0:
        return f": expected {e.item():.5g}, got {g.item():.5g}"
    index = tuple(int(i) for i in bad.nonzero()[0])
    at = index[0] if len(index) == 1 else index
    return f" (at index {at} expected {e[index].item():.5g}, got {g[index].item():.5g})"
