"""Other answers to s06e_indexing."""
import torch

from tests.variants import accepted, wrong


# ----- first_matrix --------------------------------------------------------------------------

@accepted("first_matrix")
def chained_index(x):
    return x[0, :, :]


@accepted("first_matrix")
def select_first(x):
    return x.select(0, 0).clone()


@wrong("first_matrix", says="row 0 of every matrix")
def first_rows(x):
    return x[:, 0]


@wrong("first_matrix", says="keeps the batch dim")
def first_slice(x):
    return x[0:1]


@wrong("first_matrix", says="squeeze() drops every size-1 dim")
def squeezed_slice(x):
    return x[0:1].squeeze()


@wrong("first_matrix", says="squeeze() drops every size-1 dim")
def squeezed_first(x):
    return x[0].squeeze()


@wrong("first_matrix", says="last matrix")
def last_matrix(x):
    return x[-1]


@wrong("first_matrix", says="first row of the first matrix")
def first_row(x):
    return x[0][0]


@wrong("first_matrix", says="whole x")
def squeeze_batch(x):
    return x.squeeze(0)


# ----- column_from_each ----------------------------------------------------------------------

@accepted("column_from_each")
def ellipsis_column(x, j):
    return x[..., j]


@accepted("column_from_each")
def select_column(x, j):
    return x.select(2, j)


@accepted("column_from_each")
def transpose_then_row(x, j):
    return x.transpose(1, 2)[:, j]


@wrong("column_from_each", says="x[:, j] picks row j")
def row_of_each(x, j):
    return x[:, j]


@wrong("column_from_each", says="size-1 dim")
def column_slice(x, j):
    return x[:, :, j:j + 1]


@wrong("column_from_each", says="squeeze() drops every size-1 dim")
def squeezed_column(x, j):
    return x[:, :, j:j + 1].squeeze()


@wrong("column_from_each", says="first matrix only")
def column_of_first(x, j):
    return x[0, :, j]


# ----- pick_row_col --------------------------------------------------------------------------

@accepted("pick_row_col")
def two_steps(x, r, c):
    return x[:, r][:, c]


@accepted("pick_row_col")
def ellipsis_pick(x, r, c):
    return x[..., r, c]


@wrong("pick_row_col", says="x[0, r, c]")
def first_only(x, r, c):
    return x[0, r, c]


@wrong("pick_row_col", says="swapped")
def swapped_pick(x, r, c):
    return x[:, c, r]


@wrong("pick_row_col", says="size-1 dim")
def pick_slice(x, r, c):
    return x[:, r, c:c + 1]


@wrong("pick_row_col", says="squeeze() (or x[0, r, c]) drops the batch dim")
def squeezed_slices(x, r, c):
    return x[:, r:r + 1, c:c + 1].squeeze()


@wrong("pick_row_col", says="the next [r] picks a matrix")
def chained_all(x, r, c):
    return x[:][r][c]


# ----- row_keep_dims -------------------------------------------------------------------------

@accepted("row_keep_dims")
def list_index(m, i):
    return m[[i]]


@accepted("row_keep_dims")
def unsqueeze_row(m, i):
    return m[i].unsqueeze(0)


@accepted("row_keep_dims")
def none_row(m, i):
    return m[None, i]


@accepted("row_keep_dims")
def narrow_row(m, i):
    return m.narrow(0, i, 1)


@wrong("row_keep_dims", says="m[i] drops the row dim")
def plain_row(m, i):
    return m[i]


@wrong("row_keep_dims", says="column i")
def column_keep(m, i):
    return m[:, i:i + 1]


@wrong("row_keep_dims", says="row as a column")
def row_as_column(m, i):
    return m[i].reshape(-1, 1)


# ----- corners -------------------------------------------------------------------------------

@accepted("corners")
def stacked_corners(m):
    return torch.stack([m[0, 0], m[0, -1], m[-1, 0], m[-1, -1]])


@accepted("corners")
def sliced_corners(m):
    return m[::max(m.shape[0] - 1, 1), ::max(m.shape[1] - 1, 1)].reshape(-1) if min(m.shape) > 1 \
        else m[[0, 0, -1, -1], [0, -1, 0, -1]]


@accepted("corners")
def tensor_of_elements(m):
    return torch.tensor([m[0][0], m[0][-1], m[-1][0], m[-1][-1]], dtype=m.dtype)


@wrong("corners", says="swapped")
def column_order(m):
    return torch.stack([m[0, 0], m[-1, 0], m[0, -1], m[-1, -1]])


@wrong("corners", says="goes around")
def clockwise(m):
    return torch.stack([m[0, 0], m[0, -1], m[-1, -1], m[-1, 0]])


@wrong("corners", says="(2, 2) matrix")
def corner_matrix(m):
    return m[[0, -1]][:, [0, -1]]


@wrong("corners", says="the dtype is not m's")
def python_numbers(m):
    return torch.tensor([m[0, 0].item(), m[0, -1].item(), m[-1, 0].item(), m[-1, -1].item()])


@wrong("corners", says="a Python list of the corners, not one tensor")
def corner_list(m):
    return [m[0, 0], m[0, -1], m[-1, 0], m[-1, -1]]


# ----- positives -----------------------------------------------------------------------------

@accepted("positives")
def masked_select(v):
    return torch.masked_select(v, v > 0)


@accepted("positives")
def gt_method(v):
    return v[v.gt(0)]


@accepted("positives")
def nonzero_index(v):
    return v[torch.nonzero(v > 0).flatten()]


@wrong("positives", says="torch.where(v > 0, v, 0)")
def where_zero(v):
    return torch.where(v > 0, v, 0)


@wrong("positives", says="torch.where(v > 0, v, 0)")
def clamped(v):
    return v.clamp(min=0)


@wrong("positives", says="includes the zeros")
def non_negative(v):
    return v[v >= 0]


@wrong("positives", says="sorted")
def sorted_positives(v):
    return v[v > 0].sort().values


@wrong("positives", says="mask itself")
def the_mask(v):
    return v > 0


@wrong("positives", says="positions")
def positions(v):
    return torch.where(v > 0)


@wrong("positives", says="positions")
def position_tensor(v):
    return (v > 0).nonzero().flatten()


@wrong("positives", says="v was changed")
def clamp_in_place(v):
    v.clamp_(min=0)
    return v[v > 0]
