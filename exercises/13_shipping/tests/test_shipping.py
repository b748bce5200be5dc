"""Exercise 13, the Python test suite: the wheel and the sdist, as a user would get them.

Change the code (src/lib.rs, pyproject.toml, the stub) to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.

The suite builds the crate itself, with `maturin build --release` and `maturin sdist`,
offline, into a temporary folder; then it reads the wheel, audits it, and installs it
into a fresh venv that cannot see this repository.
"""

import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import trove_classifiers
from packaging.licenses import canonicalize_license_expression
from packaging.metadata import Metadata
from packaging.specifiers import SpecifierSet
from packaging.utils import parse_wheel_filename

# The crate being graded: the runner names it (the starter or the solution); plain
# pytest grades the starter next to this file.
CRATE = Path(os.environ.get("WORKSHOP_CRATE", Path(__file__).resolve().parents[1]))
REPOSITORY = next(folder for folder in CRATE.parents if (folder / "workshop.toml").is_file())
BIN = "Scripts" if os.name == "nt" else "bin"
MATURIN = Path(sys.executable).with_name("maturin")
MODULE = "slugify"


def run(*command, timeout=600, **options):
    """Run a command; a failure shows its last lines, not a traceback of subprocess."""
    finished = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, **options
    )
    if finished.returncode != 0:
        tail = "\n".join((finished.stdout + finished.stderr).strip().splitlines()[-15:])
        pytest.fail(f"`{' '.join(map(str, command[:3]))} …` failed:\n{tail}", pytrace=False)
    return finished.stdout


def build_env(purpose="wheel"):
    """Offline (cargo has the crates from the runner's own build) and in a target folder
    of this crate's own, one per purpose: the starter's, the solution's and the sdist's
    libraries share a name, and cargo, finding its own record of one fresh, would hand
    back another's library."""
    package = json.loads(
        run(
            "cargo",
            "metadata",
            "--no-deps",
            "--format-version=1",
            "--offline",
            "--manifest-path",
            CRATE / "Cargo.toml",
        )
    )
    name = next(p["name"] for p in package["packages"] if Path(p["manifest_path"]).parent == CRATE)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYO3_")}
    env["CARGO_NET_OFFLINE"] = "true"
    # maturin's build backend (which pip runs for the sdist) finds maturin on PATH.
    env["PATH"] = os.pathsep.join([str(MATURIN.parent), env.get("PATH", "")])
    env["CARGO_TARGET_DIR"] = str(REPOSITORY / "target" / "shipping" / f"{name}-{purpose}")
    return env


def cargo_version():
    package = json.loads(
        run(
            "cargo",
            "metadata",
            "--no-deps",
            "--format-version=1",
            "--offline",
            "--manifest-path",
            CRATE / "Cargo.toml",
        )
    )
    return next(
        p["version"] for p in package["packages"] if Path(p["manifest_path"]).parent == CRATE
    )


def fresh_venv(folder, wheel):
    """A new venv with nothing in it but the wheel; returns its python."""
    run(sys.executable, "-m", "venv", "--without-pip", folder)
    python = folder / BIN / ("python.exe" if os.name == "nt" else "python")
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-index",
        "--no-deps",
        "--no-cache-dir",
        wheel,
    )
    return python


def import_in(python, cwd):
    """Import the module in `python`, isolated (-I: no PYTHONPATH, no current folder on
    sys.path), from an empty folder: only what the wheel installed can be found."""
    script = (
        "import json, slugify\n"
        "print(json.dumps({'file': slugify.__file__,"
        " 'version': getattr(slugify, '__version__', None),"
        " 'slug': slugify.slugify('Hello, World!')}))"
    )
    return json.loads(run(python, "-I", "-c", script, cwd=cwd))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheels")
    env = build_env()
    run(
        MATURIN,
        "build",
        "--release",
        "--quiet",
        "--manifest-path",
        CRATE / "Cargo.toml",
        "--out",
        out,
        env=env,
    )
    (wheel,) = out.glob("*.whl")
    return wheel


@pytest.fixture(scope="module")
def names(built):
    with zipfile.ZipFile(built) as archive:
        return archive.namelist()


@pytest.fixture(scope="module")
def metadata(built, names):
    """The wheel's METADATA, parsed and validated as an index would validate it."""
    (path,) = [name for name in names if name.endswith(".dist-info/METADATA")]
    with zipfile.ZipFile(built) as archive:
        text = archive.read(path).decode()
    Metadata.from_email(text, validate=True)
    return Parser().parsestr(text)


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fresh")
    python = fresh_venv(folder / "venv", built)
    empty = folder / "elsewhere"
    empty.mkdir()
    return python, empty


def test_wheel_imports_in_a_fresh_venv(installed):
    python, cwd = installed
    imported = import_in(python, cwd)
    assert Path(imported["file"]).is_relative_to(cwd.parent / "venv"), imported["file"]
    assert imported["slug"] == "hello-world"


def test_wheel_is_tagged_for_the_stable_abi_of_python_3_10(built):
    _, _, _, tags = parse_wheel_filename(built.name)
    found = sorted(f"{tag.interpreter}-{tag.abi}" for tag in tags)
    assert found == ["cp310-abi3"], f"{built.name}: expected cp310-abi3, got {found}"


def test_wheel_passes_abi3audit(built):
    _, _, _, tags = parse_wheel_filename(built.name)
    assert all(tag.abi == "abi3" for tag in tags), f"{built.name} is not an abi3 wheel"
    report = json.loads(
        run(Path(sys.executable).with_name("abi3audit"), "--strict", "--report", built)
    )
    for results in report["specs"].values():
        for extension in results["wheel"]:
            result = extension["result"]
            assert result["is_abi3"], f"{extension['name']} is not abi3"
            assert result["is_abi3_baseline_compatible"], f"{extension['name']}: {result}"
            assert result["non_abi3_symbols"] == [], result["non_abi3_symbols"]


def test_metadata_has_a_summary(metadata):
    assert metadata.get("Summary", "").strip(), "no description in [project]"


def test_metadata_has_a_license_expression(metadata):
    expression = metadata.get("License-Expression")
    assert expression, 'no license in [project] (an SPDX expression such as "MIT")'
    assert canonicalize_license_expression(expression) == expression


def test_metadata_requires_python_3_10_or_newer(metadata):
    requires = metadata.get("Requires-Python")
    assert requires, "no requires-python in [project]"
    allowed = SpecifierSet(requires)
    assert "3.10" in allowed and "3.14" in allowed and "3.9" not in allowed, requires


def test_metadata_classifiers_are_known_to_pypi(metadata):
    classifiers = metadata.get_all("Classifier") or []
    assert classifiers, "no classifiers in [project]"
    unknown = [c for c in classifiers if c not in trove_classifiers.classifiers]
    assert not unknown, f"PyPI rejects unknown classifiers: {unknown}"
    licenses = [c for c in classifiers if c.startswith("License ::")]
    assert not licenses, f"with a license expression, drop the License classifiers: {licenses}"


def test_metadata_long_description_is_the_readme(metadata):
    assert metadata.get("Description-Content-Type", "").startswith("text/markdown"), (
        "no readme in [project]"
    )
    readme = (CRATE / "README.md").read_text(encoding="utf-8")
    assert metadata.get_payload().strip() == readme.strip()


def test_wheel_ships_the_stub_and_py_typed(names):
    for expected in (f"{MODULE}/__init__.pyi", f"{MODULE}/py.typed"):
        assert expected in names, f"{expected} is not in the wheel: {sorted(names)}"


def test_mypy_reads_the_installed_stub(installed, tmp_path):
    python, _ = installed
    usage = tmp_path / "usage.py"
    usage.write_text(
        "from slugify import __version__, slugify\n"
        "reveal_type(slugify('a b', separator='_'))\n"
        "reveal_type(__version__)\n"
        "slugify(42)\n"
    )
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--python-executable",
            python,
            "--no-incremental",
            "--cache-dir",
            tmp_path / "cache",
            "--no-error-summary",
            usage.name,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    lines = finished.stdout.splitlines()
    revealed_str = re.compile(r'usage\.py:[23]: note: Revealed type is "(builtins\.)?str"')
    assert len(lines) >= 2 and all(revealed_str.fullmatch(line) for line in lines[:2]), (
        finished.stdout
    )
    assert len(lines) == 3 and lines[2].startswith("usage.py:4: error:"), finished.stdout
    assert "[arg-type]" in lines[2], finished.stdout


def test_version_is_cargos(installed, metadata):
    python, cwd = installed
    version = cargo_version()
    assert metadata["Version"] == version
    assert import_in(python, cwd)["version"] == version, "slugify.__version__"


@pytest.mark.timeout(900)
def test_sdist_rebuilds_with_a_new_version(tmp_path):
    env = build_env("sdist")
    run(MATURIN, "sdist", "--manifest-path", CRATE / "Cargo.toml", "--out", tmp_path, env=env)
    (sdist,) = tmp_path.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        # The "data" filter refuses links and paths out of the folder (where it exists).
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        archive.extractall(tmp_path / "unpacked", **safe)
    (source,) = (tmp_path / "unpacked").iterdir()
    # A release: the version changes in Cargo.toml alone, and everything must follow.
    version = cargo_version()
    major, minor, patch = (int(part) for part in version.split(".")[:3])
    released = f"{major}.{minor}.{patch + 1}"
    manifests = [p for p in source.rglob("Cargo.toml") if "[package]" in p.read_text()]
    assert len(manifests) == 1, f"one package in the sdist, found {manifests}"
    text = manifests[0].read_text()
    manifests[0].write_text(re.sub(r'(?m)^version = ".*"$', f'version = "{released}"', text, 1))
    # pip builds it as a user's pip would, with the backend pyproject.toml names
    # (maturin, here from the workshop's venv: offline, no build isolation).
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-build-isolation",
        "--no-deps",
        "--no-index",
        "--wheel-dir",
        tmp_path / "rebuilt",
        source,
        env=env,
    )
    (wheel,) = (tmp_path / "rebuilt").glob("*.whl")
    _, wheel_version, _, tags = parse_wheel_filename(wheel.name)
    assert str(wheel_version) == released
    assert all(tag.abi == "abi3" for tag in tags), f"{wheel.name} is not an abi3 wheel"
    # Not asked of this wheel: the stub. In an sdist of a crate inside a workspace (as
    # here) maturin 1.16 keeps the stub in the crate's folder, and the wheel it builds
    # from there leaves it out.
    python = fresh_venv(tmp_path / "venv", wheel)
    (tmp_path / "elsewhere").mkdir()
    assert import_in(python, tmp_path / "elsewhere")["version"] == released
