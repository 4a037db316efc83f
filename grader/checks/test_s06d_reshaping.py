"""Checks for s06d_reshaping: unsqueeze, views, stack, squeeze, permute, flatten."""
import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake
from grader.i18n import N_, _


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
            Mistake(_("that adds the new dim at the end, as unsqueeze(-1) does; a batch dim goes in front"),
                    shape=(*x.shape, 1)),
            Mistake(_("that puts the new dim at position 1; a batch dim goes in front"),
                    shape=(*x.shape[:1], 1, *x.shape[1:])),
            Mistake(_("the new size-1 dim is missing: the result needs one more dim than x"),
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
        expect.tensor(got, edited.reshape(1, size), what=_("the (1, n) view"), mistakes=[
            Mistake(_("that is still 1-D, shape (n,): x was not viewed as one row of shape (1, n)"), shape=(size,)),
            Mistake(_("that is a column (n, 1); this kata wants one row: shape (1, n)"), shape=(size, 1)),
            Mistake(_("the first element was not changed: these are the values of x before the edit"),
                    value=x.reshape(1, size)),
            Mistake(_("every element became value: in the (1, n) view, z[0] is the whole first row, not its first "
                      "element"), value=torch.full((1, size), value, dtype=x.dtype)),
            Mistake(_("value went into the last element, not the first"), value=last.reshape(1, size))])
        expect.check(expect.shares(got, call.args[0]),
                     _("the (1, n) result does not share memory with x: it is a copy (clone() and torch.stack "
                       "copy), so editing it cannot change x"))
        expect.tensor(call.args[0], edited, what=_("x after the call"), mistakes=[
            Mistake(_("x did not change: the edit went into a copy, not into a view of x"), value=x)])


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
        wrong_dims = [Mistake(_("the copies are stacked along dim {got}, not along a new dim at position {dim}"
                                ).format(got=d, dim=dim), value=torch.stack([x] * count, d))
                      for d in range(x.dim() + 1) if d != dim]
        expect.tensor(got, torch.stack([x] * count, dim), mistakes=[
            Mistake(_("that has as many dims as x: the copies were joined along a dim x already has (what "
                      "torch.cat and repeat do), where this kata adds a new dim"),
                    test=lambda v, x=x: v.dim() == x.dim()),
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
        only_one = [Mistake(_("squeeze({dim}) removes only dim {dim}; the other size-1 dims are still there"
                              ).format(dim=d), value=x.squeeze(d)) for d in range(x.dim()) if x.shape[d] == 1]
        expect.tensor(got, expected, mistakes=[
            *only_one,
            Mistake(_("no dim was removed: squeeze(d) removes dim d only, and only when its size is 1"),
                    shape=x.shape),
            Mistake(_("that joins every dim into one, as flatten() and reshape(-1) do; only the size-1 dims "
                      "should go"),
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
        expect.tensor(got, x.reshape(size, 1), what=_("the column"), mistakes=[
            Mistake(_("that is still (n,): x.T does nothing to a 1-D tensor (it has only one dim to reverse)"),
                    shape=(size,)),
            Mistake(_("that is a row (1, n); a column has shape (n, 1)"), shape=(1, size))])
        expect.unchanged(call, 0, x, "x")


# ----- hwc_to_chw and chw_to_hwc -------------------------------------------------------------

REGROUPED = N_("that is a reshape, not a permute: reshape and view keep the numbers in memory order and only "
               "regroup them, so colours and pixels get mixed up")

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
        what = _("the image made from (H, W, C) = {shape}").format(shape=_shape(img))
        expect.tensor(got, img.permute(2, 0, 1), what=what, mistakes=[
            Mistake(_(REGROUPED), value=img.reshape(c, h, w)),
            Mistake(_("that is (C, W, H): height and width are swapped (as transpose(0, 2) or permute(2, 1, 0) "
                      "swap them)"), value=img.permute(2, 1, 0)),
            Mistake(_("that is (W, C, H): permute(1, 2, 0) goes the other direction, from (C, H, W) to (H, W, C)"),
                    value=img.permute(1, 2, 0))])
        expect.unchanged(call, 0, img, "img")


def test_chw_to_hwc(student, inputs):
    for img in _images(inputs, first_channels=True):
        c, h, w = img.shape
        call = student.run(img)
        got = student.returned(call)
        what = _("the image made from (C, H, W) = {shape}").format(shape=_shape(img))
        expect.tensor(got, img.permute(1, 2, 0), what=what, mistakes=[
            Mistake(_(REGROUPED), value=img.reshape(h, w, c)),
            Mistake(_("that is (W, H, C): height and width are swapped (as transpose(0, 2) or permute(2, 1, 0) "
                      "swap them)"), value=img.permute(2, 1, 0)),
            Mistake(_("that is (W, C, H): permute(2, 0, 1) is hwc_to_chw's direction, from (H, W, C) to "
                      "(C, H, W)"), value=img.permute(2, 0, 1))])
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
            Mistake(_("x.flatten() flattens the batch dim too, so dim 0 is gone"), shape=(x.numel(),)),
            Mistake(_("those are the right numbers in the wrong order: row i must hold the values of x[i] in "
                      "order (a transpose or permute before flattening moves them)"),
                    test=lambda v, e=expected: v.shape == e.shape and not torch.equal(v, e) and torch.equal(
                        v.flatten().sort().values, e.flatten().sort().values))])
        expect.unchanged(call, 0, x, "x")
