"""Other answers to s09_gpu (the GPU-only katas are skipped without a GPU; their variants, too)."""
import numpy as np
import torch

from tests.variants import accepted, wrong


# ----- pick_device -----

@accepted("pick_device")
def tutorial_device():
    if torch.cuda.is_available():
        device = "cuda"  # Use NVIDIA GPU (if available)
    elif torch.backends.mps.is_available():
        device = "mps"  # Use Apple Silicon GPU (if available)
    else:
        device = "cpu"  # Default to CPU if no GPU is available
    return device


@accepted("pick_device")
def one_line_device():
    return "cuda" if torch.cuda.is_available() else ("mps" if torch.backends.mps.is_available() else "cpu")


@accepted("pick_device")
def device_type():
    return torch.device("cuda" if torch.cuda.device_count() > 0 else
                        "mps" if torch.backends.mps.is_available() else "cpu").type


@wrong("pick_device", says="no CUDA GPU here")
def always_cuda():
    return "cuda"


@wrong("pick_device", says="Apple's GPU (MPS) is there")
def ignoring_mps():
    return "cuda" if torch.cuda.is_available() else "cpu"


@wrong("pick_device", says="CUDA comes first")
def mps_first():
    if torch.backends.mps.is_available():
        return "mps"
    return "cuda" if torch.cuda.is_available() else "cpu"


@wrong("pick_device", says="got torch.device('cuda')")
def device_object():
    if torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("mps" if torch.backends.mps.is_available() else "cpu")


@wrong("pick_device", says="without a device index")
def indexed_cuda():
    if torch.cuda.is_available():
        return "cuda:0"
    return "mps" if torch.backends.mps.is_available() else "cpu"


@wrong("pick_device", says="not one of the names PyTorch gives")
def gpu_word():
    if torch.cuda.is_available():
        return "gpu"
    return "mps" if torch.backends.mps.is_available() else "cpu"


# ----- gpu_count -----

@accepted("gpu_count")
def count_as_tensor():
    return torch.tensor(torch.cuda.device_count())


@accepted("gpu_count")
def count_if_available():
    return torch.cuda.device_count() if torch.cuda.is_available() else 0


@wrong("gpu_count", says="not the number of GPUs")
def availability_as_int():
    return int(torch.cuda.is_available())


@wrong("gpu_count", says="True or False")
def availability():
    return torch.cuda.is_available()


@wrong("gpu_count", says="counts Apple's MPS")
def counting_mps():
    return torch.cuda.device_count() + int(torch.backends.mps.is_available())


# ----- to_device -----

@accepted("to_device")
def to_keyword(t, device):
    return t.to(device=device)


@accepted("to_device")
def as_tensor_on(t, device):
    return torch.as_tensor(t, device=device)


@accepted("to_device")
def to_torch_device(t, device):
    tensor_on_device = t.to(torch.device(device))
    return tensor_on_device


@wrong("to_device", says="does not move t")
def result_unused(t, device):
    t.to(device)
    return t


@wrong("to_device", says="t.cuda() always goes to the GPU")
def always_cuda_tensor(t, device):
    return t.cuda()


@wrong("to_device", says="keeps its dtype")
def to_float(t, device):
    return t.to(device).float()


@wrong("to_device", says='expected it on the "meta" device (a device every PyTorch has')
def always_cpu(t, device):
    return t.cpu()


@wrong("to_device", says="wrong values")
def zeros_on_device(t, device):
    return torch.zeros_like(t, device=device)


# ----- model_to_device -----

@accepted("model_to_device")
def model_to_keyword(model, device):
    return model.to(device=device)


@accepted("model_to_device")
def moved_in_place(model, device):
    model.to(torch.device(device))
    return model


@wrong("model_to_device", says="forget to `return`")
def model_not_returned(model, device):
    model.to(device)


@wrong("model_to_device", says="some layers were left behind")
def first_layer_only(model, device):
    model[0].to(device)
    return model


@wrong("model_to_device", says="buffers")
def parameters_only(model, device):
    for module in model.modules():
        for name, p in list(module.named_parameters(recurse=False)):
            setattr(module, name, torch.nn.Parameter(p.detach().to(device)))
    return model


@wrong("model_to_device", says="model.cuda() always goes to the GPU")
def model_cuda(model, device):
    return model.cuda()


@wrong("model_to_device", says="keeps its dtypes")
def model_half(model, device):
    return model.half().to(device)


@wrong("model_to_device", says="wrong values")
def empty_model(model, device):
    return model.to_empty(device=device)


@wrong("model_to_device", says="nothing was moved")
def same_model(model, device):
    return model


# ----- gpu_square_to_numpy, cuda_to_numpy (graded only with a GPU) -----

@accepted("gpu_square_to_numpy")
def square_function(t):
    return torch.square(t.cuda()).cpu().numpy()


@wrong("gpu_square_to_numpy", says="computed on the CPU")
def square_on_cpu(t):
    return (t ** 2).cuda().cpu().numpy()


@wrong("gpu_square_to_numpy", says="can't convert", status="error")
def numpy_of_gpu_tensor(t):
    return (t.cuda() ** 2).numpy()


@wrong("gpu_square_to_numpy", says="no square was computed on the GPU")
def square_in_numpy(t):
    return np.square(t.cuda().cpu().numpy())


@accepted("cuda_to_numpy")
def cpu_then_numpy(t):
    return t.cpu().numpy()


@wrong("cuda_to_numpy", says="can't convert", status="error")
def numpy_directly(t):
    return t.numpy()


@wrong("cuda_to_numpy", says="expected a NumPy array")
def cpu_tensor(t):
    return t.cpu()
