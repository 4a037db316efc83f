#!/usr/bin/env bash
# The project's tests, run against the package as pip users get it: build the sdist and, from it,
# the wheel; install that wheel (not editable) with the CPU build of PyTorch into a venv; run the
# suite there. Arguments go to pytest (e.g. `bash scripts/test.sh -k release -x`).
#
# By default the fast tier runs (pytest's addopts deselect tests marked `slow`), spread over the
# machine's cores by pytest-xdist. `.ci/run` adds the slow tier: `bash scripts/test.sh -m slow`.
#   PYTHON           the interpreter to build the venv from (default: python3)
#   KATA_TEST_VENV   where the venv goes (default: .venv-test; kept between runs, so a second run
#                    only rebuilds and reinstalls the package; KATA_TEST_FRESH=1 makes it anew)
#   KATA_TEST_JOBS   pytest-xdist workers (default: auto, one per core; 0 runs in this process)
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
  "$py" -m pip install -q torch==2.13.0 build "setuptools>=64"
fi
# --no-isolation: the venv already has the build backend; an isolated build would fetch it each run.
"$py" -m build -q --no-isolation --outdir "$dist" . >/dev/null 2>&1 || "$py" -m build --no-isolation --outdir "$dist" .
wheel=$(ls "$dist"/tensor_katas-*.whl)
"$py" -m pip install -q --force-reinstall --no-deps "$wheel"
# The dependencies and the test extra, only when the wheel's requirements changed since the last run.
wanted=$("$py" -c 'import sys, zipfile, hashlib; z = zipfile.ZipFile(sys.argv[1])
meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
print(hashlib.sha256(b"".join(l for l in z.read(meta).splitlines() if l.startswith(b"Requires-Dist"))).hexdigest())' "$wheel")
if [ "$(cat "$venv/.kata-requirements" 2>/dev/null)" != "$wanted" ]; then
  "$py" -m pip install -q "$wheel[test]"
  echo "$wanted" > "$venv/.kata-requirements"
fi

# The console script, not `python -m pytest`: the checkout's own grader/ must not be importable,
# so every test exercises the installed wheel (tests/conftest.py checks that it does).
export KATA_TEST_INSTALLED=1 KATA_WHEEL="$wheel" KATA_SDIST="$(ls "$dist"/tensor_katas-*.tar.gz)"
"$venv/bin/pytest" -n "${KATA_TEST_JOBS:-auto}" "$@"
