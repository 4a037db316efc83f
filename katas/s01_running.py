"""1. Running PyTorch code (PyTorch 코드 실행하기).

Check which PyTorch you are running: read its version string and compare versions as numbers.
Run `kata grade --section s01_running` to check your answers.
"""
import torch


def torch_version() -> str:
    """Return the installed PyTorch version string, exactly as PyTorch itself reports it.

    Read it from PyTorch when the function runs; do not type it in. On a Colab machine with
    CUDA 12.1 it looks like "2.5.0+cu121"; on a CPU-only install, something like "2.5.0+cpu".
    """
    raise NotImplementedError("torch_version")


def version_at_least(version: str, major: int, minor: int) -> bool:
    """Return True when the version string `version` is at least `major`.`minor`, else False.

    `version` looks like "2.10.1+cu121": major 2, minor 10, patch 1, and a "+..." build label
    that does not count. Compare the numbers, not the text: as text "2.10" < "2.9", but
    version 2.10 is newer than 2.9.

    Examples: version_at_least("2.10.1+cu121", 2, 9) is True;
              version_at_least("2.5.0", 2, 5) is True (equal counts);
              version_at_least("1.13.1", 2, 0) is False.
    """
    raise NotImplementedError("version_at_least")
