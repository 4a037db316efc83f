"""The grader's wheel that `kata release` puts in a student repo (grader/course/wheel.py): the installed
grader, rebuilt file for file, and never reference solutions, even when the grader's own wheel ships them."""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import py_compile
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from grader.course import wheel
from tests.ci_sim import ci_env, deps_venv
from tests.conftest import ROOT, SOLUTIONS

# Where a future `kata solution` command might ship the reference answers, and a top-level copy.
PLANTED = {
    "grader/solutions/__init__.py": b'"""Reference answers for `kata solution`."""\n',
    "grader/solutions/s03_creating.py": (SOLUTIONS / "s03_creating.py").read_bytes(),
    "grader/course/solutions.toml": b'[s03_creating]\nzero_to_ten = "torch.arange(10)"\n',
    "grader/course/solution/s06b_matmul.py": (SOLUTIONS / "s06b_matmul.py").read_bytes(),
    "solutions/s06b_matmul.py": (SOLUTIONS / "s06b_matmul.py").read_bytes(),
}


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def record_rows(files: dict[str, bytes]) -> list[list[str]]:
    (record,) = [n for n in files if n.endswith(".dist-info/RECORD")]
    return list(csv.reader(io.StringIO(files[record].decode())))


def assert_record_is_right(files: dict[str, bytes]) -> None:
    """Every file is in RECORD with its hash and size, and RECORD lists nothing else (itself unhashed)."""
    rows = record_rows(files)
    assert sorted(r[0] for r in rows) == sorted(files)
    for name, hashed, size in rows:
        if name.endswith(".dist-info/RECORD"):
            assert (hashed, size) == ("", "")
        else:
            assert (hashed, size) == (digest(files[name]), str(len(files[name]))), name


def without_record(files: dict[str, bytes]) -> dict[str, bytes]:
    return {n: d for n, d in files.items() if not n.endswith(".dist-info/RECORD")}


def planted_wheel(source: Path, folder: Path) -> Path:
    """`source` with PLANTED added, as a build backend would write it: RECORD and top_level.txt updated."""
    files = without_record(members(source))
    (info,) = {n.split("/")[0] for n in files if ".dist-info/" in n}
    files.update(PLANTED)
    files[f"{info}/top_level.txt"] += b"solutions\n"
    rows = [[n, digest(d), str(len(d))] for n, d in files.items()] + [[f"{info}/RECORD", "", ""]]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    files[f"{info}/RECORD"] = text.getvalue().encode()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / source.name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def install_like_pip(wheel_path: Path, site: Path) -> metadata.Distribution:
    """Unpack a wheel into `site` as pip does: its files, bytecode, a console script outside site-packages,
    INSTALLER, REQUESTED, direct_url.json, and a RECORD that lists them all."""
    files = members(wheel_path)
    (info,) = {n.split("/")[0] for n in files if ".dist-info/" in n}
    rows = [r for r in record_rows(files) if not r[0].endswith("/RECORD")]
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    extra = {f"{info}/INSTALLER": b"pip\n", f"{info}/REQUESTED": b"",
             f"{info}/direct_url.json": b'{"archive_info": {}, "url": "file:///tmp/x.whl"}',
             "../../../bin/kata": b"#!/usr/bin/python\nfrom grader.cli import main\nmain()\n"}
    (site.parent / "bin").mkdir(exist_ok=True)
    for name, data in extra.items():
        (site / name).resolve().parent.mkdir(parents=True, exist_ok=True)
        (site / name).resolve().write_bytes(data)
        rows.append([name, digest(data), str(len(data))])
    compiled = py_compile.compile(str(site / "grader" / "__init__.py"), doraise=True)
    rows.append([str(Path(compiled).relative_to(site)), "", ""])
    rows.append([f"{info}/RECORD", "", ""])
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    (site / info / "RECORD").write_text(text.getvalue())
    return metadata.PathDistribution(site / info)


@pytest.fixture
def site(tmp_path) -> Path:
    folder = tmp_path / "lib" / "python3" / "site-packages"
    folder.mkdir(parents=True)
    return folder


# --- the grader running these tests ------------------------------------------------------------------

def test_the_vendored_wheel_of_the_running_grader_is_the_wheel_it_was_installed_from(dist, tmp_path):
    vendored = wheel.vendored_wheel(tmp_path)
    assert vendored.name == dist["wheel"].name
    ours, built = members(vendored), members(dist["wheel"])
    kept = {n: d for n, d in without_record(built).items() if not wheel.is_solution(n)}
    assert without_record(ours) == kept  # every file but solutions, byte for byte; no installer files
    assert not [n for n in ours if "solution" in n.lower()]
    assert_record_is_right(ours)
    assert list(ours)[-1].endswith(".dist-info/RECORD")
    in_dist_info = [name.split("/")[0].endswith(".dist-info") for name in ours]
    assert in_dist_info == sorted(in_dist_info)  # the .dist-info folder last, as the wheel spec recommends


def test_the_vendored_wheel_is_the_same_bytes_every_time(tmp_path):
    first = wheel.vendored_wheel(tmp_path / "a").read_bytes()
    assert wheel.vendored_wheel(tmp_path / "b").read_bytes() == first


def test_pip_installs_the_vendored_wheel(tmp_path):
    vendored = wheel.vendored_wheel(tmp_path / "dist")
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(tmp_path / "t"),
                    str(vendored)], check=True, env=env)
    assert (tmp_path / "t" / "grader" / "course" / "stubs" / "s03_creating.py").is_file()
    dist = metadata.PathDistribution(next((tmp_path / "t").glob("*.dist-info")))
    assert dist.version == metadata.version("tensor-katas")
    assert [e.value for e in dist.entry_points if e.name == "kata"] == ["grader.cli:main"]


# --- solutions planted in the grader's own wheel ---------------------------------------------------------

def test_planted_solutions_in_an_installed_grader_never_reach_the_vendored_wheel(dist, tmp_path, site):
    source = planted_wheel(dist["wheel"], tmp_path / "planted")
    installed = install_like_pip(source, site)
    assert set(PLANTED) <= {str(p) for p in installed.files or []}  # they are installed, and in RECORD
    vendored = members(wheel.write_wheel(wheel.files_from_record(installed), tmp_path / "out"))
    assert not [n for n in vendored if "solution" in n.lower()]
    expected = {n: d for n, d in without_record(members(source)).items()
                if n not in PLANTED and not n.startswith("grader/course/solutions/")}  # the grader's own, if shipped
    top_level = next(n for n in expected if n.endswith("top_level.txt"))
    expected[top_level] = expected[top_level].replace(b"solutions\n", b"")
    assert without_record(vendored) == expected
    assert_record_is_right(vendored)


def test_planted_solutions_in_a_wheel_built_from_a_checkout_are_dropped_too(dist, tmp_path):
    source = planted_wheel(dist["wheel"], tmp_path / "planted")
    vendored = members(wheel.rewrite(source, tmp_path / "out"))
    assert not [n for n in vendored if "solution" in n.lower()]
    assert without_record(vendored).keys() == {n for n in without_record(members(dist["wheel"]))
                                               if not n.startswith("grader/course/solutions/")}
    assert_record_is_right(vendored)


@pytest.mark.parametrize("name, is_solution", [
    ("solutions/s01.py", True), ("grader/solutions/__init__.py", True), ("grader/course/solutions.toml", True),
    ("grader/Solution/x.py", True), ("grader/course/stubs/s01_running.py", False),
    ("grader/checkkit/solution_hints.py", False), ("grader/checks/test_s03_creating.py", False)])
def test_what_counts_as_a_solution(name, is_solution):
    assert wheel.is_solution(name) is is_solution


# --- installations the wheel cannot honestly be rebuilt from ---------------------------------------------

def test_a_changed_installed_file_is_refused(dist, tmp_path, site):
    installed = install_like_pip(dist["wheel"], site)
    (site / "grader" / "course" / "release.py").write_text("# changed after install\n")
    with pytest.raises(wheel.WheelError, match=r"grader/course/release\.py of the installed tensor-katas is not what pip"):
        wheel.files_from_record(installed)


def test_an_installation_without_record_is_refused(dist, tmp_path, site):
    installed = install_like_pip(dist["wheel"], site)
    next(site.glob("*.dist-info/RECORD")).unlink()
    with pytest.raises(wheel.WheelError, match="has no RECORD"):
        wheel.files_from_record(installed)


# --- for real: pip installs the grader, its own `kata release` vendors it ---------------------------------

@pytest.fixture(scope="module")
def planted_checkout(tmp_path_factory) -> Path:
    """A copy of this project's sources with a solutions package added to the grader's wheel, as a future
    `kata solution` would: in pyproject's packages, and a module of reference answers in it."""
    folder = tmp_path_factory.mktemp("checkout") / "tensor-katas"
    shutil.copytree(ROOT, folder, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", ".benchmarks",
        "tests", "bench"))
    shutil.copytree(SOLUTIONS, folder / "grader" / "solutions", ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "grader" / "solutions" / "__init__.py").write_text('"""Reference answers."""\n')
    pyproject = (folder / "pyproject.toml").read_text()
    assert 'packages = ["grader", ' in pyproject
    (folder / "pyproject.toml").write_text(pyproject.replace('packages = ["grader", ', 'packages = ["grader", "grader.solutions", '))
    return folder


@pytest.fixture(scope="module")
def planted_dist(planted_checkout, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("planted-dist")
    subprocess.run([sys.executable, "-m", "build", "-q", "--no-isolation", "--outdir", str(out), str(planted_checkout)],
                   check=True, capture_output=True)
    built = {"wheel": next(out.glob("*.whl")), "sdist": next(out.glob("*.tar.gz"))}
    assert "grader/solutions/s03_creating.py" in members(built["wheel"])  # the plant took
    return built


@pytest.mark.slow  # a venv, a pip install and a `kata release` for each way of installing
@pytest.mark.parametrize("how", ["wheel", "sdist", "editable"])
def test_kata_release_of_a_pip_installed_grader_vendors_it_without_its_solutions(how, planted_checkout, planted_dist,
                                                                                   tmp_path):
    bin_dir = deps_venv(tmp_path / "venv")
    env = ci_env(bin_dir)
    target = {"wheel": [str(planted_dist["wheel"])], "sdist": [str(planted_dist["sdist"])],
              "editable": ["-e", str(planted_checkout)]}[how]
    subprocess.run([str(bin_dir / "pip"), "install", "-q", "--no-deps", "--no-build-isolation", *target], env=env,
                   check=True, cwd=tmp_path)
    where = subprocess.run([str(bin_dir / "python"), "-c", "import grader; print(grader.__file__)"], env=env,
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(planted_checkout if how == "editable" else tmp_path / "venv"), where
    done = subprocess.run([str(bin_dir / "kata"), "release", str(tmp_path / "repo")], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    (vendored,) = (tmp_path / "repo" / ".kata").glob("*.whl")
    files = members(vendored)
    assert not [n for n in files if "solution" in n.lower()]
    expected = {n: d for n, d in without_record(members(planted_dist["wheel"])).items() if not wheel.is_solution(n)}
    assert without_record(files).keys() == expected.keys()
    assert {n: d for n, d in files.items() if n.startswith("grader/")} == \
        {n: d for n, d in expected.items() if n.startswith("grader/")}
    assert_record_is_right(files)
