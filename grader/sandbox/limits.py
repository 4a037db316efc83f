"""Per-call limits for student code, and their defaults (kept free of torch: the CLI reads them)."""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TIMEOUT = 10.0
DEFAULT_MEMORY = 2 * 1024**3


@dataclass(frozen=True)
class Limits:
    """Per-call limits: seconds of wall time, bytes of extra memory (enforced where the runner can: Linux)."""

    timeout: float = DEFAULT_TIMEOUT
    memory: int = DEFAULT_MEMORY
