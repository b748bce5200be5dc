"""Exercise 11, the Python test suite: runs the `dspy-ask` program end to end.

Change the Rust code in src/ to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.

The program to test is the one named by the WORKSHOP_PROGRAM environment variable;
`cargo workshop check 11` sets it. By hand:

    cargo build -p dspy-ask-exercise
    WORKSHOP_PROGRAM=target/debug/dspy-ask python -m pytest exercises/11_dspy/tests

Nothing here needs the internet or an API key: the configs use DSPy's DummyLM, or
tests/loopback_server.py, a fake OpenAI-compatible server on 127.0.0.1.
"""

import os
import socket
import subprocess
import sys
import venv
from pathlib import Path

import pytest

HERE = Path(__file__).parent
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


@pytest.fixture(scope="session")
def server_port():
    """Start the loopback server for the whole session; it exits when its stdin closes."""
    server = subprocess.Popen(
        [sys.executable, str(HERE / "loopback_server.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    port = int(server.stdout.readline())
    yield port
    server.stdin.close()
    server.wait(timeout=10)


def write_config(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def dummy_config(tmp_path: Path, *answers: tuple[str, str]) -> Path:
    text = 'provider = "dummy"\nmodel = "canned"\n'
    for answer, reasoning in answers:
        text += f'[[answers]]\nanswer = "{answer}"\nreasoning = "{reasoning}"\n'
    return write_config(tmp_path, text)


def loopback_config(tmp_path: Path, port: int, model: str, extra: str = "") -> Path:
    return write_config(
        tmp_path,
        f'provider = "openai"\nmodel = "{model}"\n'
        f'api_base = "http://127.0.0.1:{port}/v1"\nnum_retries = 0\n{extra}',
    )


def run(
    program: str, *args, venv_dir: str = sys.prefix, timeout: float = 60, **env
) -> subprocess.CompletedProcess:
    """Run the program as the venv running these tests, which has DSPy."""
    environment = {**os.environ, "VIRTUAL_ENV": venv_dir, **env}
    return subprocess.run(
        [program, *map(str, args)],
        check=False,
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
    )


def assert_one_line_failure(result: subprocess.CompletedProcess, *words: str) -> str:
    """A failure: non-zero exit (not a panic's 101), one line on stderr containing `words`."""
    assert result.returncode != 0, f"expected a failure, got exit 0 and {result.stdout!r}"
    assert result.returncode != 101, f"the program panicked:\n{result.stderr}"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{result.stderr}"
    for word in words:
        assert word.lower() in lines[0].lower(), f"{word!r} not in {lines[0]!r}"
    return lines[0]


# --- Answers ------------------------------------------------------------------------


def test_dummy_lm_answer_is_printed(program, tmp_path):
    config = dummy_config(tmp_path, ("Paris", "France's capital is Paris."))
    result = run(program, "--config", config, "What is the capital of France?")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Paris\n"


def test_cot_prints_the_reasoning_and_the_answer(program, tmp_path):
    config = dummy_config(tmp_path, ("4", "Two plus two makes four."))
    result = run(program, "--config", config, "--cot", "What is 2 + 2?")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Reasoning: Two plus two makes four.\nAnswer: 4\n"


def test_loopback_server_answer_is_printed(program, tmp_path, server_port):
    config = loopback_config(tmp_path, server_port, "echo")
    result = run(program, "--config", config, "Why Rust?")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "You asked: Why Rust?\n"


def test_slow_reply_within_the_timeout_is_answered(program, tmp_path, server_port):
    config = loopback_config(tmp_path, server_port, "slow", "timeout_seconds = 30\n")
    result = run(program, "--config", config, "Still there?")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "You asked: Still there?\n"


def test_context_file_goes_through_the_python_module(program, tmp_path):
    config = dummy_config(tmp_path, ("blue", "The context says so."))
    context = write_config(tmp_path, "The sky is blue.", name="context.txt")
    result = run(program, "--config", config, "--context", context, "What colour is the sky?")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Reasoning: The context says so.\nAnswer: blue\n"


# --- Failures: one line on stderr, a non-zero exit, no traceback ----------------------


def test_missing_config_file_is_named(program, tmp_path):
    result = run(program, "--config", tmp_path / "absent.toml", "Hello?")
    assert_one_line_failure(result, "absent.toml")


def test_invalid_config_names_the_key(program, tmp_path):
    config = write_config(tmp_path, 'provider = "openai"\nmodel = "m"\ntemperature = "hot"\n')
    assert_one_line_failure(run(program, "--config", config, "Hello?"), "temperature")


def test_unset_api_key_variable_is_named(program, tmp_path, server_port):
    config = loopback_config(
        tmp_path, server_port, "echo", 'api_key_env = "DSPY_ASK_KEY_NOBODY_SETS"\n'
    )
    result = run(program, "--config", config, "Hello?")
    assert_one_line_failure(result, "DSPY_ASK_KEY_NOBODY_SETS")


def test_server_error_is_reported(program, tmp_path, server_port):
    config = loopback_config(tmp_path, server_port, "status-500")
    assert_one_line_failure(run(program, "--config", config, "Hello?"), "500")


def test_refused_connection_is_reported(program, tmp_path):
    with socket.socket() as probe:  # a port nothing listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = loopback_config(tmp_path, port, "echo")
    # DSPy's message names the address; the OS's reason varies ("Connection refused",
    # "Connect call failed").
    assert_one_line_failure(
        run(program, "--config", config, "Hello?"), "failed to connect", f"127.0.0.1:{port}"
    )


def test_unparsable_reply_is_reported(program, tmp_path, server_port):
    config = loopback_config(tmp_path, server_port, "garbage")
    assert_one_line_failure(run(program, "--config", config, "Hello?"), "parse")


def test_slow_reply_beyond_the_timeout_is_reported(program, tmp_path, server_port):
    config = loopback_config(tmp_path, server_port, "slow", "timeout_seconds = 0.5\n")
    assert_one_line_failure(run(program, "--config", config, "Hello?"), "timed out")


def test_trickling_reply_is_cut_off_by_the_deadline(program, tmp_path, server_port):
    # A byte every half second keeps every read alive: only a deadline for the whole
    # call stops it. Without one the program runs for minutes; `timeout=25` turns that
    # into a failure of this test (pytest itself stops a test after 30 s).
    config = loopback_config(tmp_path, server_port, "trickle", "timeout_seconds = 2\n")
    result = run(program, "--config", config, "Hello?", timeout=25)
    assert_one_line_failure(result, "timed out")


def test_missing_dspy_says_how_to_install_it(program, tmp_path):
    bare = tmp_path / "bare-venv"
    venv.create(bare, with_pip=False)
    config = dummy_config(tmp_path, ("Paris", "France."))
    result = run(program, "--config", config, "Hello?", venv_dir=str(bare))
    assert_one_line_failure(result, "DSPy is not installed", "install")


@pytest.mark.parametrize("verbose", [[], ["--verbose"]])
def test_key_pasted_into_api_key_env_is_not_printed(program, tmp_path, server_port, verbose):
    # The key itself where the name of its variable belongs: say so, without the key.
    config = loopback_config(tmp_path, server_port, "echo", f'api_key_env = "{SECRET}"\n')
    result = run(program, "--config", config, *verbose, "Hello?")
    assert_one_line_failure(result, "api_key_env")
    assert SECRET not in result.stdout + result.stderr


def test_venv_above_the_current_folder_is_never_started(program, tmp_path):
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
    environment = {name: value for name, value in os.environ.items() if name != "VIRTUAL_ENV"}
    result = subprocess.run(
        [program, "--verbose", "--config", str(config), "Hello?"],
        check=False,
        capture_output=True,
        text=True,
        env=environment,
        cwd=downloads,
        timeout=60,
    )
    assert result.returncode != 101, f"the program panicked:\n{result.stderr}"
    assert not ran.exists(), f"the planted venv's code ran:\n{result.stderr}"
    assert str(planted) not in result.stderr, result.stderr


@pytest.mark.parametrize("verbose", [[], ["--verbose"]])
def test_api_key_is_never_printed(program, tmp_path, server_port, verbose):
    # The `status-401` model echoes the key it receives, as some real servers do.
    config = loopback_config(tmp_path, server_port, "status-401", 'api_key_env = "DSPY_ASK_KEY"\n')
    result = run(program, "--config", config, *verbose, "Hello?", DSPY_ASK_KEY=SECRET)
    assert result.returncode not in (0, 101), result.stderr
    assert SECRET not in result.stdout + result.stderr


# --- Batch (stretch) --------------------------------------------------------------------


def test_batch_answers_every_question_in_order(program, tmp_path, server_port):
    questions = [f"Question number {n}?" for n in range(8)]
    batch = write_config(tmp_path, "\n".join(["# one question a line", *questions]), "q.txt")
    config = loopback_config(tmp_path, server_port, "echo")
    result = run(program, "--config", config, "--batch", batch)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"You asked: {q}" for q in questions]


def test_batch_reports_each_failure_on_one_line(program, tmp_path, server_port):
    batch = write_config(tmp_path, "first?\nsecond?\n", "q.txt")
    config = loopback_config(tmp_path, server_port, "status-500")
    result = run(program, "--config", config, "--batch", batch)
    assert result.returncode not in (0, 101), result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert "question 1" in lines[0] and "question 2" in lines[1], result.stderr


# --- Free: clap gives you these before you write any code --------------------------------


def test_help_lists_the_options(program):
    result = run(program, "--help")
    assert result.returncode == 0
    for option in ("--config", "--cot", "--verbose", "--batch"):
        assert option in result.stdout
