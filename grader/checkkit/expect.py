"""Comparisons for checks: each looks at a student's answer in a fixed order and fails with a
message a beginner can act on (what was expected, what came back, the likely mistake).

Tensors are compared as: a real torch.Tensor, then shape, dtype, device, values; a check adds
semantics after that (inputs unchanged, memory shared or not). Known wrong answers are given as
`Mistake`s: when the answer matches one, the message names it.

Every message says what is wrong, never how to write the answer (that is `kata hint`'s job), and
goes through `_()` (grader/i18n.py) as one format string with named placeholders, so a check's
message is in the student's language. Callers pass `what`, `name` and `Mistake.says` already
translated; `_lead(what)` and `named` join such clauses with ": ", which reads the same in Korean.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, NoReturn

import numpy as np
import torch

from grader.i18n import N_, _
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
    """A short, beginner-facing description of any decoded value, in the student's language."""
    if value is None:
        return "None"
    if isinstance(value, torch.Tensor):
        return tensor_kind(value.dtype, shape=value.shape, device=remote_device(value))
    if isinstance(value, np.ndarray):
        return _("a NumPy {dtype} array of shape {shape}").format(dtype=value.dtype, shape=shape_text(value.shape))
    if isinstance(value, wire.Opaque):
        name = value.type_name.rsplit(".", 1)[-1]
        return (_("an {type} object") if _vowel(name) else _("a {type} object")).format(type=name)
    if isinstance(value, wire.ModuleInfo):
        return _("an nn.{type} module").format(type=value.type_name)
    if isinstance(value, torch.device):
        return f"torch.device({str(value)!r})"  # its repr, device(type='cuda'), reads as garbled prose
    if isinstance(value, torch.dtype):
        return str(value)  # torch.float32, as it is written
    if isinstance(value, (torch.Size, np.generic)):
        return _short(value)  # torch.Size([2, 3]), np.int64(7): their reprs name their type
    if isinstance(value, (list, tuple, dict)):
        return _("a {type} {value}").format(type=type(value).__name__, value=_short(value))
    return f"{type(value).__name__} {_short(value)}"


def tensor_kind(dtype: torch.dtype, shape: Iterable[int] | None = None, device: str = "cpu") -> str:
    """"an int64 tensor", "a float32 tensor of shape (2, 3) on cuda:0": a tensor named by its dtype
    (and shape, and a device other than the CPU), with the right article, in the student's language."""
    name = dtype_name(dtype)
    an = _vowel(name)
    if shape is None:
        return (_("an {dtype} tensor") if an else _("a {dtype} tensor")).format(dtype=name)
    fields = {"dtype": name, "shape": shape_text(shape), "device": device}
    if device == "cpu":
        return (_("an {dtype} tensor of shape {shape}") if an
                else _("a {dtype} tensor of shape {shape}")).format(**fields)
    return (_("an {dtype} tensor of shape {shape} on {device}") if an
            else _("a {dtype} tensor of shape {shape} on {device}")).format(**fields)


def remote_tensor(value: Any) -> wire.Remote:
    """What the sandbox saw of a tensor decoded from a call: its device, kind and autograd facts."""
    r = wire.remote(value)
    if not isinstance(r, wire.Remote):
        raise TypeError(f"expected a tensor decoded from a call, got {type(value).__name__}")  # a check's bug
    return r


def device_text(device: Any) -> str:
    """A device for a message: "meta" explained, since the chapter never shows it."""
    name = torch.device(device).type
    if name == "meta":
        return _('the "meta" device (a device every PyTorch has, which the grader uses when there is no GPU: '
                 'a tensor there has a shape and a dtype but no values)')
    return _("device {device}").format(device=name)


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
        fail(named(_lead(what) + _("expected shape {expected}, got {got}").format(
            expected=shape_text(shape), got=shape_text(got.shape)), got, mistakes))
    if dtype is not None and got.dtype != dtype:
        fail(named(_lead(what) + _("expected dtype {expected}, got {got}").format(
            expected=dtype_name(dtype), got=dtype_name(got.dtype)), got, mistakes))
    on = remote_tensor(got).device
    if device is not None and torch.device(on) != torch.device(device) and on.split(":")[0] != device:
        fail(named(_lead(what) + _("expected it on device {expected}, got it on {got}").format(
            expected=device, got=on), got, mistakes))
    if expected is not None:
        values(got, expected, what=what, mistakes=mistakes, rtol=rtol, atol=atol)
    return got


def is_tensor(got: Any, what: str = "", mistakes: Iterable[Mistake] = ()) -> None:
    """Fail unless `got` is a real torch.Tensor (not a list, an array or a look-alike)."""
    if isinstance(got, torch.Tensor):
        kind = remote_tensor(got).kind
        check(kind == "Tensor", _lead(what) + _("expected a plain torch.Tensor, got a {kind}").format(kind=kind))
        return
    if got is None:
        message = _("expected a torch.Tensor, got None: did you forget to `return` it?")
    elif isinstance(got, (list, tuple)):
        message = _("expected a torch.Tensor, got {got}: a Python {type} of values is not a tensor")
    elif isinstance(got, (int, float, bool)):
        message = _("expected a torch.Tensor, got {got}: a Python number is not a tensor")
    elif isinstance(got, wire.Opaque) and got.looks_like_tensor:
        message = _("expected a torch.Tensor, got {got}: it looks like a tensor but is not one")
    else:
        message = _("expected a torch.Tensor, got {got}")
    fail(named(_lead(what) + message.format(got=describe(got), type=type(got).__name__), got, mistakes))


def values(got: torch.Tensor, expected: torch.Tensor, *, what: str = "",
           mistakes: Iterable[Mistake] = (), rtol: float = 1.3e-6, atol: float = 1e-5) -> None:
    """Compare values of two tensors already known to have one shape."""
    if got.device.type == "meta":
        return
    if _close(got, expected, rtol, atol):
        return
    fail(named(_lead(what) + _first_difference(got, expected, rtol, atol), got, mistakes))


def uniform01(got: torch.Tensor, *, what: str = "", mistakes: Iterable[Mistake] = ()) -> None:
    """Fail unless the values look like draws of torch.rand: in [0, 1), spread out, not constant."""
    mistakes = tuple(mistakes)
    v = got.to(torch.float64).flatten()
    if v.numel() == 0:
        return
    if v.min() < 0 or v.max() >= 1:
        message = (_("values should be in [0, 1), got values from {low} to {high}: negative values come from a "
                     "normal distribution (the bell curve of torch.randn), not from a uniform one on [0, 1)")
                   if v.min() < 0 else _("values should be in [0, 1), got values from {low} to {high}"))
        fail(named(_lead(what) + message.format(low=f"{v.min().item():.3g}", high=f"{v.max().item():.3g}"),
                   got, mistakes))
    if v.numel() >= 200:  # below that, a fair draw leaves these bounds too often (over 1 in 10^4)
        mean, std = v.mean().item(), v.std().item()
        check(0.3 < mean < 0.7 and 0.2 < std < 0.38, named(_lead(what) + _(
            "values do not look uniform on [0, 1): their mean is {mean} and their std {std}, where uniform "
            "values on [0, 1) have a mean near 0.5 and a std near 0.29").format(mean=f"{mean:.3f}", std=f"{std:.3f}"),
            got, mistakes))
    check(v.numel() < 2 or v.unique().numel() > 1, named(_lead(what) + _(
        "every value is {value}; expected random values").format(value=f"{v[0].item():.4g}"), got, mistakes))


def number(got: Any, expected: float | int, *, what: str = "", python_only: bool = False,
           mistakes: Iterable[Mistake] = (), rtol: float = 1e-6, atol: float = 1e-6) -> float | int:
    """Check a number: a Python int or float, a NumPy scalar, or (unless python_only) a 0-dim tensor."""
    mistakes = tuple(mistakes)
    value = as_number(got, python_only)
    if value is None:
        if isinstance(got, torch.Tensor) and python_only:
            message = _("expected a Python number, got {got}: a tensor that holds a number is not the number itself")
        elif python_only:
            message = _("expected a Python number, got {got}")
        elif isinstance(got, torch.Tensor):
            message = _("expected a number (or a 0-dim tensor), got {got}: a tensor with dims holds "
                        "numbers, it is not one")
        else:
            message = _("expected a number (or a 0-dim tensor), got {got}")
        fail(named(_lead(what) + message.format(got=describe(got)), got, mistakes))
    if isinstance(expected, bool) or isinstance(value, bool):
        ok = value == expected and type(value) is type(expected)
    elif isinstance(expected, int) and isinstance(value, int):
        ok = value == expected
    else:
        ok = abs(float(value) - float(expected)) <= atol + rtol * abs(float(expected))
    if not ok:
        fail(named(_lead(what) + _("expected {expected}, got {got}").format(expected=repr(expected), got=repr(value)),
                   got, mistakes))
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
        fail(named(_lead(what) + _("expected True or False, got {got}").format(got=describe(got)), got, mistakes))
    if value != expected:
        fail(named(_lead(what) + _("expected {expected}, got {got}").format(expected=expected, got=value),
                   got, mistakes))


def dict_with_keys(got: Any, keys: Iterable[str], *, what: str = "") -> dict:
    """Fail unless `got` is a dict holding every one of `keys` (more keys are fine)."""
    keys = tuple(keys)
    wanted = ", ".join(f'"{k}"' for k in keys)
    check(isinstance(got, dict), _lead(what) + _("expected a dict with the keys {keys}, got {got}").format(
        keys=wanted, got=describe(got)))
    missing = ", ".join(f'"{k}"' for k in keys if k not in got)
    if missing:
        message = (_("the dict has no key {missing} (it has {present}); expected the keys {keys}") if got
                   else _("the dict has no key {missing} (it is empty); expected the keys {keys}"))
        fail(_lead(what) + message.format(missing=missing, present=", ".join(repr(k) for k in got), keys=wanted))
    return got


def equal(got: Any, expected: Any, *, what: str = "", mistakes: Iterable[Mistake] = ()) -> None:
    """Check a plain Python value (str, tuple, ...) for equality, type included."""
    if type(got) is not type(expected) or got != expected:
        fail(named(_lead(what) + _("expected {expected}, got {got}").format(expected=repr(expected), got=describe(got)),
                   got, mistakes))


def unchanged(call: Call, index: int, original: torch.Tensor, name: str | None = None) -> None:
    """Fail when the student's function changed argument `index` (`name`, translated; default "the
    input") in place."""
    after = call.args[index]
    if isinstance(original, torch.Tensor) and isinstance(after, torch.Tensor):
        same = after.shape == original.shape and after.dtype == original.dtype and _close(after, original, 0, 0)
    elif isinstance(original, np.ndarray):
        same = np.array_equal(np.asarray(after), original)
    else:
        same = after == original
    check(same, _("{name} was changed: this kata must leave its input as it was (an in-place method "
                  "such as add_() or +=, or editing a view of it?)").format(name=name or _("the input")))


def shares(got: Any, other: Any) -> bool:
    """Whether two values decoded from one call shared memory in the child."""
    a, b = wire.remote(got), wire.remote(other)
    return a is not None and b is not None and a.shares_memory_with(b)


def shares_memory(got: Any, other: Any, *, what: str | None = None, name: str | None = None) -> None:
    """Fail unless `got` shares memory with `other` (both decoded from the same call). `what` and
    `name` (translated) default to "the result" and "the input"."""
    check(shares(got, other), _(
        "{what} does not share memory with {name}: it is a copy, so changing one will not change the other").format(
        what=what or _("the result"), name=name or _("the input")))


def no_shared_memory(got: Any, other: Any, *, what: str | None = None, name: str | None = None) -> None:
    """Fail when `got` shares memory with `other`. `what` and `name` as for shares_memory."""
    check(not shares(got, other), _("{what} shares memory with {name}: changing one changes the other").format(
        what=what or _("the result"), name=name or _("the input")))


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
        if got is None:
            message = _("expected a NumPy array, got None: did you forget to `return` it?")
        elif isinstance(got, torch.Tensor):
            message = _("expected a NumPy array, got {got}: that is still a tensor, not an array")
        elif isinstance(got, list):
            message = _("expected a NumPy array, got {got}: tolist() gives Python lists, not an array")
        else:
            message = _("expected a NumPy array, got {got}")
        fail(named(_lead(what) + message.format(got=describe(got)), got, mistakes))
    if got.shape != expected.shape:
        fail(named(_lead(what) + _("expected shape {expected}, got {got}").format(
            expected=shape_text(expected.shape), got=shape_text(got.shape)), got, mistakes))
    if got.dtype != expected.dtype:
        fail(named(_lead(what) + _("expected dtype {expected}, got {got}").format(
            expected=expected.dtype, got=got.dtype), got, mistakes))
    plain = np.asarray(got)
    nan = expected.dtype.kind in "fc"
    close = np.isclose(plain, expected, rtol=rtol, atol=atol, equal_nan=nan) if nan else plain == expected
    if not np.all(close):
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        fail(named(_lead(what) + _(_WRONG_AT).format(index=_index_text(index), expected=f"{expected[index].item():.5g}",
                                                   got=f"{plain[index].item():.5g}"), got, mistakes))


def raises(call: Call, exception: str, *, what: str = "", mentions: Iterable[str] = ()) -> None:
    """Fail unless `call` raised `exception` (by name) with a message containing each of `mentions`."""
    if call.raised is None:
        fail(_lead(what) + _("expected it to raise {exception}, but it returned {got}").format(
            exception=exception, got=describe(call.value)))
    check(call.raised.type == exception, _lead(what) + _("expected {exception}, got {raised}").format(
        exception=exception, raised=call.raised))
    for text in mentions:
        check(text in call.raised.message, _lead(what) + _(
            "the {exception} message should mention {text}; it says {message}").format(
            exception=exception, text=text, message=repr(call.raised.message)))


# ----- helpers -----------------------------------------------------------------------------------

def _lead(what: str) -> str:
    return f"{what}: " if what else ""


def _vowel(word: str) -> bool:
    return word[:1].lower() in "aeio"  # "a uint8": a consonant sound


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


_WRONG_AT = N_("wrong values (at index {index} expected {expected}, got {got})")


def _index_text(index: tuple[int, ...]) -> str:
    return str(index[0]) if len(index) == 1 else str(index)


def _first_difference(got: torch.Tensor, expected: torch.Tensor, rtol: float, atol: float) -> str:
    """"wrong values", with the first place where they differ."""
    if got.dtype.is_complex:
        return _("wrong values")
    g, e = got.to(torch.float64), expected.to(torch.float64)
    if got.dim() == 0:
        return _("wrong values: expected {expected}, got {got}").format(expected=f"{e.item():.5g}",
                                                                       got=f"{g.item():.5g}")
    bad = ~torch.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
    index = tuple(int(i) for i in bad.nonzero()[0])
    return _(_WRONG_AT).format(index=_index_text(index), expected=f"{e[index].item():.5g}",
                               got=f"{g[index].item():.5g}")
