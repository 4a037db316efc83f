"""Checks for s06b_matmul: element-wise vs matrix products, the shape rules, nn.Linear."""
from __future__ import annotations

import torch

from grader.checkkit import expect, source
from grader.checkkit.expect import Mistake
from grader.sandbox import wire


def _unchanged(call, names, originals):
    for i, (name, original) in enumerate(zip(names, originals)):
        expect.unchanged(call, i, original, name)


# ----- elementwise_product ---------------------------------------------------------------------

def test_elementwise_product(student, inputs):
    rows, cols = inputs.shape(2)
    n = rows + cols
    cases = [(inputs.randint(-9, 10, n), inputs.randint(-9, 10, n)),  # vectors: a @ b runs, and is named
             (torch.tensor([1, 2, 3]), torch.tensor([1, 2, 3])),
             (inputs.randn(rows, rows), inputs.randn(rows, rows)),  # square: a @ b runs, and is named
             (inputs.noncontiguous(rows, cols), inputs.randn(rows, cols)),
             (inputs.rand(0, cols), inputs.rand(0, cols))]
    for a, b in cases:
        call = student.run(a, b)
        got = student.returned(call)
        expect.tensor(got, a * b, rtol=1e-5, mistakes=[
            Mistake("that is a @ b, matrix multiplication (for two vectors, the dot product: one number); "
                    "element-wise multiplication is a * b", value=expect.maybe(lambda: a @ b)),
            Mistake("that is the sum of the products (the dot product); keep one product per position: a * b",
                    value=(a * b).sum()),
            Mistake("that is a + b; multiply instead: a * b", value=a + b),
            Mistake("that is a itself; return a * b", value=a)])
        _unchanged(call, ("a", "b"), (a, b))


# ----- dot_product -----------------------------------------------------------------------------

SHORT, LONG = 5, 65  # vector lengths: a loop over the elements does 60 more steps on the long one
LOOP_HINT = "let PyTorch do the work with torch.dot(a, b), a @ b or (a * b).sum()"


def _loop_message(finding: source.Finding, file: str) -> str:
    """What the student reads about a loop, or code the grader cannot read, found in the source."""
    if finding.hidden and not finding.line:
        return (f"{file} has {finding.kind}, so the grader cannot check that dot_product() has no Python loop: "
                f"write def dot_product(a, b) at the top level of the file and {LOOP_HINT}")
    if finding.hidden and not finding.function:
        return (f"{file} has {finding.kind} (line {finding.line}); the grader cannot see what such code runs, so "
                f"it cannot check that dot_product() has no Python loop: take it out and {LOOP_HINT}")
    if finding.hidden:
        return (f"{finding.function}() uses {finding.kind} (line {finding.line} of {file}); the grader cannot see "
                f"what that runs, so it cannot check that dot_product() has no Python loop: {LOOP_HINT}")
    if finding.function in ("", "dot_product"):
        return (f"dot_product() uses {finding.kind} (line {finding.line} of {file}): a Python loop walks the "
                f"elements one by one and is slow; {LOOP_HINT}")
    return (f"dot_product() calls {finding.function}(), which uses {finding.kind} (line {finding.line} of "
            f"{file}): a Python loop walks the elements one by one and is slow; {LOOP_HINT}")


def test_dot_product__no_loop(student):
    """The source: everything dot_product can reach, read as Python reads it; unreadable fails."""
    file = f"{student.box.module}.py"
    tree = source.parse(student.box, "that dot_product() has no Python loop")
    finding = source.find_loop(tree, "dot_product")
    expect.check(finding is None, _loop_message(finding, file) if finding else "")


def test_dot_product__no_loop_when_run(student, inputs):
    """The run: steps of Python and torch calls that grow with the length are a loop, however hidden."""
    steps = []
    for n in (SHORT, LONG):
        call = student.run(inputs.randn(n), inputs.randn(n), setup=(("count_steps", {}),), probes=("steps",))
        student.returned(call)
        expect.check(call.after["steps"]["intact"],
                     "dot_product() switched off the grader's step counter (sys.settrace or a torch function "
                     f"mode), so the grader cannot check that it has no Python loop: {LOOP_HINT}")
        steps.append(call.after["steps"]["count"] - call.before["steps"]["count"])
    expect.check(steps[1] - steps[0] < (LONG - SHORT) // 2,
                 f"dot_product() took {steps[0]} steps of Python and torch calls for vectors of {SHORT} elements "
                 f"but {steps[1]} for {LONG}: its work grows with the length, so a Python loop walks the elements "
                 f"one by one somewhere (recursion, a loop in a helper, map() or the like); {LOOP_HINT}")


def test_dot_product(student, inputs):
    n = inputs.integer(5, 12)
    cases = [(torch.tensor([1, 2, 3]), torch.tensor([1, 2, 3])),
             (inputs.noncontiguous(3, n)[0], inputs.randn(n)),
             (inputs.randint(-20, 20, n + 3), inputs.randint(-20, 20, n + 3)),
             (inputs.randn(1, dtype=torch.float64), inputs.randn(1, dtype=torch.float64)),
             (inputs.rand(0), inputs.rand(0))]
    for a, b in cases:
        call = student.run(a, b)
        got = student.returned(call)
        expect.tensor(got, torch.dot(a, b), rtol=1e-5, mistakes=[
            Mistake("keep the result a tensor: drop the .item()", test=lambda v: isinstance(v, (int, float))),
            Mistake("that is the element-wise product a * b; a dot product also adds the products up: "
                    "(a * b).sum() or a @ b", value=a * b),
            Mistake("that has shape (1,); a dot product is one number, a 0-dim tensor of shape ()",
                    shape=(1,)),
            Mistake("that is sum(a) * sum(b); multiply pair by pair first, then add the products",
                    value=a.sum() * b.sum())])
        _unchanged(call, ("a", "b"), (a, b))


# ----- can_matmul ------------------------------------------------------------------------------

def _shape(s) -> tuple:
    return tuple(int(d) for d in s)


def _can_matmul_hint(a: tuple, b: tuple) -> str:
    if a[1] == b[0]:
        return (f"the inner dims match ({a[1]} and {b[0]}), so the product exists: only the last dim of the first "
                "shape and the first dim of the second must be equal")
    hint = (f"the inner dims differ ({a[1]} and {b[0]}), so {a} @ {b} fails: the last dim of the first shape "
            "must equal the first dim of the second")
    if a == b:
        return hint + "; equal shapes are not enough"
    if a[0] == b[1]:
        return hint + f"; the outer dims ({a[0]} and {b[1]}) need not match"
    if a[1] == b[1]:
        return hint + "; comparing the last dims of both shapes is not the rule"
    if a[0] == b[0]:
        return hint + "; comparing the first dims of both shapes is not the rule"
    return hint


def test_can_matmul(student, inputs):
    r, k, c = inputs.shape(3)
    cases = [((3, 2), (3, 2), False),  # the tutorial's failing pair: equal shapes
             ((r, k), (c, r), False),  # equal outer dims
             ((2, 3), (3, 2), True),
             (torch.Size([r, k]), torch.Size([k, c]), True),
             ((r, k), (c, k), False)]  # equal last dims
    for a, b, expected in cases:
        got = student(a, b)
        expect.boolean(got, expected, mistakes=[
            Mistake(_can_matmul_hint(_shape(a), _shape(b)), test=lambda v: True)])


# ----- matmul_shape ----------------------------------------------------------------------------

def _as_pair(v) -> tuple | None:
    return tuple(v) if isinstance(v, (tuple, list)) and len(v) == 2 else None


def _shows(message: str, shape: tuple) -> bool:
    """Whether an error message shows a 2-D shape in a usual way: (3, 2), [3, 2], 3x2, 3 x 2."""
    r, c = shape
    return any(form in message for form in (
        f"({r}, {c})", f"({r},{c})", f"[{r}, {c}]", f"[{r},{c}]", f"{r}x{c}", f"{r} x {c}", f"{r}×{c}"))


def test_matmul_shape(student, inputs):
    r, k, c = inputs.shape(3)
    for a, b in (((2, 3), (3, 2)), ((3, 2), (2, 3)), (torch.Size([r, k]), torch.Size([k, c]))):
        sa, sb = _shape(a), _shape(b)
        what = "the result"
        got = student(a, b)
        expected = (sa[0], sb[1])
        expect.check(isinstance(got, tuple), f"{what}: expected a tuple of two ints, got {expect.describe(got)}"
                     + (": write (rows, cols), with round brackets" if isinstance(got, list) else ""))
        expect.check(len(got) == 2 and all(type(d) is int for d in got),
                     f"{what}: expected a tuple of two ints, got {expect.describe(got)}")
        expect.check(tuple(got) == expected, expect.named(f"{what}: expected {expected}, got {tuple(got)}", got, [
            Mistake("that is (shape_a[1], shape_b[0]), the inner dims; the result has the outer dims: "
                    "(rows of the first, cols of the second) = (shape_a[0], shape_b[1])",
                    test=lambda v: _as_pair(v) == (sa[1], sb[0])),
            Mistake("rows and cols are swapped: the result is (shape_a[0], shape_b[1])",
                    test=lambda v: _as_pair(v) == (sb[1], sa[0]))]))
    for a, b in (((3, 2), (3, 2)), ((r, k), (c, r))):
        what = "the call"
        call = student.run(a, b)
        if call.raised is None:
            expect.fail(f"the inner dims {a[1]} and {b[0]} differ, so these matrices cannot be multiplied: "
                        f"expected a ValueError, but it returned {expect.describe(call.value)}")
        expect.raises(call, "ValueError", what=what)
        for shape in (a, b):
            expect.check(_shows(call.raised.message, shape),
                         f"the ValueError message should show both shapes, {a} and {b}; "
                         f"it says {call.raised.message!r}")


# ----- fix_matmul ------------------------------------------------------------------------------

def test_fix_matmul(student, inputs):
    n, k = inputs.shape(2)
    cases = [(torch.tensor([[1., 2.], [3., 4.], [5., 6.]]), torch.tensor([[7., 10.], [8., 11.], [9., 12.]])),
             (inputs.randn(n, k), inputs.noncontiguous(n, k)),
             (inputs.randint(-9, 10, k, n), inputs.randint(-9, 10, k, n)),
             (inputs.randn(1, k), inputs.randn(1, k)),
             (inputs.randn(n, 0), inputs.randn(n, 0))]
    for a, b in cases:
        call = student.run(a, b)
        got = student.returned(call)
        inner = a.shape[1]
        expect.tensor(got, a @ b.T, rtol=1e-5, mistakes=[
            Mistake(f"that is aᵀ @ b, shape ({inner}, {inner}): transpose b, not a: a @ b.T", value=a.T @ b),
            Mistake("that is b @ aᵀ, the transpose of the answer: the order matters, a @ b.T",
                    value=b @ a.T),
            Mistake("that is the element-wise product a * b; this kata wants the matrix product a @ b.T",
                    value=a * b),
            Mistake(f"that has shape ({inner}, {inner}): you transposed a; transpose b instead: a @ b.T",
                    shape=(inner, inner))])
        _unchanged(call, ("a", "b"), (a, b))


# ----- linear_forward --------------------------------------------------------------------------

def test_linear_forward(student, inputs):
    batch, n_in, n_out = inputs.shape(3)
    cases = [(inputs.randn(batch, n_in), inputs.randn(n_in, n_in), inputs.randn(n_in)),  # x @ weight runs
             (torch.tensor([[1., 2.], [3., 4.], [5., 6.]]), inputs.randn(6, 2), inputs.randn(6)),
             (inputs.noncontiguous(batch, n_in), inputs.randn(n_out, n_in), inputs.randn(n_out)),
             (inputs.randn(0, n_out), inputs.randn(n_in, n_out), inputs.randn(n_in))]
    for x, weight, bias in cases:
        call = student.run(x, weight, bias)
        got = student.returned(call)
        expect.tensor(got, x @ weight.T + bias, rtol=1e-5, mistakes=[
            Mistake("that is x @ weight + bias: nn.Linear multiplies by the transposed weight: "
                    "x @ weight.T + bias", value=expect.maybe(lambda: x @ weight + bias)),
            Mistake("that is x @ weight, without the transpose and without the bias: x @ weight.T + bias",
                    value=expect.maybe(lambda: x @ weight)),
            Mistake("the bias is missing: that is x @ weight.T; add bias to it", value=x @ weight.T),
            Mistake("that subtracts the bias; add it: x @ weight.T + bias", value=x @ weight.T - bias),
            Mistake("that is (out_features, batch), the transpose of the answer: x comes first, "
                    "x @ weight.T + bias", shape=(weight.shape[0], x.shape[0]))])
        _unchanged(call, ("x", "weight", "bias"), (x, weight, bias))


# ----- seeded_linear ---------------------------------------------------------------------------

def _reference_linear(n_in: int, n_out: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The weight and bias of nn.Linear(n_in, n_out) made right after seeding with `seed`.

    Only the CPU generator is seeded (nn.Linear draws from it), and its state is put back, so
    the grader's own random state does not change.
    """
    generator = torch.default_generator
    state = generator.get_state()
    try:
        generator.manual_seed(seed)
        layer = torch.nn.Linear(n_in, n_out)
    finally:
        generator.set_state(state)
    return layer.weight.detach(), layer.bias.detach()


def _parameter(got: wire.ModuleInfo, name: str, expected: torch.Tensor, shape_mistakes: list,
               value_mistakes: list) -> None:
    what = f"the layer's {name}"
    value = got.parameters.get(name)
    if value is None:
        expect.fail(f"the layer has no {name}" + (": keep bias=True (the default)" if name == "bias" else ""))
    shape_msg = f"{what}: expected shape {expect.shape_text(expected.shape)}, got {expect.shape_text(value.shape)}"
    expect.check(tuple(value.shape) == tuple(expected.shape), expect.named(shape_msg, value, shape_mistakes))
    expect.check(value.dtype == expected.dtype, f"{what}: expected dtype {expect.dtype_name(expected.dtype)}, "
                                                f"got {expect.dtype_name(value.dtype)}")
    on = expect.remote_device(value)
    expect.check(on == "cpu", f"{what}: expected it on device cpu, got it on {on}")
    expect.values(value, expected, what=what, mistakes=value_mistakes)


def test_seeded_linear(student, inputs):
    n_in, n_out, other_in, other_out = inputs.shape(4)
    cases = [(2, 6, 42), (n_in, n_out, inputs.integer(100, 10_000)),
             (other_in, other_out, inputs.integer(100, 10_000))]
    previous_seed = None
    for n_in, n_out, seed in cases:
        got = student(n_in, n_out, seed)
        expect.check(isinstance(got, wire.ModuleInfo) and got.type_name == "Linear",
                     f"expected a torch.nn.Linear layer, got {expect.describe(got)}")
        weight, bias = _reference_linear(n_in, n_out, seed)
        late = None if previous_seed is None else _reference_linear(n_in, n_out, previous_seed)
        shape_mistakes = [Mistake(
            f"in_features and out_features are swapped: nn.Linear({n_in}, {n_out}) has a weight of shape "
            f"(out_features, in_features) = ({n_out}, {n_in})", shape=(n_in, n_out))]
        value_mistakes = [
            Mistake(f"these are the weights for seed {previous_seed} (the previous call's seed), not for seed "
                    f"{seed}: call torch.manual_seed(seed) with the seed you are given, right before creating the "
                    "layer (seeding after creating it is too late)",
                    test=lambda v, late=late: late is not None and any(
                        v.shape == w.shape and torch.equal(v, w) for w in late)),
            Mistake(f"they are not those of torch.manual_seed({seed}) then torch.nn.Linear({n_in}, {n_out}): "
                    "call torch.manual_seed(seed) right before creating the layer (seeding after creating it "
                    "is too late), and draw nothing in between", test=lambda v: True)]
        _parameter(got, "weight", weight, shape_mistakes, value_mistakes)
        _parameter(got, "bias", bias, shape_mistakes, value_mistakes)
        previous_seed = seed
