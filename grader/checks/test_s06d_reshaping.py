"""Checks for s06d_reshaping: unsqueeze, views, stack, squeeze, permute, flatten."""
import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake


def _shape(t: torch.Tensor) -> str:
    return expect.shape_text(t.shape)


# ----- add_batch_dim -------------------------------------------------------------------------

def test_add_batch_dim(student, inputs):
    a, b, c = inputs.shape(3)
    cases = [inputs.randn(a, b, c), inputs.randint(-50, 50, b, a), inputs.randn(c),
             torch.tensor(inputs.integer(-50, 50)), inputs.noncontiguous(c, a), torch.zeros(0, b)]
    for x in cases:
        call = student.run(x)
        got = student.returned(call)
        expect.tensor(got, x.unsqueeze(0), mistakes=[
            Mistake("unsqueeze(-1) adds the new dim at the end; the batch dim goes in front, at dim 0 "
                    "(x.unsqueeze(0))", shape=(*x.shape, 1)),
            Mistake("that puts the new dim at position 1; the batch dim goes in front, at dim 0",
                    shape=(*x.shape[:1], 1, *x.shape[1:])),
            Mistake("the new size-1 dim is missing: the result needs one more dim than x",
                    test=lambda v, x=x: v.dim() == x.dim())])
        expect.unchanged(call, 0, x, "x")


# ----- view_and_edit -------------------------------------------------------------------------

def test_view_and_edit(student, inputs):
    n = inputs.integer(5, 12)
    cases = [(torch.arange(1.0, 8.0), 5.0),
             (inputs.randn(n), -2.5),
             (inputs.randint(-20, 20, n + 3), 42),
             (inputs.randn(2 * n)[::2], 9.75),  # a 1-D view with a stride of 2
             (inputs.randn(1), 3.0)]
    for x, value in cases:
        size = x.shape[0]
        edited = x.clone()
        edited[0] = value
        last = x.clone()
        last[-1] = value
        call = student.run(x, value)
        got = student.returned(call)
        expect.tensor(got, edited.reshape(1, size), what="the (1, n) view", mistakes=[
            Mistake("that is still 1-D; view x as one row of shape (1, n) with x.view(1, -1), "
                    "x.reshape(1, n) or x.unsqueeze(0)", shape=(size,)),
            Mistake("that is a column (n, 1); this kata wants one row: shape (1, n)", shape=(size, 1)),
            Mistake("the first element was not changed: set it with z[0, 0] = value (or z[:, 0] = value)",
                    value=x.reshape(1, size)),
            Mistake("z[0] is the whole first row of the (1, n) view, so every element became value; "
                    "set only z[0, 0]", value=torch.full((1, size), value, dtype=x.dtype)),
            Mistake("value went into the last element; the kata wants the first one, z[0, 0]",
                    value=last.reshape(1, size))])
        expect.check(expect.shares(got, call.args[0]),
                     "the (1, n) result does not share memory with x: it is a copy (clone() and torch.stack "
                     "copy), so editing it cannot change x; make a view with x.view(1, -1), x.reshape(1, n) "
                     "or x.unsqueeze(0) and edit that")
        expect.tensor(call.args[0], edited, what="x after the call", mistakes=[
            Mistake("x did not change: edit the view itself, not a copy of it", value=x)])


# ----- stack_copies --------------------------------------------------------------------------

def test_stack_copies(student, inputs):
    a, b, n = inputs.shape(3)
    cases = [(inputs.randn(a, b), n, 0),
             (inputs.randn(a, b), n, 1),
             (inputs.randint(-50, 50, b, a), n, 2),
             (inputs.noncontiguous(b, a), n, 1),
             (torch.arange(1.0, 8.0), 4, 0),
             (inputs.randn(a), 1, 1)]
    for x, count, dim in cases:
        call = student.run(x, count, dim)
        got = student.returned(call)
        wrong_dims = [Mistake(f"the copies are stacked along dim {d}; this kata wants the new dim at "
                              f"position {dim} (torch.stack(..., dim={dim}))", value=torch.stack([x] * count, d))
                      for d in range(x.dim() + 1) if d != dim]
        expect.tensor(got, torch.stack([x] * count, dim), mistakes=[
            Mistake("that has as many dims as x: torch.cat (or repeat) joins the copies along an existing dim; "
                    "torch.stack puts them along a new one", test=lambda v, x=x: v.dim() == x.dim()),
            *wrong_dims])
        expect.unchanged(call, 0, x, "x")


# ----- squeeze_all ---------------------------------------------------------------------------

def test_squeeze_all(student, inputs):
    a, b, c = inputs.shape(3)
    cases = [inputs.randn(1, a, 1, b), inputs.randint(-50, 50, c, 1, a, 1, dtype=torch.int32),
             inputs.rand(1, 1, 1), inputs.randn(b, c), inputs.noncontiguous(b, a).unsqueeze(0),
             torch.zeros(1, 0, 1)]
    for x in cases:
        call = student.run(x)
        got = student.returned(call)
        expected = x.squeeze()
        only_one = [Mistake(f"squeeze({d}) removes only dim {d}; squeeze() with no dim removes every size-1 dim",
                            value=x.squeeze(d)) for d in range(x.dim()) if x.shape[d] == 1]
        expect.tensor(got, expected, mistakes=[
            *only_one,
            Mistake("no dim was removed: squeeze(d) removes dim d only, and only when its size is 1; "
                    "squeeze() with no dim removes every size-1 dim", shape=x.shape),
            Mistake("flatten() (or reshape(-1)) joins every dim into one; squeeze() only removes the size-1 dims",
                    test=lambda v, x=x, e=expected: e.dim() != 1 and tuple(v.shape) == (x.numel(),))])
        expect.unchanged(call, 0, x, "x")


# ----- to_column -----------------------------------------------------------------------------

def test_to_column(student, inputs):
    n = inputs.integer(5, 12)
    cases = [torch.arange(1.0, 8.0), inputs.randn(n), inputs.randint(-50, 50, n + 2),
             inputs.randn(2 * n)[::2], inputs.randn(1), torch.zeros(0)]
    for x in cases:
        size = x.shape[0]
        call = student.run(x)
        got = student.returned(call)
        expect.tensor(got, x.reshape(size, 1), what="the column", mistakes=[
            Mistake("x.T does nothing to a 1-D tensor (it has only one dim to reverse), so the result is still "
                    "(n,); add the second dim with x.unsqueeze(1) or x.reshape(-1, 1)", shape=(size,)),
            Mistake("that is a row (1, n); a column has shape (n, 1): reshape(-1, 1), not reshape(1, -1)",
                    shape=(1, size))])
        expect.unchanged(call, 0, x, "x")


# ----- hwc_to_chw and chw_to_hwc -------------------------------------------------------------

def _images(inputs, first_channels: bool) -> list:
    h, w = inputs.shape(2, low=4, high=12)
    h2, w2, c2 = inputs.shape(3, low=2, high=10)
    shapes = [(h, w, 3), (h2, w2, c2), (w, h2, c2), (1, w, 3)]
    if first_channels:
        shapes = [(c, hh, ww) for hh, ww, c in shapes]
    return [inputs.rand(*shapes[0]),
            inputs.randint(0, 256, *shapes[1], dtype=torch.uint8),
            inputs.noncontiguous(*shapes[2]),
            inputs.randn(*shapes[3])]


def test_hwc_to_chw(student, inputs):
    for img in _images(inputs, first_channels=False):
        h, w, c = img.shape
        call = student.run(img)
        got = student.returned(call)
        expect.tensor(got, img.permute(2, 0, 1), what=f"the image made from (H, W, C) = {_shape(img)}", mistakes=[
            Mistake("that reinterprets the pixels: reshape and view keep the numbers in memory order and only "
                    "regroup them, so colours and pixels get mixed up; move the channel dim with "
                    "img.permute(2, 0, 1)", value=img.reshape(c, h, w)),
            Mistake("that is (C, W, H): height and width are swapped (transpose(0, 2) or permute(2, 1, 0)); "
                    "use permute(2, 0, 1)", value=img.permute(2, 1, 0)),
            Mistake("that is (W, C, H): permute(1, 2, 0) is the other direction; (H, W, C) to (C, H, W) is "
                    "permute(2, 0, 1)", value=img.permute(1, 2, 0))])
        expect.unchanged(call, 0, img, "img")


def test_chw_to_hwc(student, inputs):
    for img in _images(inputs, first_channels=True):
        c, h, w = img.shape
        call = student.run(img)
        got = student.returned(call)
        expect.tensor(got, img.permute(1, 2, 0), what=f"the image made from (C, H, W) = {_shape(img)}", mistakes=[
            Mistake("that reinterprets the pixels: reshape and view keep the numbers in memory order and only "
                    "regroup them, so colours and pixels get mixed up; move the channel dim with "
                    "img.permute(1, 2, 0)", value=img.reshape(h, w, c)),
            Mistake("that is (W, H, C): height and width are swapped (transpose(0, 2) or permute(2, 1, 0)); "
                    "use permute(1, 2, 0)", value=img.permute(2, 1, 0)),
            Mistake("that is (W, C, H): permute(2, 0, 1) is hwc_to_chw's direction; its inverse, (C, H, W) to "
                    "(H, W, C), is permute(1, 2, 0)", value=img.permute(2, 0, 1))])
        expect.unchanged(call, 0, img, "img")


# ----- flatten_batch -------------------------------------------------------------------------

def test_flatten_batch(student, inputs):
    b, c, h, w = inputs.shape(4)
    cases = [inputs.randn(b, c, h, w),
             inputs.noncontiguous(b, h, w),
             inputs.randn(b, h, w, c).permute(0, 3, 1, 2),  # channels-last memory, not contiguous
             inputs.randint(-50, 50, b, c),
             inputs.randn(1, h, w),
             torch.zeros(b, 0, c)]
    for x in cases:
        batch = x.shape[0]
        expected = x.reshape(batch, -1)
        call = student.run(x)
        got = student.returned(call)
        expect.tensor(got, expected, mistakes=[
            Mistake("x.flatten() flattens the batch dim too; keep dim 0 with x.flatten(1) or x.reshape(B, -1)",
                    shape=(x.numel(),)),
            Mistake("those are the right numbers in the wrong order: row i must hold the values of x[i] in "
                    "order (flatten(1) or reshape(B, -1); do not transpose or permute first)",
                    test=lambda v, e=expected: v.shape == e.shape and not torch.equal(v, e) and torch.equal(
                        v.flatten().sort().values, e.flatten().sort().values))])
        expect.unchanged(call, 0, x, "x")
