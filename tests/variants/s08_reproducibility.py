"""Other answers to s08_reproducibility."""
import random

import numpy as np
import torch

from tests.variants import accepted, wrong


# ----- seeded_rand -----

@accepted("seeded_rand")
def seeded_generator(seed, rows, cols):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(rows, cols, generator=g)


@accepted("seeded_rand")
def tutorial_style(seed, rows, cols):
    torch.random.manual_seed(seed=seed)
    return torch.rand(size=(rows, cols))


@accepted("seeded_rand")
def seeding_all_libraries(seed, rows, cols):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return torch.rand(rows, cols)


@wrong("seeded_rand", says="seed ignored")
def ignoring_the_seed(seed, rows, cols):
    return torch.rand(rows, cols)


@wrong("seeded_rand", says="Python's random")
def seeding_python(seed, rows, cols):
    random.seed(seed)
    return torch.rand(rows, cols)


@wrong("seeded_rand", says="you seeded NumPy")
def seeding_numpy(seed, rows, cols):
    np.random.seed(seed)
    return torch.rand(rows, cols)


@wrong("seeded_rand", says="came after torch.rand")
def seeding_after(seed, rows, cols):
    t = torch.rand(rows, cols)
    torch.manual_seed(seed)
    return t


@wrong("seeded_rand", says="seed 42")
def hard_coded_seed(seed, rows, cols):
    torch.manual_seed(42)
    return torch.rand(rows, cols)


@wrong("seeded_rand", says="torch.randn")
def seeded_randn(seed, rows, cols):
    torch.manual_seed(seed)
    return torch.randn(rows, cols)


@wrong("seeded_rand", says="swapped")
def seeded_swapped(seed, rows, cols):
    torch.manual_seed(seed)
    return torch.rand(cols, rows)


@wrong("seeded_rand", says="something drawn between")
def drawing_before(seed, rows, cols):
    torch.manual_seed(seed)
    torch.rand(1)
    return torch.rand(rows, cols)


@wrong("seeded_rand", says="unless asked for another dtype")
def seeded_float64(seed, rows, cols):
    torch.manual_seed(seed)
    return torch.rand(rows, cols, dtype=torch.float64)


# ----- equal_random_pair -----

@accepted("equal_random_pair")
def two_generators(seed):
    a = torch.rand(3, 4, generator=torch.Generator().manual_seed(seed))
    b = torch.rand(3, 4, generator=torch.Generator().manual_seed(seed))
    return a, b


@accepted("equal_random_pair")
def tutorial_pair(seed):
    RANDOM_SEED = seed
    torch.manual_seed(seed=RANDOM_SEED)
    random_tensor_C = torch.rand(3, 4)
    torch.random.manual_seed(seed=RANDOM_SEED)
    random_tensor_D = torch.rand(3, 4)
    return (random_tensor_C, random_tensor_D)


@wrong("equal_random_pair", says="seeded only once")
def seeding_once(seed):
    torch.manual_seed(seed)
    return torch.rand(3, 4), torch.rand(3, 4)


@wrong("equal_random_pair", says="one and the same tensor")
def same_tensor_twice(seed):
    torch.manual_seed(seed)
    t = torch.rand(3, 4)
    return t, t


@wrong("equal_random_pair", says="is a copy of the first")
def cloned_pair(seed):
    torch.manual_seed(seed)
    a = torch.rand(3, 4)
    return a, a.clone()


@wrong("equal_random_pair", says="is a copy of the first")
def rebuilt_pair(seed):
    torch.manual_seed(seed)
    a = torch.rand(3, 4)
    return a, torch.tensor(a.tolist())


@accepted("equal_random_pair")
def filled_in_place(seed):
    torch.manual_seed(seed)
    a = torch.empty(3, 4).uniform_()  # the same draws as torch.rand(3, 4)
    torch.manual_seed(seed)
    return a, torch.rand(3, 4)


@wrong("equal_random_pair", says="expected a tuple")
def pair_as_list(seed):
    torch.manual_seed(seed)
    a = torch.rand(3, 4)
    torch.manual_seed(seed)
    return [a, torch.rand(3, 4)]


@wrong("equal_random_pair", says="not the values")
def unseeded_pair(seed):
    a = torch.rand(3, 4)
    return a, a.clone()


@wrong("equal_random_pair", says="expected shape (3, 4)")
def transposed_pair(seed):
    torch.manual_seed(seed)
    a = torch.rand(4, 3)
    torch.manual_seed(seed)
    return a, torch.rand(4, 3)


# ----- rand_isolated -----

@accepted("rand_isolated")
def forked_rng(seed, rows, cols):
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        return torch.rand(rows, cols)


@accepted("rand_isolated")
def saved_and_restored(seed, rows, cols):
    state = torch.get_rng_state()
    torch.manual_seed(seed)
    t = torch.rand(rows, cols)
    torch.set_rng_state(state)
    return t


@wrong("rand_isolated", says="torch.manual_seed(seed) reseeds")
def global_seed(seed, rows, cols):
    torch.manual_seed(seed)
    return torch.rand(rows, cols)


@wrong("rand_isolated", says="drew from (or reseeded)")
def generator_and_global_draw(seed, rows, cols):
    g = torch.Generator().manual_seed(seed)
    t = torch.rand(rows, cols, generator=g)
    torch.rand(1)
    return t


@wrong("rand_isolated", says="seed ignored")
def unseeded_generator(seed, rows, cols):
    return torch.rand(rows, cols, generator=torch.Generator())


# ----- seed_everything -----

@accepted("seed_everything")
def seeding_cuda_too(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


@accepted("seed_everything")
def returning_the_generator(seed):
    random.seed(seed)
    np.random.seed(seed)
    return torch.random.manual_seed(seed)


@accepted("seed_everything")
def cuda_only_where_a_gpu_is(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.default_generator.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.random.manual_seed_all(seed)


@wrong("seed_everything", says="left CUDA seeded with 42")
def cuda_reseeded_with_a_fixed_number(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(42)


@wrong("seed_everything", says="Python's random and NumPy did not repeat")
def only_torch(seed):
    torch.manual_seed(seed)


@wrong("seed_everything", says="NumPy was not seeded")
def numpy_generator_object(seed):
    random.seed(seed)
    np.random.default_rng(seed)
    torch.manual_seed(seed)


@wrong("seed_everything", says="PyTorch was not seeded")
def no_torch(seed):
    random.seed(seed)
    np.random.seed(seed)


@wrong("seed_everything", says="fixed number")
def fixed_seed(seed):
    random.seed(seed)
    np.random.seed(42)
    torch.manual_seed(seed)


@wrong("seed_everything", says="did not seed CUDA")
def cpu_generator_only(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.default_generator.manual_seed(seed)


@wrong("seed_everything", says="instead of calling it")
def assigning_the_cuda_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed = seed
