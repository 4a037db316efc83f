"""Tensor Katas: PyTorch tensor katas and the grader that marks them."""
__version__ = "0.1.0"
