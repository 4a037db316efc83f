"""Checks for s06b_matmul: element-wise vs matrix products, the shape rules, nn.Linear."""
from __future__ import annotations

import torch

from grader.checkkit import expect, source
from grader.checkkit.expect import Mistake
from grader.i18n import _
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
            Mistake(_("that is a @ b, matrix multiplication (for two vectors, the dot product: one number), "
                      "not an element-wise product"), value=expect.maybe(lambda: a @ b)),
            Mistake(_("that is the sum of the products (the dot product): one number, where the kata wants one "
                      "product for each position"), value=(a * b).sum()),
            Mistake(_("that is a + b, a sum, not a product"), value=a + b),
            Mistake(_("that is a itself: nothing was multiplied"), value=a)])
        _unchanged(call, ("a", "b"), (a, b))


# ----- dot_product -----------------------------------------------------------------------------

SHORT, LONG = 5, 65  # vector lengths: a loop over the elements does 60 more steps on the long one


def _loop_message(finding: source.Finding, file: str) -> str:
    """What the student reads about a loop, or code the grader cannot read, found in the source."""
    where = {"file": file, "kind": finding.kind, "line": finding.line, "function": finding.function}
    if finding.hidden and not finding.line:
        return _("{file} has {kind}, so the grader cannot check that dot_product() has no Python loop: "
                 "it can only read a def dot_product(a, b) at the top level of the file").format(**where)
    if finding.hidden and not finding.function:
        return _("{file} has {kind} (line {line}); the grader cannot see what such code runs, so it cannot "
                 "check that dot_product() has no Python loop").format(**where)
    if finding.hidden:
        return _("{function}() uses {kind} (line {line} of {file}); the grader cannot see what that runs, so "
                 "it cannot check that dot_product() has no Python loop").format(**where)
    if finding.function in ("", "dot_product"):
        return _("dot_product() uses {kind} (line {line} of {file}): a Python loop walks the elements one by "
                 "one and is slow, where PyTorch can do the whole product in one call").format(**where)
    return _("dot_product() calls {function}(), which uses {kind} (line {line} of {file}): a Python loop walks "
             "the elements one by one and is slow, where PyTorch can do the whole product in one call"
             ).format(**where)


def test_dot_product__no_loop(student):
    """The source: everything dot_product can reach, read as Python reads it; unreadable fails."""
    file = f"{student.box.module}.py"
    tree = source.parse(student.box, _("that dot_product() has no Python loop"))
    finding = source.find_loop(tree, "dot_product")
    expect.check(finding is None, _loop_message(finding, file) if finding else "")


def test_dot_product__no_loop_when_run(student, inputs):
    """The run: steps of Python and torch calls that grow with the length are a loop, however hidden."""
    steps = []
    for n in (SHORT, LONG):
        call = student.run(inputs.randn(n), inputs.randn(n), setup=(("count_steps", {}),), probes=("steps",))
        student.returned(call)
        expect.check(call.after["steps"]["intact"],
                     _("dot_product() switched off the grader's step counter (sys.settrace or a torch function "
                       "mode), so the grader cannot check that it has no Python loop"))
        steps.append(call.after["steps"]["count"] - call.before["steps"]["count"])
    expect.check(steps[1] - steps[0] < (LONG - SHORT) // 2,
                 _("dot_product() took {few} steps of Python and torch calls for vectors of {short} elements "
                   "but {many} for {long}: its work grows with the length, so a Python loop walks the elements "
                   "one by one somewhere (recursion, a loop in a helper, map() or the like)").format(
                     few=steps[0], short=SHORT, many=steps[1], long=LONG))


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
            Mistake(_("that is a Python number: .item() took the result out of its tensor, and this kata "
                      "returns a tensor"), test=lambda v: isinstance(v, (int, float))),
            Mistake(_("that is the element-wise product a * b, one product per position: a dot product also "
                      "adds the products up into one number"), value=a * b),
            Mistake(_("that has shape (1,); a dot product is one number, a 0-dim tensor of shape ()"),
                    shape=(1,)),
            Mistake(_("that is sum(a) * sum(b): the sums were multiplied, not the pairs of elements"),
                    value=a.sum() * b.sum())])
        _unchanged(call, ("a", "b"), (a, b))


# ----- can_matmul ------------------------------------------------------------------------------

def _shape(s) -> tuple:
    return tuple(int(d) for d in s)


def _can_matmul_hint(a: tuple, b: tuple) -> str:
    dims = {"a": a, "b": b, "inner_a": a[1], "inner_b": b[0], "outer_a": a[0], "outer_b": b[1]}
    if a[1] == b[0]:
        return _("the inner dims match ({inner_a} and {inner_b}), so the product exists: only the last dim of "
                 "the first shape and the first dim of the second must be equal").format(**dims)
    if a == b:
        return _("the inner dims differ ({inner_a} and {inner_b}), so {a} @ {b} fails: the last dim of the first "
                 "shape must equal the first dim of the second; equal shapes are not enough").format(**dims)
    if a[0] == b[1]:
        return _("the inner dims differ ({inner_a} and {inner_b}), so {a} @ {b} fails: the last dim of the first "
                 "shape must equal the first dim of the second; the outer dims ({outer_a} and {outer_b}) need "
                 "not match").format(**dims)
    if a[1] == b[1]:
        return _("the inner dims differ ({inner_a} and {inner_b}), so {a} @ {b} fails: the last dim of the first "
                 "shape must equal the first dim of the second; comparing the last dims of both shapes is not "
                 "the rule").format(**dims)
    if a[0] == b[0]:
        return _("the inner dims differ ({inner_a} and {inner_b}), so {a} @ {b} fails: the last dim of the first "
                 "shape must equal the first dim of the second; comparing the first dims of both shapes is not "
                 "the rule").format(**dims)
    return _("the inner dims differ ({inner_a} and {inner_b}), so {a} @ {b} fails: the last dim of the first "
             "shape must equal the first dim of the second").format(**dims)


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
        got = student(a, b)
        expected = (sa[0], sb[1])
        if isinstance(got, list):
            expect.fail(_("the result: expected a tuple of two ints, got {got}: a list, in square brackets, "
                          "where a tuple has round ones").format(got=expect.describe(got)))
        expect.check(isinstance(got, tuple) and len(got) == 2 and all(type(d) is int for d in got),
                     _("the result: expected a tuple of two ints, got {got}").format(got=expect.describe(got)))
        expect.check(tuple(got) == expected, expect.named(
            _("the result: expected {expected}, got {got}").format(expected=expected, got=tuple(got)), got, [
                Mistake(_("that is (shape_a[1], shape_b[0]), the inner dims; a product's shape is made of the "
                          "outer dims: the rows of the first matrix and the columns of the second"),
                        test=lambda v: _as_pair(v) == (sa[1], sb[0])),
                Mistake(_("rows and cols are swapped: the rows come from the first shape, the cols from the "
                          "second"), test=lambda v: _as_pair(v) == (sb[1], sa[0]))]))
    for a, b in (((3, 2), (3, 2)), ((r, k), (c, r))):
        call = student.run(a, b)
        if call.raised is None:
            expect.fail(_("the inner dims {inner_a} and {inner_b} differ, so these matrices cannot be multiplied: "
                          "expected a ValueError, but it returned {got}").format(
                              inner_a=a[1], inner_b=b[0], got=expect.describe(call.value)))
        expect.raises(call, "ValueError", what=_("the call"))
        for shape in (a, b):
            expect.check(_shows(call.raised.message, shape),
                         _("the ValueError message should show both shapes, {a} and {b}; it says {says!r}").format(
                             a=a, b=b, says=call.raised.message))


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
        rows, inner = a.shape
        # A reshape to (k, n) has the transpose's shape but not its values: the chapter's key lesson.
        regrouped = _("that is a reshape, not a transpose: reshape and view keep the values in memory order and "
                      "only regroup them, so the rows of the reshaped matrix are not the columns of the original")
        expect.tensor(got, a @ b.T, rtol=1e-5, mistakes=[
            Mistake(_("that is aᵀ @ b, shape ({k}, {k}): the transpose went on a, where the task transposes b"
                      ).format(k=inner), value=a.T @ b),
            Mistake(_("that is b @ aᵀ, the transpose of the answer: the order of a matrix product matters"),
                    value=b @ a.T),
            Mistake(_("that is the element-wise product a * b, not a matrix product"), value=a * b),
            Mistake(_("that is a @ b, with no transpose at all"), value=expect.maybe(lambda: a @ b)),
            Mistake(regrouped, value=a @ b.reshape(inner, rows)),
            Mistake(regrouped, value=b @ a.reshape(inner, rows)),
            Mistake(regrouped, value=a.reshape(inner, rows) @ b),
            Mistake(_("that has shape ({k}, {k}): the transpose went on a, or the product's order is swapped; "
                      "a times b-transpose has shape ({n}, {n})").format(k=inner, n=rows),
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
            # Checked first on a square weight, where a reshape to (in, out) leaves the weight as it is.
            Mistake(_("that is x @ weight + bias: the weight's rows were not turned into columns (a reshape "
                      "does not do that); nn.Linear keeps the weight as (out_features, in_features)"),
                    value=expect.maybe(lambda: x @ weight + bias)),
            Mistake(_("that is x @ weight: the weight was not transposed and the bias was not added"),
                    value=expect.maybe(lambda: x @ weight)),
            Mistake(_("the bias is missing: that is the matrix product alone"), value=x @ weight.T),
            Mistake(_("that subtracts the bias instead of adding it"), value=x @ weight.T - bias),
            Mistake(_("that has shape (out_features, batch), the transpose of the answer: the order of a matrix "
                      "product matters"), shape=(weight.shape[0], x.shape[0]))])
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
    what = _("the layer's {name}").format(name=name)
    value = got.parameters.get(name)
    if value is None:
        expect.fail(_("the layer has no bias: it was made with bias=False") if name == "bias"
                    else _("the layer has no {name}").format(name=name))
    shape_msg = _("{what}: expected shape {expected}, got {got}").format(
        what=what, expected=expect.shape_text(expected.shape), got=expect.shape_text(value.shape))
    expect.check(tuple(value.shape) == tuple(expected.shape), expect.named(shape_msg, value, shape_mistakes))
    expect.check(value.dtype == expected.dtype, _("{what}: expected dtype {expected}, got {got}").format(
        what=what, expected=expect.dtype_name(expected.dtype), got=expect.dtype_name(value.dtype)))
    on = expect.remote_device(value)
    expect.check(on == "cpu", _("{what}: expected it on the cpu device, got it on {device}").format(
        what=what, device=on))
    expect.values(value, expected, what=what, mistakes=value_mistakes)


def test_seeded_linear(student, inputs):
    n_in, n_out, other_in, other_out = inputs.shape(4)
    cases = [(2, 6, 42), (n_in, n_out, inputs.integer(100, 10_000)),
             (other_in, other_out, inputs.integer(100, 10_000))]
    previous_seed = None
    for n_in, n_out, seed in cases:
        got = student(n_in, n_out, seed)
        expect.check(isinstance(got, wire.ModuleInfo) and got.type_name == "Linear",
                     _("expected a torch.nn.Linear layer, got {got}").format(got=expect.describe(got)))
        weight, bias = _reference_linear(n_in, n_out, seed)
        late = None if previous_seed is None else _reference_linear(n_in, n_out, previous_seed)
        shape_mistakes = [Mistake(_(
            "in_features and out_features are swapped: nn.Linear({n_in}, {n_out}) has a weight of shape "
            "(out_features, in_features) = ({n_out}, {n_in})").format(n_in=n_in, n_out=n_out), shape=(n_in, n_out))]
        value_mistakes = [
            Mistake(_("these are the weights for seed {previous} (the previous call's seed), not for seed {seed}: "
                      "the seed this call was given was not set right before the layer was created").format(
                          previous=previous_seed, seed=seed),
                    test=lambda v, late=late: late is not None and any(
                        v.shape == w.shape and torch.equal(v, w) for w in late)),
            Mistake(_("they are not the values that seed {seed} gives a new nn.Linear({n_in}, {n_out}): the seed "
                      "was not set right before creating the layer (seeding after creating it is too late), or "
                      "something random was drawn in between").format(seed=seed, n_in=n_in, n_out=n_out),
                    test=lambda v: True)]
        _parameter(got, "weight", weight, shape_mistakes, value_mistakes)
        _parameter(got, "bias", bias, shape_mistakes, value_mistakes)
        previous_seed = seed
