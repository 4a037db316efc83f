"""Other answers to s06b_matmul."""
import torch

from tests.variants import accepted, wrong


# ----- elementwise_product ---------------------------------------------------------------------

@accepted("elementwise_product")
def torch_mul(a, b):
    return torch.mul(a, b)


@accepted("elementwise_product")
def torch_multiply(a, b):
    return torch.multiply(a, b)


@wrong("elementwise_product", says="a @ b")
def matmul_product(a, b):
    return a @ b


@wrong("elementwise_product", says="a @ b")
def torch_matmul_product(a, b):
    return torch.matmul(a, b)


@wrong("elementwise_product", says="dot product")
def summed_product(a, b):
    return (a * b).sum()


@wrong("elementwise_product", says="a + b")
def added(a, b):
    return a + b


@wrong("elementwise_product", says="a itself")
def returns_a(a, b):
    return a


@wrong("elementwise_product", says="a was changed")
def multiply_in_place(a, b):
    return a.mul_(b)


# ----- dot_product -----------------------------------------------------------------------------

@accepted("dot_product")
def at_operator(a, b):
    return a @ b


@accepted("dot_product")
def torch_dot(a, b):
    return torch.dot(a, b)


@accepted("dot_product")
def sum_of_products(a, b):
    return (a * b).sum()


@accepted("dot_product")
def einsum_dot(a, b):
    return torch.einsum("i,i->", a, b)


@wrong("dot_product", says="uses a for loop")
def for_loop(a, b):
    value = 0
    for i in range(len(a)):
        value += a[i] * b[i]
    return value


@wrong("dot_product", says="uses a for loop")
def for_loop_tensor(a, b):
    value = torch.zeros((), dtype=a.dtype)
    for x, y in zip(a, b):
        value = value + x * y
    return value


@wrong("dot_product", says="while loop")
def while_loop(a, b):
    value, i = torch.zeros((), dtype=a.dtype), 0
    while i < len(a):
        value = value + a[i] * b[i]
        i += 1
    return value


@wrong("dot_product", says="list comprehension")
def list_comprehension(a, b):
    return torch.stack([x * y for x, y in zip(a, b)] or [torch.zeros((), dtype=a.dtype)]).sum()


@wrong("dot_product", says="built-in sum()")
def builtin_sum(a, b):
    return sum(a * b)


@wrong("dot_product", says="list comprehension")
def nested_helper_loop(a, b):
    def helper(x, y):
        return torch.stack([torch.zeros((), dtype=x.dtype)] + [x[i] * y[i] for i in range(len(x))]).sum()
    return helper(a, b)


@accepted("dot_product")
def torch_sum_of_products(a, b):
    return torch.sum(a * b)


@accepted("dot_product")
def inner_product(a, b):
    return torch.inner(a, b)


@accepted("dot_product")
def sum_imported_from_torch(a, b):
    from torch import sum  # this sum is torch.sum, not Python's
    return sum(a * b)


@accepted("dot_product")
def length_checked(a, b):
    if len(a) != len(b):
        raise ValueError(f"lengths differ: {len(a)} and {len(b)}")
    return torch.tensordot(a, b, dims=1)


# Loops that a student who has read the check might hide from it.

@wrong("dot_product", says="uses the built-in sum()")
def builtins_module_sum_map(a, b):
    import builtins
    return builtins.sum(builtins.map(torch.mul, a, b), torch.zeros((), dtype=a.dtype))


@wrong("dot_product", says="uses the built-in sum()")
def builtins_imported_as(a, b):
    import builtins as python
    return python.sum(a * b, torch.zeros((), dtype=a.dtype))


@wrong("dot_product", says="uses the built-in sum()")
def sum_renamed(a, b):
    total = sum
    return total(a * b, torch.zeros((), dtype=a.dtype))


@wrong("dot_product", says="uses the built-in map()")
def map_renamed(a, b):
    pairs = map
    products = list(pairs(torch.mul, a, b))
    return torch.stack(products + [torch.zeros((), dtype=a.dtype)]).sum()


@wrong("dot_product", says="uses functools.reduce()")
def reduce_imported_as(a, b):
    from functools import reduce as fold
    return fold(torch.add, a * b, torch.zeros((), dtype=a.dtype))


@wrong("dot_product", says="uses the built-in sum()")
def sum_by_getattr(a, b):
    import builtins
    return getattr(builtins, "sum")(a * b, torch.zeros((), dtype=a.dtype))


@wrong("dot_product", says="getattr() with a name the grader cannot read")
def sum_by_computed_name(a, b):
    import builtins
    return getattr(builtins, "".join(["s", "u", "m"]))(a * b, torch.zeros((), dtype=a.dtype))


@wrong("dot_product", says="has __import__")
def sum_by_dunder_import(a, b):
    return __import__("builtins").sum(a * b, torch.zeros((), dtype=a.dtype))


@wrong("dot_product", says="has exec()")
def loop_in_exec(a, b):
    names = {"a": a, "b": b, "torch": torch}
    exec("total = torch.zeros((), dtype=a.dtype)\nfor x, y in zip(a, b):\n    total = total + x * y", names)
    return names["total"]


@wrong("dot_product", says="uses itertools.accumulate()")
def itertools_accumulate(a, b):
    import itertools
    running = itertools.accumulate(a * b, initial=torch.zeros((), dtype=a.dtype))
    *_, total = running
    return total


@wrong("dot_product", says="uses math.fsum()")
def fsum_of_python_numbers(a, b):
    import math
    import operator
    return torch.tensor(math.fsum(map(operator.mul, a.tolist(), b.tolist())), dtype=a.dtype)


@wrong("dot_product", says="uses the built-in sum()")
def sum_as_default_argument(a, b, total=sum):
    return total(a * b, torch.zeros((), dtype=a.dtype))


@wrong("dot_product", says="recursion (a function that calls itself)")
def recursion(a, b):
    if len(a) == 0:
        return torch.zeros((), dtype=a.dtype)
    return a[0] * b[0] + dot_product(a[1:], b[1:])  # noqa: F821 - the kata's own name, where it is graded


@wrong("dot_product", says="calls rest(), which uses recursion")
def nested_recursion(a, b):
    def rest(i):
        if i == len(a):
            return torch.zeros((), dtype=a.dtype)
        return a[i] * b[i] + rest(i + 1)
    return rest(0)


@wrong("dot_product", says="recursion")
def lambda_recursion(a, b):
    rest = lambda i: a[i] * b[i] + rest(i + 1) if i < len(a) else torch.zeros((), dtype=a.dtype)  # noqa: E731
    return rest(0)


@wrong("dot_product", says="recursion")
def method_recursion(a, b):
    class Walker:
        def total(self, i):
            return a[i] * b[i] + self.total(i + 1) if i < len(a) else torch.zeros((), dtype=a.dtype)
    return Walker().total(0)


@wrong("dot_product", says="__getitem__, which Python calls once per element")
def getitem_protocol(a, b):
    class Products:
        def __init__(self):
            self.total = torch.zeros((), dtype=a.dtype)

        def __getitem__(self, i):
            self.total = self.total + a[i] * b[i]  # a[len(a)] raises IndexError, which ends the walk
            return self.total

    products = Products()
    None in products
    return products.total


@wrong("dot_product", says="apply_(), which calls a Python function once per element")
def apply_each(a, b):
    products = (a * b).clone()
    running = [0]

    def add(x):
        running[0] += x
        return x

    products.apply_(add)
    return torch.tensor(running[0], dtype=products.dtype)


@wrong("dot_product", says="a generator expression")
def generator_expression(a, b):
    return torch.stack(tuple(x * y for x, y in zip(a, b)) + (torch.zeros((), dtype=a.dtype),)).sum()


@wrong("dot_product", says="a change to torch.dot")
def replaces_torch_dot(a, b):
    torch.dot = lambda x, y: sum(x * y, torch.zeros((), dtype=x.dtype))
    return torch.dot(a, b)


@wrong("dot_product", says="its work grows with the length")
def self_application(a, b):
    def step(again, i):  # no name of its own inside: it calls itself through its argument
        return a[i] * b[i] + again(again, i + 1) if i < len(a) else torch.zeros((), dtype=a.dtype)
    return step(step, 0)


@wrong("dot_product", says="element-wise product")
def elementwise_only(a, b):
    return a * b


@wrong("dot_product", says=".item() took the result out of its tensor")
def as_python_number(a, b):
    return torch.dot(a, b).item()


@wrong("dot_product", says="shape (1,)")
def one_element_vector(a, b):
    return (a @ b).reshape(1)


@wrong("dot_product", says="sum(a) * sum(b)")
def sum_times_sum(a, b):
    return a.sum() * b.sum()


# ----- can_matmul ------------------------------------------------------------------------------

@accepted("can_matmul")
def negative_indexes(shape_a, shape_b):
    return shape_a[-1] == shape_b[-2]


@accepted("can_matmul")
def try_it(shape_a, shape_b):
    try:
        torch.empty(tuple(shape_a)) @ torch.empty(tuple(shape_b))
    except RuntimeError:
        return False
    return True


@wrong("can_matmul", says="outer dims")
def outer_dims(shape_a, shape_b):
    return shape_a[0] == shape_b[1]


@wrong("can_matmul", says="equal shapes are not enough")
def whole_shapes(shape_a, shape_b):
    return tuple(shape_a) == tuple(shape_b)


@wrong("can_matmul", says="last dim of the first shape must equal the first dim of the second")
def last_dims(shape_a, shape_b):
    return shape_a[1] == shape_b[1]


@wrong("can_matmul", says="only the last dim of the first")
def always_false(shape_a, shape_b):
    return False


@wrong("can_matmul", says="expected True or False")
def as_int(shape_a, shape_b):
    return int(shape_a[1] == shape_b[0])


# ----- matmul_shape ----------------------------------------------------------------------------

@accepted("matmul_shape")
def torch_style_message(shape_a, shape_b):
    (n, k), (k2, m) = shape_a, shape_b
    if k != k2:
        raise ValueError(f"mat1 and mat2 shapes cannot be multiplied ({n}x{k} and {k2}x{m})")
    return n, m


@accepted("matmul_shape")
def size_result(shape_a, shape_b):
    if shape_a[1] != shape_b[0]:
        raise ValueError(f"{list(shape_a)} @ {list(shape_b)}: inner dims differ")
    return torch.Size([shape_a[0], shape_b[1]])


@wrong("matmul_shape", says="inner dims")
def inner_dims(shape_a, shape_b):
    if shape_a[1] != shape_b[0]:
        raise ValueError(f"cannot multiply {shape_a} by {shape_b}")
    return (shape_a[1], shape_b[0])


@wrong("matmul_shape", says="swapped")
def swapped_result(shape_a, shape_b):
    if shape_a[1] != shape_b[0]:
        raise ValueError(f"cannot multiply {shape_a} by {shape_b}")
    return (shape_b[1], shape_a[0])


@wrong("matmul_shape", says="expected a ValueError")
def never_raises(shape_a, shape_b):
    return (shape_a[0], shape_b[1])


@wrong("matmul_shape", says="expected ValueError, got RuntimeError")
def torch_raises(shape_a, shape_b):
    return tuple((torch.empty(tuple(shape_a)) @ torch.empty(tuple(shape_b))).shape)


@wrong("matmul_shape", says="expected ValueError, got AssertionError")
def asserts(shape_a, shape_b):
    assert shape_a[1] == shape_b[0], f"{shape_a} {shape_b}"
    return (shape_a[0], shape_b[1])


@wrong("matmul_shape", says="should show both shapes")
def vague_message(shape_a, shape_b):
    if shape_a[1] != shape_b[0]:
        raise ValueError("the shapes do not match")
    return (shape_a[0], shape_b[1])


@wrong("matmul_shape", says="a list, in square brackets")
def as_list(shape_a, shape_b):
    if shape_a[1] != shape_b[0]:
        raise ValueError(f"cannot multiply {shape_a} by {shape_b}")
    return [shape_a[0], shape_b[1]]


# ----- fix_matmul ------------------------------------------------------------------------------

@accepted("fix_matmul")
def t_method(a, b):
    return a @ b.t()


@accepted("fix_matmul")
def matmul_transpose(a, b):
    return a.matmul(b.transpose(0, 1))


@accepted("fix_matmul")
def mm_mT(a, b):
    return torch.mm(a, b.mT)


@accepted("fix_matmul")
def einsum_fix(a, b):
    return torch.einsum("ik,jk->ij", a, b)


@wrong("fix_matmul", says="the transpose went on a")
def transposed_a(a, b):
    return a.T @ b


@wrong("fix_matmul", says="element-wise product")
def elementwise_fix(a, b):
    return a * b


@wrong("fix_matmul", says="transpose of the answer")
def swapped_operands(a, b):
    return b @ a.T


@wrong("fix_matmul", says="the product's order is swapped")
def b_transposed_times_a(a, b):
    return b.T @ a


@wrong("fix_matmul", says="that is a reshape, not a transpose")
def reshape_for_transpose(a, b):
    return a @ b.reshape(b.shape[1], b.shape[0])


@wrong("fix_matmul", says="that is a reshape, not a transpose")
def view_for_transpose(a, b):
    return a @ b.view(-1, b.shape[0])


# ----- linear_forward --------------------------------------------------------------------------

@accepted("linear_forward")
def functional_linear(x, weight, bias):
    return torch.nn.functional.linear(x, weight, bias)


@accepted("linear_forward")
def addmm(x, weight, bias):
    return torch.addmm(bias, x, weight.T)


@accepted("linear_forward")
def matmul_then_add(x, weight, bias):
    return torch.matmul(x, weight.t()) + bias


@wrong("linear_forward", says="x @ weight + bias")
def no_transpose(x, weight, bias):
    return x @ weight + bias


@wrong("linear_forward", says="bias is missing")
def missing_bias(x, weight, bias):
    return x @ weight.T


@wrong("linear_forward", says="subtracts the bias")
def minus_bias(x, weight, bias):
    return x @ weight.T - bias


@wrong("linear_forward", says="transpose of the answer")
def weight_first(x, weight, bias):
    return weight @ x.T + bias[:, None]


@wrong("linear_forward", says="a reshape does not do that")
def reshaped_weight(x, weight, bias):
    return x @ weight.reshape(weight.shape[1], weight.shape[0]) + bias


@wrong("linear_forward", says="weight was changed")
def transposes_weight_in_place(x, weight, bias):
    return x @ weight.t_() + bias


# ----- seeded_linear ---------------------------------------------------------------------------

@accepted("seeded_linear")
def keywords(in_features, out_features, seed):
    torch.random.manual_seed(seed)
    return torch.nn.Linear(in_features=in_features, out_features=out_features, bias=True)


@accepted("seeded_linear")
def fork_rng(in_features, out_features, seed):
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        return torch.nn.Linear(in_features, out_features)


@wrong("seeded_linear", says="right before creating the layer")
def seeded_after(in_features, out_features, seed):
    layer = torch.nn.Linear(in_features, out_features)
    torch.manual_seed(seed)
    return layer


@wrong("seeded_linear", says="swapped")
def swapped_features(in_features, out_features, seed):
    torch.manual_seed(seed)
    return torch.nn.Linear(out_features, in_features)


@wrong("seeded_linear", says="right before creating the layer")
def not_seeded(in_features, out_features, seed):
    return torch.nn.Linear(in_features, out_features)


@wrong("seeded_linear", says="the seed this call was given was not set")
def always_42(in_features, out_features, seed):
    torch.manual_seed(42)
    return torch.nn.Linear(in_features, out_features)


@wrong("seeded_linear", says="drawn in between")
def draws_in_between(in_features, out_features, seed):
    torch.manual_seed(seed)
    torch.rand(3)
    return torch.nn.Linear(in_features, out_features)


@wrong("seeded_linear", says="no bias")
def without_bias(in_features, out_features, seed):
    torch.manual_seed(seed)
    return torch.nn.Linear(in_features, out_features, bias=False)


@wrong("seeded_linear", says="expected a torch.nn.Linear")
def in_a_sequential(in_features, out_features, seed):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(in_features, out_features))
