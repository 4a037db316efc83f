"""Other answers to s10_exercises."""
import numpy as np
import torch

from tests.variants import accepted, wrong


# ----- seeded_matmul -----

@accepted("seeded_matmul")
def transposed_draw(seed):
    torch.manual_seed(seed)
    x = torch.rand(7, 7)
    y_t = torch.rand(7, 1)  # the same seven draws as torch.rand(1, 7), already a column
    return x @ y_t


@accepted("seeded_matmul")
def mm_with_t(seed):
    torch.manual_seed(seed)
    tensor_A = torch.rand(size=(7, 7))
    tensor_B = torch.rand(size=(1, 7))
    return torch.mm(tensor_A, tensor_B.t())


@accepted("seeded_matmul")
def matmul_generator(seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(7, 7, generator=g)
    y = torch.rand(1, 7, generator=g)
    return torch.matmul(x, y.T)


@wrong("seeded_matmul", says="seeded again before drawing Y")
def reseeded_before_y(seed):
    torch.manual_seed(seed)
    x = torch.rand(7, 7)
    torch.manual_seed(seed)
    y = torch.rand(1, 7)
    return x @ y.T


@wrong("seeded_matmul", says="Y was drawn before X")
def y_first(seed):
    torch.manual_seed(seed)
    y = torch.rand(1, 7)
    x = torch.rand(7, 7)
    return x @ y.T


@wrong("seeded_matmul", says="Y·Xᵀ")
def y_times_x(seed):
    torch.manual_seed(seed)
    x = torch.rand(7, 7)
    y = torch.rand(1, 7)
    return y @ x.T


@wrong("seeded_matmul", says="element-wise")
def elementwise(seed):
    torch.manual_seed(seed)
    x = torch.rand(7, 7)
    y = torch.rand(1, 7)
    return x * y


@wrong("seeded_matmul", says="values of seed 0")
def seed_zero(seed):
    torch.manual_seed(0)
    x = torch.rand(7, 7)
    y = torch.rand(1, 7)
    return x @ y.T


@wrong("seeded_matmul", says="torch.randn")
def normal_draws(seed):
    torch.manual_seed(seed)
    x = torch.randn(7, 7)
    y = torch.randn(1, 7)
    return x @ y.T


@wrong("seeded_matmul", says="drawn right after torch.manual_seed(seed)")
def unseeded(seed):
    x = torch.rand(7, 7)
    y = torch.rand(1, 7)
    return x @ y.T


# ----- set_gpu_seed -----

@accepted("set_gpu_seed")
def seed_all_gpus(seed):
    torch.cuda.manual_seed_all(seed)


@accepted("set_gpu_seed")
def seed_every_device(seed):
    torch.manual_seed(seed)


@accepted("set_gpu_seed")
def seed_keyword(seed):
    torch.cuda.manual_seed(seed=seed)


@accepted("set_gpu_seed")
def cuda_random_module(seed):
    torch.cuda.random.manual_seed(seed)  # where torch.cuda.manual_seed is defined


@accepted("set_gpu_seed")
def only_where_a_gpu_is(seed):
    if torch.cuda.is_available():
        torch.cuda.manual_seed(seed)


@accepted("set_gpu_seed")
def cpu_reseeded_first(seed):
    torch.manual_seed(42)  # seeds CUDA with 42 too, but the CUDA seed below comes last and wins
    torch.cuda.manual_seed(seed)


@accepted("set_gpu_seed")
def imported_by_name(seed):
    from torch.cuda import manual_seed_all
    manual_seed_all(seed)


@wrong("set_gpu_seed", says="then re-seeded with 42")
def cpu_reseeded_after(seed):
    torch.cuda.manual_seed(seed)
    torch.manual_seed(42)  # seeds every CUDA device with 42, over the seed above


@wrong("set_gpu_seed", says="replaced by an assignment")
def assigned(seed):
    torch.cuda.manual_seed = seed


@wrong("set_gpu_seed", says="not with the seed it was given")
def fixed_gpu_seed(seed):
    torch.cuda.manual_seed(42)


@wrong("set_gpu_seed", says="CUDA generator was not seeded")
def nothing(seed):
    pass


@wrong("set_gpu_seed", says="CUDA generator was not seeded")
def numpy_seed(seed):
    np.random.seed(seed)


@wrong("set_gpu_seed", says="CUDA generator was not seeded")
def random_gpu_seed(seed):
    torch.cuda.seed()


@wrong("set_gpu_seed", says="CUDA generator was not seeded")
def cpu_generator_only(seed):
    torch.default_generator.manual_seed(seed)


# ----- seeded_pair_on -----

@accepted("seeded_pair_on")
def moved_in_a_loop(seed, device):
    torch.manual_seed(seed)
    tensor_A = torch.rand(size=(2, 3)).to(device=device)
    tensor_B = torch.rand(size=(2, 3)).to(device=device)
    return tensor_A, tensor_B


@accepted("seeded_pair_on")
def generator_expression(seed, device):
    torch.manual_seed(seed)
    pair = [torch.rand(2, 3), torch.rand(2, 3)]
    return tuple(t.to(device) for t in pair)


@wrong("seeded_pair_on", says="drawn on the device")
def drawn_on_device(seed, device):
    torch.manual_seed(seed)
    return torch.rand(2, 3, device=device), torch.rand(2, 3, device=device)


@wrong("seeded_pair_on", says="returns a moved copy")
def not_moved(seed, device):
    torch.manual_seed(seed)
    a, b = torch.rand(2, 3), torch.rand(2, 3)
    a.to(device)
    b.to(device)
    return a, b


@wrong("seeded_pair_on", says="seeded again before the second")
def reseeded_pair(seed, device):
    torch.manual_seed(seed)
    a = torch.rand(2, 3)
    torch.manual_seed(seed)
    b = torch.rand(2, 3)
    return a.to(device), b.to(device)


@wrong("seeded_pair_on", says="expected a tuple")
def pair_list(seed, device):
    torch.manual_seed(seed)
    return [torch.rand(2, 3).to(device), torch.rand(2, 3).to(device)]


@wrong("seeded_pair_on", says="not the values of torch.rand(2, 3)")
def unseeded_pair(seed, device):
    return torch.rand(2, 3).to(device), torch.rand(2, 3).to(device)


@wrong("seeded_pair_on", says="exactly two torch.rand(2, 3) draws")
def one_extra_draw(seed, device):
    torch.manual_seed(seed)
    a, b = torch.rand(2, 3), torch.rand(2, 3)
    torch.rand(1)
    return a.to(device), b.to(device)


@wrong("seeded_pair_on", says="it asks PyTorch whether a GPU is there")
def only_with_a_gpu(seed, device):
    if torch.cuda.is_available():
        torch.manual_seed(seed)
        return torch.rand(2, 3).to(device), torch.rand(2, 3).to(device)


# ----- product_extremes -----

@accepted("product_extremes")
def python_numbers(a, b):
    p = torch.mm(a, b.t())
    return {"product": p, "max": p.max().item(), "min": p.min().item(),
            "argmax": torch.argmax(p).item(), "argmin": torch.argmin(p).item()}


@accepted("product_extremes")
def flattened(a, b):
    p = torch.einsum("ik,jk->ij", a, b)
    flat = p.flatten()
    return dict(product=p, max=flat.max(), min=flat.min(), argmax=flat.argmax(), argmin=flat.argmin())


@wrong("product_extremes", says="one position per row")
def positions_per_row(a, b):
    p = a @ b.T
    return {"product": p, "max": p.max(), "min": p.min(), "argmax": p.argmax(dim=1), "argmin": p.argmin(dim=1)}


@wrong("product_extremes", says="value itself, not its position")
def values_as_positions(a, b):
    p = a @ b.T
    return {"product": p, "max": p.max(), "min": p.min(), "argmax": p.max(), "argmin": p.min()}


@wrong("product_extremes", says="swapped")
def swapped_positions(a, b):
    p = a @ b.T
    return {"product": p, "max": p.max(), "min": p.min(), "argmax": p.argmin(), "argmin": p.argmax()}


@wrong("product_extremes", says="(row, column)")
def row_and_column(a, b):
    p = a @ b.T
    i = int(p.argmax())
    j = int(p.argmin())
    n = p.shape[1]
    return {"product": p, "max": p.max(), "min": p.min(), "argmax": (i // n, i % n), "argmin": (j // n, j % n)}


@wrong("product_extremes", says="aᵀ·b")
def transposed_first(a, b):
    p = a.T @ b
    return {"product": p, "max": p.max(), "min": p.min(), "argmax": p.argmax(), "argmin": p.argmin()}


@wrong("product_extremes", says="one value per row")
def max_per_row(a, b):
    p = a @ b.T
    return {"product": p, "max": p.max(dim=1).values, "min": p.min(dim=1).values,
            "argmax": p.argmax(), "argmin": p.argmin()}


@wrong("product_extremes", says="(values, indices)")
def max_with_dim(a, b):
    p = a @ b.T
    return {"product": p, "max": p.max(dim=1), "min": p.min(dim=1), "argmax": p.argmax(), "argmin": p.argmin()}


@wrong("product_extremes", says='no key "argmin"')
def missing_key(a, b):
    p = a @ b.T
    return {"product": p, "max": p.max(), "min": p.min(), "argmax": p.argmax()}


@wrong("product_extremes", says="a reshape, not a transpose")
def reshaped_not_transposed(a, b):
    p = a @ b.reshape(b.shape[1], b.shape[0])
    return {"product": p, "max": p.max(), "min": p.min(), "argmax": p.argmax(), "argmin": p.argmin()}


@wrong("product_extremes", says="position of the largest value")
def argmax_as_max(a, b):
    p = a @ b.T
    return {"product": p, "max": p.argmax(), "min": p.min(), "argmax": p.argmax(), "argmin": p.argmin()}


# ----- squeeze_seeded -----

@accepted("squeeze_seeded")
def reshaped(seed):
    torch.manual_seed(seed)
    x = torch.rand(1, 1, 1, 10)
    return x, x.reshape(10)


@accepted("squeeze_seeded")
def flattened_x(seed):
    torch.manual_seed(seed)
    x = torch.rand(size=(1, 1, 1, 10))
    return (x, x.flatten())


@accepted("squeeze_seeded")
def indexed(seed):
    torch.manual_seed(seed)
    x = torch.rand(1, 1, 1, 10)
    return x, x[0, 0, 0]


@wrong("squeeze_seeded", says="squeeze(dim) removes only that one dim")
def squeeze_one(seed):
    torch.manual_seed(seed)
    x = torch.rand(1, 1, 1, 10)
    return x, x.squeeze(1)


@wrong("squeeze_seeded", says="fresh draw")
def fresh_draw(seed):
    torch.manual_seed(seed)
    x = torch.rand(1, 1, 1, 10)
    return x, torch.rand(1, 1, 1, 10).squeeze()


@wrong("squeeze_seeded", says="still has all its size-1 dims")
def squeeze_last(seed):
    torch.manual_seed(seed)
    x = torch.rand(1, 1, 1, 10)
    return x, x.squeeze(-1)


@wrong("squeeze_seeded", says="not the ones torch.rand(1, 1, 1, 10) gives")
def unseeded_squeeze(seed):
    x = torch.rand(1, 1, 1, 10)
    return x, x.squeeze()
