#!/usr/bin/env bash
# The project's tests, run against the package as pip users get it: build the sdist and, from it,
# the wheel; install that wheel (not editable) with the CPU build of PyTorch into a fresh venv;
# run the suite there. Arguments go to pytest (e.g. `bash scripts/test.sh -k release -x`).
#   PYTHON   the interpreter to build the venv from (default: python3)
#   KATA_TEST_VENV   where the venv goes (default: .venv-test; kept between runs, so a second run
#                    only rebuilds and reinstalls the package; KATA_TEST_FRESH=1 makes it anew)
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1
python=${PYTHON:-python3}
venv=${KATA_TEST_VENV:-.venv-test}
dist=$(mktemp -d)
trap 'rm -rf "$dist"' EXIT

py="$venv/bin/python"
if [ "${KATA_TEST_FRESH:-0}" = 1 ] || [ ! -x "$py" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$py" -m pip install -q torch==2.13.0 build
fi
"$py" -m build -q --outdir "$dist" . >/dev/null
wheel=$(ls "$dist"/tensor_katas-*.whl)
"$py" -m pip install -q --force-reinstall --no-deps "$wheel"
"$py" -m pip install -q "$wheel[test]"

# The console script, not `python -m pytest`: the checkout's own grader/ must not be importable,
# so every test exercises the installed wheel (tests/conftest.py checks that it does).
export KATA_TEST_INSTALLED=1 KATA_WHEEL="$wheel" KATA_SDIST="$(ls "$dist"/tensor_katas-*.tar.gz)"
"$venv/bin/pytest" "$@"
