"""Checks for s06e_indexing: matrices, columns, elements and rows of a (B, R, C) tensor; masks."""
import torch

from grader.checkkit import expect
from grader.checkkit.expect import Mistake
from grader.i18n import _


def _example() -> torch.Tensor:
    """The tutorial's running example, shape (1, 2, 3)."""
    return torch.arange(1, 7).reshape(1, 2, 3)


def _two_different(inputs, limit: int) -> tuple[int, int]:
    """Two different indexes in [0, limit), limit >= 2."""
    a = inputs.integer(0, limit)
    return a, (a + inputs.integer(1, limit)) % limit


# ----- first_matrix --------------------------------------------------------------------------

def test_first_matrix(student, inputs):
    b, r, c = inputs.shape(3)
    # Matrices with one row or one column too: squeeze() would drop their size-1 dims as well.
    cases = [inputs.randn(b, r, c), _example(), inputs.randint(-50, 50, c, b, r),
             inputs.noncontiguous(b, r, c), torch.zeros(b, 0, c), inputs.randn(b, 1, c),
             inputs.randint(-50, 50, b, r, 1)]
    for x in cases:
        call = student.run(x)
        got = student.returned(call)
        expect.tensor(got, x[0], what=_("the first matrix"), mistakes=[
            Mistake(_("squeeze() drops every size-1 dim, the matrix's own too (a matrix with one row or one "
                      "column), not only the batch dim"),
                    test=lambda v, x=x: 1 in x.shape[1:] and torch.equal(v, x[0].squeeze())),
            Mistake(_("that is row 0 of every matrix (x[:, 0]), not the first matrix"),
                    value=x[:, 0] if x.shape[1] else None),
            Mistake(_("x[0:1] (or x[:1]) keeps the batch dim: that is a batch holding one matrix, not the "
                      "(R, C) matrix itself"), shape=(1, *x.shape[1:])),
            Mistake(_("that is column 0 of every matrix, not the first matrix"), value=x[..., 0]),
            Mistake(_("that is only the first row of the first matrix (x[0][0]), not the whole matrix"),
                    value=x[0, 0] if x.shape[1] else None),
            Mistake(_("that is the last matrix: indexes start at 0, and -1 counts from the end"), value=x[-1]),
            Mistake(_("that is the whole x, not its first matrix"), value=x)])
        expect.unchanged(call, 0, x, "x")


# ----- column_from_each ----------------------------------------------------------------------

def test_column_from_each(student, inputs):
    b, r, c = inputs.shape(3)
    cases = [(inputs.randn(b, r, c), inputs.integer(0, min(r, c))), (_example(), 1),
             (inputs.randint(-50, 50, b, r, c), c - 1), (inputs.noncontiguous(c, b, r), 0),
             (inputs.randn(b, 1, c), c - 2)]  # one row per matrix: squeeze() would drop it
    for x, j in cases:
        call = student.run(x, j)
        got = student.returned(call)
        rows = x.shape[1]
        expect.tensor(got, x[:, :, j], what=_("column {j} of every matrix").format(j=j), mistakes=[
            Mistake(_("squeeze() drops every size-1 dim, those of x too (a batch of one, matrices with one row)"),
                    test=lambda v, x=x, j=j: 1 in x.shape[:2] and torch.equal(v, x[:, :, j].squeeze())),
            Mistake(_("x[:, j] picks row j of every matrix (dim 1 holds the rows); the columns are in the last "
                      "dim"), value=x[:, j] if j < rows else None),
            Mistake(_("that keeps a size-1 dim at the end, as slicing with j:j+1 does"), shape=(*x.shape[:2], 1)),
            Mistake(_("that is column j of the first matrix only, not of every matrix"), value=x[0, :, j]),
            Mistake(_("that is matrix number j (x[j]), not column j of every matrix"),
                    value=x[j] if j < x.shape[0] else None)])
        expect.unchanged(call, 0, x, "x")


# ----- pick_row_col --------------------------------------------------------------------------

def test_pick_row_col(student, inputs):
    b, r, c = inputs.shape(3)
    row, col = _two_different(inputs, min(r, c))
    # A batch of one matrix too: its answer still has shape (1,), which squeeze() would drop.
    cases = [(inputs.randn(b, r, c), row, col), (torch.arange(1, 13).reshape(2, 2, 3), 1, 1),
             (inputs.randint(-50, 50, b, r, c), r - 1, c - 1), (inputs.noncontiguous(c, b, r), 0, r - 1),
             (_example(), 1, 2)]
    for x, i, j in cases:
        call = student.run(x, i, j)
        got = student.returned(call)
        rows, cols = x.shape[1:]
        expect.tensor(got, x[:, i, j], what=_("element ({i}, {j}) of every matrix").format(i=i, j=j), mistakes=[
            Mistake(_("with a batch of one matrix the answer still has shape (1,): squeeze() (or x[0, r, c]) "
                      "drops the batch dim"), test=lambda v, x=x: x.shape[0] == 1 and v.dim() == 0),
            Mistake(_("x[0, r, c] is one element of the first matrix only, not one from every matrix"), shape=()),
            Mistake(_("row and column are swapped: the row index comes before the column index"),
                    value=x[:, j, i] if j < rows and i < cols else None),
            Mistake(_("that keeps a size-1 dim, as slicing with c:c+1 does"), shape=(x.shape[0], 1)),
            Mistake(_("x[r, c] (or x[:][r][c]) is row c of matrix r: x[:] is all of x, so the next [r] picks a "
                      "matrix"), value=x[i, j] if i < x.shape[0] and j < rows else None)])
        expect.unchanged(call, 0, x, "x")


# ----- row_keep_dims -------------------------------------------------------------------------

def test_row_keep_dims(student, inputs):
    r, c = inputs.shape(2)
    cases = [(inputs.randn(r, c), inputs.integer(0, min(r, c))), (_example()[0], 1),
             (inputs.randint(-50, 50, r, c), r - 1), (inputs.noncontiguous(r, c), 0), (inputs.randn(1, c), 0)]
    for m, i in cases:
        call = student.run(m, i)
        got = student.returned(call)
        rows, cols = m.shape
        expect.tensor(got, m[i:i + 1], what=_("row {i} with its row dim").format(i=i), mistakes=[
            Mistake(_("m[i] drops the row dim and gives shape (C,)"), shape=(cols,)),
            Mistake(_("that is column i (m[:, i:i+1] or m[:, i]), not row i"),
                    test=lambda v, m=m, i=i: i < m.shape[1] and tuple(v.shape) in ((m.shape[0], 1), (m.shape[0],))
                    and torch.equal(v.flatten(), m[:, i])),
            Mistake(_("that is the row as a column (C, 1); the row dim goes in front: shape (1, C)"),
                    shape=(cols, 1))])
        expect.unchanged(call, 0, m, "m")


# ----- corners -------------------------------------------------------------------------------

def test_corners(student, inputs):
    r, c = inputs.shape(2)
    cases = [inputs.randn(r, c), inputs.randint(-50, 50, c, r), inputs.noncontiguous(r, c, dtype=torch.float64),
             inputs.randn(1, c), inputs.randint(-50, 50, r, 1, dtype=torch.int32), inputs.randn(1, 1)]
    for m in cases:
        call = student.run(m)
        got = student.returned(call)
        top_left, top_right, bottom_left, bottom_right = m[0, 0], m[0, -1], m[-1, 0], m[-1, -1]
        expected = torch.stack([top_left, top_right, bottom_left, bottom_right])
        # Before expect.tensor: its own advice for a list would make two fixes in one message.
        expect.check(not isinstance(got, (list, tuple)), _(
            "the corners: expected one torch.Tensor, got {got}: a Python {kind} of the corners, not one tensor "
            "holding them").format(got=expect.describe(got), kind=type(got).__name__))
        expect.tensor(got, expected, what=_("the corners"), mistakes=[
            Mistake(_("top-right and bottom-left are swapped: the order is row by row, top-left, top-right, "
                      "bottom-left, bottom-right"),
                    value=torch.stack([top_left, bottom_left, top_right, bottom_right])),
            Mistake(_("that goes around the matrix; the order is row by row: top-left, top-right, bottom-left, "
                      "bottom-right"), value=torch.stack([top_left, top_right, bottom_right, bottom_left])),
            Mistake(_("that is a (2, 2) matrix of the corners; the kata wants them in one row, shape (4,)"),
                    shape=(2, 2)),
            Mistake(_("the dtype is not m's: torch.tensor of Python numbers (from .item()) picks a dtype of its "
                      "own"), test=lambda v, m=m: v.shape == (4,) and v.dtype != m.dtype)])
        expect.unchanged(call, 0, m, "m")


# ----- positives -----------------------------------------------------------------------------

def test_positives(student, inputs):
    n = inputs.integer(6, 14)
    with_zero = inputs.randint(-5, 6, n)
    with_zero[inputs.integer(0, n)] = 0
    cases = [torch.tensor([3, -1, 0, 5, -2]), inputs.randn(n), with_zero, -(inputs.rand(n) + 0.1),
             inputs.randn(2 * n)[::2], torch.zeros(0)]
    for v in cases:
        call = student.run(v)
        got = student.returned(call)
        expected = v[v > 0]
        # Before expect.tensor: its own advice for a tuple would make two fixes in one message.
        expect.check(not isinstance(got, tuple), _(
            "the positive elements: expected a torch.Tensor, got {got}: torch.where(v > 0) with one argument gives "
            "positions (a tuple of index tensors), not the elements").format(got=expect.describe(got)))
        expect.tensor(got, expected, what=_("the positive elements"), mistakes=[
            Mistake(_("that is the mask itself (True/False for each element), not the elements it picks"),
                    test=lambda g: g.dtype == torch.bool),
            Mistake(_("that keeps every position and puts 0 where v <= 0 (what torch.where(v > 0, v, 0) and "
                      "v.clamp(min=0) do), where only the elements greater than 0 should remain"),
                    test=lambda g, v=v: g.shape == v.shape and torch.equal(g.to(v.dtype), v.clamp(min=0))),
            Mistake(_("that includes the zeros: 0 is not greater than 0 (v >= 0 keeps them)"), value=v[v >= 0]),
            Mistake(_("those are sorted; the elements should keep the order they have in v"),
                    value=expected.sort().values),
            Mistake(_("those are the positions of the positive elements, not their values"),
                    test=lambda g, v=v: torch.equal(g.flatten(), (v > 0).nonzero().flatten()))])
        expect.unchanged(call, 0, v, "v")
