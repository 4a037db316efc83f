"""Random inputs for checks, reproducible from the run's seed and the kata's id."""
from __future__ import annotations

import zlib

import torch


class Inputs:
    """A seeded source of check inputs: distinct dims, non-square shapes, edge cases."""

    def __init__(self, seed: int, kata_id: str) -> None:
        self.generator = torch.Generator().manual_seed((seed * 1_000_003 + zlib.crc32(kata_id.encode())) % 2**63)

    def integer(self, low: int, high: int) -> int:
        """A Python int in [low, high)."""
        return int(torch.randint(low, high, (), generator=self.generator))

    def shape(self, ndim: int, low: int = 2, high: int = 9) -> tuple[int, ...]:
        """A shape whose dims all differ, each in [low, high)."""
        assert high - low >= ndim, "range too small for distinct dims"
        dims = torch.randperm(high - low, generator=self.generator)[:ndim] + low
        return tuple(int(d) for d in dims)

    def rand(self, *shape: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        """Uniform values in [0, 1)."""
        return torch.rand(shape, generator=self.generator, dtype=dtype)

    def randn(self, *shape: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        """Normal values, negatives included."""
        return torch.randn(shape, generator=self.generator, dtype=dtype)

    def randint(self, low: int, high: int, *shape: int, dtype: torch.dtype = torch.int64) -> torch.Tensor:
        return torch.randint(low, high, shape, generator=self.generator, dtype=dtype)

    def noncontiguous(self, *shape: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        """A tensor of `shape` that is not contiguous in memory (a transposed view)."""
        assert len(shape) >= 2, "a non-contiguous tensor needs 2 or more dims"
        flipped = (*shape[:-2], shape[-1], shape[-2])
        t = torch.randn(flipped, generator=self.generator).to(dtype).transpose(-1, -2)
        assert not t.is_contiguous() or 1 in shape
        return t
