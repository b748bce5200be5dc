"""The DSPy exercise, the Python test suite: runs the `dspy-ask` program end to end.

Change the Rust code in src/ to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.

The program to test is the one named by the WORKSHOP_PROGRAM environment variable;
`cargo workshop check 11` sets it. By hand:

    cargo build -p dspy-ask-exercise
    WORKSHOP_PROGRAM=target/debug/dspy-ask python -m pytest exercises/11_dspy/tests

Nothing here needs the internet or an API key: the configs use DSPy's DummyLM.

Each run of the program that reaches DSPy starts Python and imports it (more than half
a second), so only one case here does: what only the whole program shows. The library's
behaviour (the predictor, the errors, the batch) is in tests/dspy_ask.rs, which imports
DSPy once for all its tests. The other cases fail before Python starts, or start a venv
without DSPy. Runs that a case needs together are started together (`run_all`).
"""

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

SECRET = "sk-test-0123456789-do-not-print"


@pytest.fixture(scope="session")
def program() -> str:
    path = os.environ.get("WORKSHOP_PROGRAM")
    if not path or not Path(path).is_file():
        pytest.fail(
            "WORKSHOP_PROGRAM does not name the built program: run `cargo workshop check 11`, "
            "or `cargo build -p dspy-ask-exercise` and "
            "`export WORKSHOP_PROGRAM=target/debug/dspy-ask`"
        )
    return str(Path(path).resolve())


def write_config(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def dummy_config(tmp_path: Path, *answers: tuple[str, str]) -> Path:
    text = 'provider = "dummy"\nmodel = "canned"\n'
    for answer, reasoning in answers:
        text += f'[[answers]]\nanswer = "{answer}"\nreasoning = "{reasoning}"\n'
    return write_config(tmp_path, text)


def run(program: str, *args, **options) -> subprocess.CompletedProcess:
    """Run the program as the venv running these tests, which has DSPy."""
    return run_all(program, args, **options)[0]


def run_all(program: str, *runs, **options) -> list[subprocess.CompletedProcess]:
    """Run the program once for each tuple of arguments in `runs`, all at the same time."""
    started = [start(program, *args, **options) for args in runs]
    return [finish(process) for process in started]


def start(program: str, *args, venv_dir: str = sys.prefix, cwd=None, **env) -> subprocess.Popen:
    """Start the program; set an environment variable to None to leave it out."""
    environment = {**os.environ, "VIRTUAL_ENV": venv_dir, **env}
    environment = {name: value for name, value in environment.items() if value is not None}
    return subprocess.Popen(
        [program, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=cwd,
    )


def finish(process: subprocess.Popen, timeout: float = 60) -> subprocess.CompletedProcess:
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def assert_one_line_failure(result: subprocess.CompletedProcess, *words: str) -> str:
    """A failure: non-zero exit (not a panic's 101), one line on stderr containing `words`."""
    assert result.returncode != 0, f"expected a failure, got exit 0 and {result.stdout!r}"
    assert result.returncode != 101, f"the program panicked:\n{result.stderr}"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{result.stderr}"
    for word in words:
        assert word.lower() in lines[0].lower(), f"{word!r} not in {lines[0]!r}"
    return lines[0]


# --- Free: clap gives you this before you write any code -------------------------------


def test_help_lists_the_options(program):
    result = run(program, "--help")
    assert result.returncode == 0
    for option in ("--config", "--cot", "--verbose", "--batch"):
        assert option in result.stdout


# --- Stage "config": failures before Python starts --------------------------------------


def test_config_missing_file_is_named(program, tmp_path):
    result = run(program, "--config", tmp_path / "absent.toml", "Hello?")
    assert_one_line_failure(result, "absent.toml")


def test_config_invalid_names_the_key(program, tmp_path):
    config = write_config(tmp_path, 'provider = "openai"\nmodel = "m"\ntemperature = "hot"\n')
    assert_one_line_failure(run(program, "--config", config, "Hello?"), "temperature")


def test_config_key_pasted_into_api_key_env_is_not_printed(program, tmp_path):
    # The key itself where the name of its variable belongs: say so, without the key,
    # with `--verbose` or without.
    config = write_config(
        tmp_path,
        f'provider = "openai"\nmodel = "echo"\napi_key_env = "{SECRET}"\n',
    )
    for result in run_all(
        program, ("--config", config, "Hello?"), ("--config", config, "--verbose", "Hello?")
    ):
        assert_one_line_failure(result, "api_key_env")
        assert SECRET not in result.stdout + result.stderr


# --- Stage "predictor": the answers, as printed --------------------------------------------


def test_predictor_answers_are_printed(program, tmp_path):
    # The whole way, once: the config file, the venv, Python, the custom module written
    # in Python, and the answer printed with its reasoning.
    config = dummy_config(tmp_path, ("blue", "The context says so."))
    context = write_config(tmp_path, "The sky is blue.", name="context.txt")
    result = run(program, "--config", config, "--context", context, "What colour is the sky?")
    assert result.returncode == 0, result.stderr
    # The context goes through the Python module, which always reasons.
    assert result.stdout == "Reasoning: The context says so.\nAnswer: blue\n"


def test_predictor_missing_dspy_says_how_to_install_it(program, tmp_path):
    bare = tmp_path / "bare-venv"
    venv.create(bare, with_pip=False)
    config = dummy_config(tmp_path, ("Paris", "France."))
    result = run(program, "--config", config, "Hello?", venv_dir=str(bare))
    assert_one_line_failure(result, "DSPy is not installed", "install")


def test_predictor_never_starts_a_venv_above_the_current_folder(program, tmp_path):
    # A `.venv` in a downloads folder, with a .pth file: Python runs the code of any
    # .pth file in the site-packages of the venv it starts as.
    downloads = tmp_path / "downloads"
    planted = downloads / ".venv"
    site_packages = planted / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    (site_packages / "site-packages").mkdir(parents=True)
    (planted / "pyvenv.cfg").write_text((Path(sys.prefix) / "pyvenv.cfg").read_text())
    ran = tmp_path / "planted-code-ran"
    (site_packages / "site-packages" / "planted.pth").write_text(
        f"import pathlib; pathlib.Path({str(ran)!r}).touch()\n"
    )
    config = dummy_config(downloads, ("Paris", "France."))
    # A copy of the program outside the workshop, so that no venv is the right answer
    # (and no DSPy is imported: this case stays quick).
    copy = tmp_path / "bin" / Path(program).name
    copy.parent.mkdir()
    shutil.copy2(program, copy)
    result = run(
        str(copy), "--verbose", "--config", config, "Hello?", cwd=downloads, VIRTUAL_ENV=None
    )
    assert result.returncode != 101, f"the program panicked:\n{result.stderr}"
    assert not ran.exists(), f"the planted venv's code ran:\n{result.stderr}"
    assert str(planted) not in result.stderr, result.stderr
    assert result.returncode != 0, "outside the workshop, with no VIRTUAL_ENV, no venv is found"


# --- Stage "tools" (stretch): `dspy-ask config init` and `config check` -------------------
# Neither starts Python: they run with a VIRTUAL_ENV that does not exist.


def test_tools_config_check_lists_every_problem_with_its_line(program, tmp_path):
    bad = write_config(
        tmp_path,
        f'provider = "openai"\nmodel = "gpt-4o-mini"\nmax_tokens = "{SECRET}"\ntemprature = 0.5\n',
        "bad.toml",
    )
    good = dummy_config(tmp_path, ("Yes.", "Because."))
    no_venv = str(tmp_path / "no-venv")
    invalid, valid = run_all(
        program, ("config", "check", bad), ("config", "check", good), venv_dir=no_venv
    )
    assert invalid.returncode == 2, invalid.stderr
    lines = invalid.stderr.strip().splitlines()
    assert len(lines) == 2, invalid.stderr
    assert "max_tokens" in lines[0] and "line 3" in lines[0], lines[0]
    assert "temprature" in lines[1] and "line 4" in lines[1], lines[1]
    assert SECRET not in invalid.stderr + invalid.stdout
    assert valid.returncode == 0, valid.stderr


def test_tools_config_init_writes_a_config_that_check_accepts(program, tmp_path):
    no_venv = str(tmp_path / "no-venv")
    init = run(program, "config", "init", "--provider", "dummy", venv_dir=no_venv)
    assert init.returncode == 0, init.stderr
    config = write_config(tmp_path, init.stdout)
    check = run(program, "config", "check", config, venv_dir=no_venv)
    assert check.returncode == 0, check.stderr + init.stdout
