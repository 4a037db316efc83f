"""Checks for s10_exercises: the chapter's exercises, whose answers depend on the order of draws.

Expected values come from the installed torch at grade time, drawn in the order each kata
states, on this process's CPU generator; its state is saved and restored around every such
computation (the check process never touches CUDA, so only the CPU generator is seeded here).
"""
from __future__ import annotations

import ast

import torch

from grader.checkkit import expect
from grader.sandbox import wire
from grader.checkkit.expect import Mistake
from grader.i18n import _
from grader.checkkit.seeding import FIXED_SEEDS, cuda_start_seed, distinct_seeds, rand_after_seed, state_after

PAIR = (2, 3)


# ----- expected values: computed here, the global state of this process left as it was --------

def _pair(got) -> tuple:
    expect.check(isinstance(got, tuple) and len(got) == 2,
                 _("expected a tuple of two tensors, got {got}").format(got=expect.describe(got)))
    return got


def _fixed_seed(fixed: int, value) -> Mistake:
    return Mistake(_("those are the values of seed {seed}, a fixed number, not the seed argument").format(seed=fixed),
                   value=value)


# ----- seeded_matmul --------------------------------------------------------------------------

def _matmul(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return x @ y.T


def test_seeded_matmul(student, inputs):
    first, second = distinct_seeds(inputs, 2)
    for seed in (first, 0, second):
        x, y = rand_after_seed(seed, (7, 7), (1, 7))
        reseeded_y = rand_after_seed(seed, (1, 7))[0]
        y_first, x_second = rand_after_seed(seed, (1, 7), (7, 7))
        mistakes = [
            Mistake(_("that is Y·Xᵀ, shape (1, 7); the kata wants X·Yᵀ, shape (7, 1)"), shape=(1, 7)),
            Mistake(_("that is the element-wise X * Y (broadcast to (7, 7)), not a matrix product"), shape=(7, 7)),
            Mistake(_("you seeded again before drawing Y, so Y repeats the start of X"),
                    value=_matmul(x, reseeded_y)),
            Mistake(_("Y was drawn before X, so each took the random values meant for the other"),
                    value=_matmul(x_second, y_first)),
            Mistake(_("these come from torch.randn, which draws normal values; the exercise's values are uniform "
                      "ones"), value=_matmul(*rand_after_seed(seed, (7, 7), (1, 7), draw=torch.randn))),
        ]
        mistakes += [_fixed_seed(fixed, _matmul(*rand_after_seed(fixed, (7, 7), (1, 7))))
                     for fixed in FIXED_SEEDS if fixed != seed]
        mistakes.append(Mistake(_("these are not X·Yᵀ for X = torch.rand(7, 7) and then Y = torch.rand(1, 7), "
                                  "drawn right after torch.manual_seed(seed)"), test=lambda v: v.shape == (7, 1)))
        expect.tensor(student(seed), _matmul(x, y), mistakes=mistakes)


# ----- set_gpu_seed ---------------------------------------------------------------------------

def test_set_gpu_seed(student, inputs):
    """Graded as if a GPU were there (an answer may ask torch.cuda.is_available() first), from the
    seed CUDA would start from: every way of seeding counts, and so does a later re-seed."""
    first, second, third = distinct_seeds(inputs, 3)
    for seed, gpus in ((first, 1), (second, 1), (third, 0)):
        call = student.run(seed, setup=(("fake_accelerators", {"cuda": gpus, "mps": False}), ("spy_seeding", {})),
                           probes=("seeding_calls", "cuda_seed"))
        student.returned(call)
        record = call.after["seeding_calls"]
        replaced = [name for name, intact in record["intact"].items() if not intact]
        if replaced:
            expect.fail(_("{name} was replaced by an assignment (`{name} = ...`), so nothing was seeded").format(
                name=replaced[0]))
        if gpus == 0:
            continue  # without a GPU it only has to run without failing
        made = record["calls"][len(call.before["seeding_calls"]["calls"]):]
        start = cuda_start_seed(call, seed)
        if start == seed:
            continue
        if start is not None and any(s == seed for _name, s in made):
            expect.fail(_("CUDA was seeded with {seed}, but then re-seeded with {other} (torch.manual_seed seeds "
                          "CUDA too)").format(seed=seed, other=start))
        if made:
            done = ", ".join(f"{name}({s})" for name, s in made)
            expect.fail(_("it called {calls}, but not with the seed it was given ({seed})").format(calls=done, seed=seed))
        expect.fail(_("the CUDA generator was not seeded: seeding Python's random, NumPy or only the CPU generator "
                      "does not seed the GPU"))


# ----- seeded_pair_on -------------------------------------------------------------------------

def _returns_only_with_a_gpu(student) -> bool:
    """Whether seeded_pair_on asks PyTorch for a GPU (is_available, device_count): a None result then
    most likely comes from a return that only a machine with a GPU reaches."""
    try:
        tree = ast.parse(student.box.source())
    except Exception:  # noqa: BLE001 - unreadable: the plain "got None" stands
        return False
    return any(isinstance(node, ast.FunctionDef) and node.name == "seeded_pair_on" and any(
        isinstance(n, ast.Attribute) and n.attr in ("is_available", "device_count") for n in ast.walk(node))
        for node in tree.body)


def _check_pair(student, call, seed: int, device) -> None:
    target = torch.device(device).type
    if call.value is None and target != "cuda" and _returns_only_with_a_gpu(student):
        expect.fail(_("expected a tuple of two tensors, got None: on this machine, which has no GPU, the function "
                      "ended without returning; it asks PyTorch whether a GPU is there, but the kata wants the pair "
                      "on whatever device it is given, {device} too").format(device=expect.device_text(device)))
    first, second = _pair(call.value)
    a, b = rand_after_seed(seed, PAIR, PAIR)
    after = call.after["torch_rng_state"]
    drawn_there = target != "cpu" and torch.equal(after, state_after(seed))
    on_device = Mistake(_("the tensors were drawn on the device, whose generator is not the CPU generator that "
                          "the kata's values come from"), test=lambda v: drawn_there)
    not_moved = Mistake(_(".to(device) returns a moved copy and leaves the tensor where it was, and the answer "
                          "returned the tensor that stayed"),
                        test=lambda v: expect.remote_device(v) == "cpu" and target != "cpu")
    values = target != "meta"  # a meta tensor has no values
    for got, expected, what, mistakes in (
            (first, a, _("the first tensor"), [not_moved, on_device, Mistake(
                _("these are not the values of torch.rand(2, 3) right after torch.manual_seed(seed)"),
                test=lambda v: True)]),
            (second, b, _("the second tensor"), [not_moved, on_device, Mistake(
                _("you seeded again before the second tensor, so it repeats the first"), value=a), Mistake(
                _("these are not the values of the second torch.rand(2, 3) after torch.manual_seed(seed)"),
                test=lambda v: True)])):
        expect.is_tensor(got, what, mistakes)
        on = expect.remote_device(got)
        if on.split(":")[0] != target:
            expect.fail(expect.named(_("{what}: expected it on {device}, got it on {got}").format(
                what=what, device=expect.device_text(device), got=on), got, mistakes))
        expect.tensor(got, expected if values else None, shape=PAIR, dtype=torch.float32, device=None,
                      what=what, mistakes=mistakes)
    if target != "cpu":
        expect.check(not drawn_there, on_device.says)
        expect.check(torch.equal(after, state_after(seed, PAIR, PAIR)),
                     _("the CPU generator is not where torch.manual_seed(seed) and exactly two torch.rand(2, 3) "
                       "draws leave it: something else was drawn, or seeded, too"))


def test_seeded_pair_on(student, inputs):
    first, second, third = distinct_seeds(inputs, 3)
    for seed, device in ((first, "cpu"), (second, "meta"), (third, torch.device("meta"))):
        call = student.run(seed, device, probes=("torch_rng_state",))
        student.returned(call)
        _check_pair(student, call, seed, device)


def test_seeded_pair_on__cuda(student, inputs):
    for seed, device in zip(distinct_seeds(inputs, 2), ("cuda", torch.device("cuda:0"))):
        call = student.run(seed, device, probes=("torch_rng_state",))
        student.returned(call)
        _check_pair(student, call, seed, device)


# ----- product_extremes -----------------------------------------------------------------------

KEYS = ("product", "max", "min", "argmax", "argmin")


def _position_mistakes(p: torch.Tensor, largest: bool) -> list[Mistake]:
    value, other = (p.max().item(), int(p.argmin())) if largest else (p.min().item(), int(p.argmax()))
    itself = _("that is the largest value itself, not its position") if largest else \
        _("that is the smallest value itself, not its position")
    return [
        Mistake(_("that is one position per row; the kata wants one flat position into the whole of p"),
                test=lambda v: isinstance(v, torch.Tensor) and v.dim() == 1),
        Mistake(_("that is (row, column); the kata wants one flat position, counting along the rows of p as if "
                  "they were one long row"), test=lambda v: isinstance(v, (tuple, list))),
        Mistake(itself, test=lambda v: _near(expect.as_number(v), value)),
        Mistake(_("argmax and argmin are swapped"), test=lambda v: expect.as_number(v) == other),
    ]


def _near(got: float | None, value: float) -> bool:
    """Whether `got` is a number within rounding of `value`."""
    return got is not None and abs(float(got) - value) <= 1e-4 * max(1.0, abs(value))


def _value_mistakes(p: torch.Tensor, name: str) -> list[Mistake]:
    position = int(p.argmax()) if name == "max" else int(p.argmin())
    return [Mistake(_("that is one value per row; the kata wants the {name} of the whole of p").format(name=name),
                    test=lambda v: isinstance(v, torch.Tensor) and v.dim() == 1),
            Mistake(_("p.{name}(dim=...) gives (values, indices), one pair per row, not one number").format(name=name),
                    test=lambda v: isinstance(v, wire.Opaque) or isinstance(v, tuple)),
            Mistake((_("that is the position of the largest value (what argmax gives), not the value itself")
                     if name == "max" else
                     _("that is the position of the smallest value (what argmin gives), not the value itself")),
                    test=lambda v: isinstance(expect.as_number(v), int) and expect.as_number(v) == position)]


def test_product_extremes(student, inputs):
    n, k = inputs.shape(2)
    cases = [(inputs.randn(n, k), inputs.randn(n, k)),
             (inputs.noncontiguous(n, k), inputs.randn(n, k) * 10),
             (inputs.randn(1, k), inputs.randn(1, k))]
    for a, b in cases:
        call = student.run(a, b)
        got = student.returned(call)
        expect.dict_with_keys(got, KEYS)
        p = a @ b.T
        n, k = a.shape
        reshaped = _("that is a reshape, not a transpose: reshape({k}, {n}) keeps b's values in their order, so "
                     "its columns are not b's rows").format(k=k, n=n)
        expect.tensor(got["product"], p, what='"product"', mistakes=[
            Mistake(reshaped, value=expect.maybe(lambda: a @ b.reshape(k, n)) if 1 < n != k else None),
            Mistake(_("that is a reshape, not a transpose: a.reshape({k}, {n}) keeps a's values in their order, so "
                      "its columns are not a's rows").format(k=k, n=n),
                    value=expect.maybe(lambda: a.reshape(k, n) @ b) if 1 < n != k else None),
            Mistake(_("that is aᵀ·b; the kata wants a·bᵀ, shape (n, n)"), shape=(k, k)),
            Mistake(_("that is the element-wise a * b; the kata wants the matrix product a·bᵀ"), shape=a.shape)])
        for key, expected, mistakes in (("max", p.max().item(), _value_mistakes(p, "max")),
                                        ("min", p.min().item(), _value_mistakes(p, "min")),
                                        ("argmax", int(p.argmax()), _position_mistakes(p, largest=True)),
                                        ("argmin", int(p.argmin()), _position_mistakes(p, largest=False))):
            what = _('"{key}" (p has shape {shape})').format(key=key, shape=expect.shape_text(p.shape)) \
                if key.startswith("arg") else f'"{key}"'
            value = got[key]
            if isinstance(value, torch.Tensor) and value.dim() > 0:  # name the mistake before the .item() hint
                expect.fail(expect.named(_("{what}: expected one number, got {got}").format(
                    what=what, got=expect.describe(value)), value, mistakes))
            expect.number(value, expected, what=what, mistakes=mistakes, rtol=1e-5)
        expect.unchanged(call, 0, a, "a")
        expect.unchanged(call, 1, b, "b")


# ----- squeeze_seeded -------------------------------------------------------------------------

def test_squeeze_seeded(student, inputs):
    for seed in distinct_seeds(inputs, 3):
        x, fresh = rand_after_seed(seed, (1, 1, 1, 10), (1, 1, 1, 10))
        first, second = _pair(student(seed))
        expect.tensor(first, x, what=_("the first tensor"), mistakes=[
            Mistake(_("those values are not the ones torch.rand(1, 1, 1, 10) gives right after "
                      "torch.manual_seed(seed)"), shape=(1, 1, 1, 10))])
        expect.tensor(second, x.reshape(10), what=_("the second tensor"), mistakes=[
            Mistake(_("squeeze(dim) removes only that one dim, and this tensor has more of size 1"),
                    test=lambda v: v.numel() == 10 and v.dim() in (2, 3)),
            Mistake(_("that still has all its size-1 dims"), shape=(1, 1, 1, 10)),
            Mistake(_("that is a fresh draw, not the tensor you drew first"), value=fresh.reshape(10)),
            Mistake(_("the second tensor must hold the same values as the first"), shape=(10,))])
