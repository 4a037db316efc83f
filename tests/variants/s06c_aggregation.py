"""Other answers to s06c_aggregation."""
import torch

from tests.variants import accepted, wrong


# ----- summarize -------------------------------------------------------------------------------

@accepted("summarize")
def python_numbers(t):
    return {"min": t.min().item(), "max": t.max().item(), "mean": t.double().mean().item(),
            "sum": t.sum().item()}


@accepted("summarize")
def torch_functions(t):
    return {"min": torch.min(t), "max": torch.max(t), "mean": torch.mean(t.type(torch.float32)),
            "sum": torch.sum(t)}


@accepted("summarize")
def true_division(t):
    return {"min": t.min(), "max": t.max(), "mean": t.sum() / t.numel(), "sum": t.sum()}


@wrong("summarize", says="floating-point tensors only")
def mean_of_integers(t):
    return {"min": t.min(), "max": t.max(), "mean": t.mean(), "sum": t.sum()}


@wrong("summarize", says="sum // numel")
def floor_mean(t):
    return {"min": t.min(), "max": t.max(), "mean": t.sum() // t.numel() if not t.is_floating_point()
            else t.mean(), "sum": t.sum()}


@wrong("summarize", says="sum // numel")
def int_of_mean(t):
    return {"min": t.min(), "max": t.max(), "mean": int(t.float().mean()) if not t.is_floating_point()
            else t.mean(), "sum": t.sum()}


@wrong("summarize", says="len(t)")
def mean_over_rows(t):
    return {"min": t.min(), "max": t.max(), "mean": t.sum().item() / len(t), "sum": t.sum()}


@wrong("summarize", says="swapped")
def min_max_swapped(t):
    return {"min": t.max(), "max": t.min(), "mean": t.float().mean(), "sum": t.sum()}


@wrong("summarize", says="position of the smallest")
def argmin_as_min(t):
    return {"min": t.argmin(), "max": t.max(), "mean": t.float().mean(), "sum": t.sum()}


@wrong("summarize", says="position of the largest value (argmax), not the value itself")
def argmax_as_max(t):
    return {"min": t.min(), "max": t.argmax(), "mean": t.float().mean(), "sum": t.sum()}


@wrong("summarize", says='no key "sum"')
def missing_sum(t):
    return {"min": t.min(), "max": t.max(), "mean": t.float().mean()}


@wrong("summarize", says="expected a dict")
def as_tuple(t):
    return t.min(), t.max(), t.float().mean(), t.sum()


# ----- argmax_argmin ---------------------------------------------------------------------------

@accepted("argmax_argmin")
def tensors(t):
    return torch.argmax(t), torch.argmin(t)


@accepted("argmax_argmin")
def max_with_dim(t):
    return t.max(dim=0).indices, t.min(dim=0).indices


@wrong("argmax_argmin", says="values themselves")
def values(t):
    return t.max().item(), t.min().item()


@wrong("argmax_argmin", says="order is swapped")
def swapped(t):
    return int(t.argmin()), int(t.argmax())


@wrong("argmax_argmin", says="whole number")
def float_positions(t):
    return float(t.argmax()), float(t.argmin())


@wrong("argmax_argmin", says="expected a tuple")
def as_list(t):
    return [int(t.argmax()), int(t.argmin())]


@wrong("argmax_argmin", says="expected an int")
def one_element_tensors(t):
    return t.argmax().reshape(1), t.argmin().reshape(1)


# ----- best_class_per_row ----------------------------------------------------------------------

@accepted("best_class_per_row")
def last_dim(scores):
    return torch.argmax(scores, dim=-1)


@accepted("best_class_per_row")
def max_indices(scores):
    return scores.max(dim=1).indices


@accepted("best_class_per_row")
def softmax_first(scores):
    return torch.softmax(scores, dim=1).argmax(dim=1)


@wrong("best_class_per_row", says="without dim")
def no_dim(scores):
    return scores.argmax()


@wrong("best_class_per_row", says="per column")
def dim_zero(scores):
    return scores.argmax(dim=0)


@wrong("best_class_per_row", says="keepdim")
def keep_dim(scores):
    return scores.argmax(dim=1, keepdim=True)


@wrong("best_class_per_row", says="largest scores themselves")
def max_values(scores):
    return scores.max(dim=1).values


@wrong("best_class_per_row", says="argmin")
def smallest(scores):
    return scores.argmin(dim=1)


@wrong("best_class_per_row", says="with a batch of one row the answer still has shape (1,)")
def keepdim_then_squeeze(scores):
    return scores.argmax(dim=1, keepdim=True).squeeze()


# ----- convert_dtypes --------------------------------------------------------------------------

@accepted("convert_dtypes")
def type_method(t):
    return t.type(torch.float16), t.type(torch.int8)


@accepted("convert_dtypes")
def half_and_char(t):
    return t.half(), t.char()


@wrong("convert_dtypes", says="the float16 copy converted again")
def converted_twice(t):
    half = t.half()
    return half, half.char()


@wrong("convert_dtypes", says="still float32")
def conversion_result_ignored(t):
    t.to(torch.float16)
    return t, t.to(torch.int8)


@wrong("convert_dtypes", says="still float32")
def int8_ignored(t):
    return t.to(torch.float16), t


@wrong("convert_dtypes", says="order is swapped")
def swapped_order(t):
    return t.to(torch.int8), t.to(torch.float16)


@wrong("convert_dtypes", says="unsigned")
def unsigned(t):
    return t.to(torch.float16), t.to(torch.uint8)


@wrong("convert_dtypes", says="bfloat16")
def brain_float(t):
    return t.to(torch.bfloat16), t.to(torch.int8)


@wrong("convert_dtypes", says="rounds to the nearest")
def rounded(t):
    return t.to(torch.float16), t.round().to(torch.int8)


@wrong("convert_dtypes", says="wider integer")
def int64_copy(t):
    return t.to(torch.float16), t.long()


@wrong("convert_dtypes", says="t was changed")
def in_place_truncation(t):
    return t.to(torch.float16), t.trunc_().to(torch.int8)
