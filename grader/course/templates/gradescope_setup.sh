#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu; 22.04 by
# default), from the autograder zip unpacked in /autograder/source. It makes a virtual environment
# with PyTorch's CPU build and the grader; run_autograder then grades each submission with it.
# Written by `kata release` (tensor-katas __VERSION__).
#   AUTOGRADER_ROOT   the autograder folder (default: /autograder)
#   KATA_VENV         the virtual environment (default: $AUTOGRADER_ROOT/venv); one already there is reused
set -euo pipefail
source="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${AUTOGRADER_ROOT:-/autograder}"
venv="${KATA_VENV:-$root/venv}"

# Tensor Katas needs Python 3.11 or newer: Ubuntu 24.04's python3 is 3.12; on 22.04 (3.10), the
# universe archive's python3.11 is installed.
pick_python() {
  for candidate in python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x "$venv/bin/python" ]; then
  if ! python="$(pick_python)"; then
    apt-get update
    apt-get install -y python3.11 python3.11-venv
    python=python3.11
  fi
  if ! "$python" -m venv "$venv"; then
    # Debian and Ubuntu ship venv's pip bootstrap apart, as python3.X-venv.
    apt-get update
    apt-get install -y "$("$python" -c 'import sys; print(f"python3.{sys.version_info[1]}-venv")')"
    rm -rf "$venv"
    "$python" -m venv "$venv"
  fi
fi

# PyTorch's CPU build first: Gradescope has no GPU, and PyPI's default build would download
# gigabytes of CUDA libraries it cannot use. __TORCH__ is the version the grader was checked with;
# any 2.x works.
# Then the grader: __INSTALL_NOTE__
"$venv/bin/python" -m pip install __TORCH__ --index-url __TORCH_INDEX__
"$venv/bin/python" -m pip install __INSTALL__
"$venv/bin/kata" --version
