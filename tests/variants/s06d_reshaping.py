"""Other answers to s06d_reshaping."""
import torch

from tests.variants import accepted, wrong


# ----- add_batch_dim -------------------------------------------------------------------------

@accepted("add_batch_dim")
def none_index(x):
    return x[None]


@accepted("add_batch_dim")
def reshape_one(x):
    return x.reshape(1, *x.shape)


@accepted("add_batch_dim")
def unsqueeze_function(x):
    return torch.unsqueeze(x, dim=0)


@wrong("add_batch_dim", says="unsqueeze(-1)")
def unsqueeze_last(x):
    return x.unsqueeze(-1)


@wrong("add_batch_dim", says="position 1")
def unsqueeze_one(x):
    return x.unsqueeze(1) if x.dim() else x.unsqueeze(0)


@wrong("add_batch_dim", says="x was changed")
def unsqueeze_in_place(x):
    return x.unsqueeze_(0)


@wrong("add_batch_dim", says="new size-1 dim is missing")
def same_tensor(x):
    return x


# ----- view_and_edit -------------------------------------------------------------------------

@accepted("view_and_edit")
def unsqueeze_view(x, value):
    z = x.unsqueeze(0)
    z[0, 0] = value
    return z


@accepted("view_and_edit")
def reshape_view(x, value):
    z = x.reshape(1, len(x))
    z[:, 0] = value
    return z


@accepted("view_and_edit")
def edit_x_first(x, value):
    x[0] = value
    return x[None]


@wrong("view_and_edit", says="copy")
def edit_clone(x, value):
    z = x.clone().view(1, -1)
    z[0, 0] = value
    return z


@wrong("view_and_edit", says="copy")
def reshape_then_clone(x, value):
    z = x.reshape(1, -1).clone()
    z[:, 0] = value
    return z


@wrong("view_and_edit", says="copy")
def stacked(x, value):
    z = torch.stack([x])
    z[0, 0] = value
    return z


@wrong("view_and_edit", says="copy")
def edit_x_return_copy(x, value):
    x[0] = value
    return x.clone().view(1, -1)


@wrong("view_and_edit", says="column")
def column_view(x, value):
    z = x.view(-1, 1)
    z[0, 0] = value
    return z


@wrong("view_and_edit", says="first element was not changed")
def no_edit(x, value):
    return x.view(1, -1)


@wrong("view_and_edit", says="whole first row")
def whole_row(x, value):
    z = x.view(1, -1)
    z[0] = value
    return z


@wrong("view_and_edit", says="still 1-D")
def edit_one_d(x, value):
    x[0] = value
    return x


@wrong("view_and_edit", says="last element")
def edit_last(x, value):
    z = x.view(1, -1)
    z[0, -1] = value
    return z


# ----- stack_copies --------------------------------------------------------------------------

@accepted("stack_copies")
def stack_comprehension(x, n, dim):
    return torch.stack([x for _ in range(n)], dim)


@accepted("stack_copies")
def unsqueeze_repeat(x, n, dim):
    reps = [1] * (x.dim() + 1)
    reps[dim] = n
    return x.unsqueeze(dim).repeat(*reps)


@wrong("stack_copies", says="torch.cat")
def cat_copies(x, n, dim):
    return torch.cat([x] * n, dim)


@wrong("stack_copies", says="stacked along dim 0")
def always_dim_zero(x, n, dim):
    return torch.stack([x] * n)


@wrong("stack_copies", says="torch.cat")
def repeat_rows(x, n, dim):
    return x.repeat(n, *[1] * (x.dim() - 1))


@wrong("stack_copies", says="wrong values")
def one_short(x, n, dim):
    return torch.stack([x] * (n - 1) + [torch.zeros_like(x)], dim)


# ----- squeeze_all ---------------------------------------------------------------------------

@accepted("squeeze_all")
def squeeze_function(x):
    return torch.squeeze(x)


@accepted("squeeze_all")
def reshape_kept_dims(x):
    return x.reshape([d for d in x.shape if d != 1])


@wrong("squeeze_all", says="squeeze(0)")
def squeeze_first(x):
    return x.squeeze(0)


@wrong("squeeze_all", says="no dim was removed")
def squeeze_last(x):
    return x.squeeze(-1)


@wrong("squeeze_all", says="flatten()")
def flattened(x):
    return x.flatten()


# ----- to_column -----------------------------------------------------------------------------

@accepted("to_column")
def reshape_column(x):
    return x.reshape(-1, 1)


@accepted("to_column")
def none_column(x):
    return x[:, None]


@accepted("to_column")
def view_column(x):
    return x.view(len(x), 1)


@wrong("to_column", says="x.T does nothing")
def transposed(x):
    return x.T


@wrong("to_column", says="that is a row")
def row(x):
    return x.reshape(1, -1)


@wrong("to_column", says="that is a row")
def unsqueeze_zero(x):
    return x.unsqueeze(0)


# ----- hwc_to_chw and chw_to_hwc -------------------------------------------------------------

@accepted("hwc_to_chw")
def movedim_to_front(img):
    return torch.movedim(img, 2, 0)


@accepted("hwc_to_chw")
def permute_function(img):
    return torch.permute(img, (2, 0, 1)).contiguous()


@wrong("hwc_to_chw", says="a reshape, not a permute")
def reshape_chw(img):
    h, w, c = img.shape
    return img.reshape(c, h, w)


@wrong("hwc_to_chw", says="height and width are swapped")
def transpose_chw(img):
    return img.transpose(0, 2)


@wrong("hwc_to_chw", says="other direction")
def inverse_permute(img):
    return img.permute(1, 2, 0)


@accepted("chw_to_hwc")
def movedim_to_back(img):
    return img.movedim(0, -1)


@wrong("chw_to_hwc", says="a reshape, not a permute")
def reshape_hwc(img):
    c, h, w = img.shape
    return img.reshape(h, w, c)


@wrong("chw_to_hwc", says="hwc_to_chw's direction")
def forward_permute(img):
    return img.permute(2, 0, 1)


@wrong("chw_to_hwc", says="height and width are swapped")
def transpose_hwc(img):
    return img.transpose(0, 2)


@wrong("chw_to_hwc", says="a reshape, not a permute")
def view_hwc(img):
    c, h, w = img.shape
    return img.view(h, w, c)


# ----- flatten_batch -------------------------------------------------------------------------

@accepted("flatten_batch")
def reshape_batch(x):
    return x.reshape(x.shape[0], -1)


@accepted("flatten_batch")
def contiguous_view(x):
    return x.contiguous().view(x.size(0), -1)


@accepted("flatten_batch")
def flatten_module(x):
    return torch.nn.Flatten()(x)


@wrong("flatten_batch", says="flattens the batch dim too")
def flatten_everything(x):
    return x.flatten()


@wrong("flatten_batch", says="view size is not compatible", status="error")
def view_batch(x):
    return x.view(x.shape[0], -1)


@wrong("flatten_batch", says="wrong order")
def transposed_flatten(x):
    return x.transpose(-1, -2).reshape(x.shape[0], -1)


@wrong("flatten_batch", says="wrong order")
def reshape_then_transpose(x):
    return x.reshape(-1, x.shape[0]).T
