//! The DSPy exercise, the Rust test suite.
//!
//! Change the Rust code in `src/` to make the tests below pass.
//! Do not change the tests: they grade your solution and the reference one alike.
//!
//! Nothing here needs the internet or an API key: the tests use DSPy's `DummyLM`, and
//! a fake OpenAI-compatible server on 127.0.0.1 (`tests/loopback_server.py`) that
//! this suite starts itself. Python runs as the venv in `VIRTUAL_ENV`, or the
//! workshop's `.venv`.
//!
//! Any string here that looks like an API key is made up for the tests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use dspy_ask::batch::{ask_all, print_answers};
use dspy_ask::interpreter::find_venv;
use dspy_ask::serve::{Answerers, router, serve};
use dspy_ask::tools::{Problem, check_config, line_of, template};
use serde_json::{Value, json};

use dspy_ask::{AskError, ContextQa, LmConfig, Prediction, Predictor, StartError, Strategy};

// Stage "inspect" (stretch): its tests, in tests/dspy_ask/inspect.rs.
#[path = "dspy_ask/inspect.rs"]
mod inspect;

// ---------------------------------------------------------------------------------
// The configuration file

const FULL_CONFIG: &str = r#"
provider = "openai"
model = "gpt-4o-mini"
api_base = "http://127.0.0.1:9/v1"
api_key_env = "OPENAI_API_KEY"
temperature = 0.5
max_tokens = 256
"#;

fn invalid_key(text: &str) -> Option<String> {
    match LmConfig::from_toml(text) {
        Err(AskError::ConfigInvalid { key, .. }) => key,
        other => panic!("expected AskError::ConfigInvalid, got {other:?}"),
    }
}

/// The program prints an error's `Display` as its one line on stderr: one line, with
/// each of `words` in it (case aside).
fn assert_one_line(err: &AskError, words: &[&str]) {
    let shown = err.to_string();
    assert!(!shown.contains('\n'), "more than one line: {shown}");
    for word in words {
        assert!(
            shown.to_lowercase().contains(&word.to_lowercase()),
            "{word:?} not in {shown:?}"
        );
    }
}

#[test]
fn config_reads_every_field() {
    let config = LmConfig::from_toml(FULL_CONFIG).expect("a valid config");
    assert_eq!(config.provider, "openai");
    assert_eq!(config.model, "gpt-4o-mini");
    assert_eq!(config.api_base.as_deref(), Some("http://127.0.0.1:9/v1"));
    assert_eq!(config.api_key_env.as_deref(), Some("OPENAI_API_KEY"));
    assert_eq!(config.temperature, Some(0.5));
    assert_eq!(config.max_tokens, Some(256));
    assert_eq!(config.model_id(), "openai/gpt-4o-mini");
}

#[test]
fn config_missing_model_names_the_key() {
    assert_eq!(
        invalid_key("provider = \"openai\"\n").as_deref(),
        Some("model")
    );
}

#[test]
fn config_value_of_the_wrong_type_names_the_key() {
    let text = FULL_CONFIG.replace("temperature = 0.5", "temperature = \"hot\"");
    assert_eq!(invalid_key(&text).as_deref(), Some("temperature"));
}

#[test]
fn config_misspelt_key_is_refused_by_name() {
    let text = FULL_CONFIG.replace("max_tokens", "max_token");
    assert_eq!(invalid_key(&text).as_deref(), Some("max_token"));
}

#[test]
fn config_temperature_out_of_range_names_the_key() {
    let text = FULL_CONFIG.replace("temperature = 0.5", "temperature = 7.0");
    assert_eq!(invalid_key(&text).as_deref(), Some("temperature"));
}

#[test]
fn config_dummy_provider_needs_answers() {
    let text = "provider = \"dummy\"\nmodel = \"canned\"\n";
    assert_eq!(invalid_key(text).as_deref(), Some("answers"));
}

#[test]
fn config_file_that_does_not_exist_is_unreadable() {
    let missing = Path::new("no/such/dspy-ask.toml");
    match LmConfig::load(missing) {
        Err(err @ AskError::ConfigUnreadable { .. }) => {
            assert!(err.to_string().contains("no/such/dspy-ask.toml"), "{err}");
        }
        other => panic!("expected AskError::ConfigUnreadable, got {other:?}"),
    }
}

#[test]
fn api_key_variable_that_is_unset_is_named() {
    let text = FULL_CONFIG.replace("OPENAI_API_KEY", "DSPY_ASK_TEST_KEY_THAT_IS_NEVER_SET");
    let config = LmConfig::from_toml(&text).expect("a valid config");
    match config.api_key() {
        Err(err @ AskError::ApiKeyMissing { .. }) => {
            assert_one_line(&err, &["DSPY_ASK_TEST_KEY_THAT_IS_NEVER_SET"]);
        }
        other => panic!("expected AskError::ApiKeyMissing, got {other:?}"),
    }
}

#[test]
fn api_key_pasted_into_api_key_env_is_refused_unseen() {
    // A key where the variable's name belongs: refused when the file is read, and the
    // message says what is wrong without printing the key back.
    for key in [
        "sk-test-0123456789-not-a-name",
        "Tok3nLooking_Value9xYzAbC123",
    ] {
        let text = FULL_CONFIG.replace("OPENAI_API_KEY", key);
        match LmConfig::from_toml(&text) {
            Err(err @ AskError::ConfigInvalid { .. }) => {
                let shown = format!("{err} {err:?}");
                assert!(!shown.contains(key), "the value was shown: {shown}");
                assert!(err.to_string().contains("api_key_env"), "{err}");
            }
            other => panic!("expected AskError::ConfigInvalid for {key:?}, got {other:?}"),
        }
    }
}

#[test]
fn config_string_of_the_wrong_type_is_not_echoed() {
    // serde quotes the string it could not use; a key pasted there must not be shown.
    let key = "sk-test-0123456789-wrong-field";
    let text = FULL_CONFIG.replace("max_tokens = 256", &format!("max_tokens = {key:?}"));
    match LmConfig::from_toml(&text) {
        Err(err @ AskError::ConfigInvalid { .. }) => {
            assert!(!err.to_string().contains(key), "the value was shown: {err}");
            assert!(err.to_string().contains("max_tokens"), "{err}");
        }
        other => panic!("expected AskError::ConfigInvalid, got {other:?}"),
    }
}

#[test]
fn timeout_is_sixty_seconds_unless_the_config_says() {
    let config = LmConfig::from_toml(FULL_CONFIG).expect("a valid config");
    assert_eq!(config.timeout(), Duration::from_secs(60));
    let text = format!("{FULL_CONFIG}timeout_seconds = 2.5\n");
    let config = LmConfig::from_toml(&text).expect("a valid config");
    assert_eq!(config.timeout(), Duration::from_millis(2500));
}

// ---------------------------------------------------------------------------------
// Finding the virtual environment

/// A fresh, empty folder for one test.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dspy-ask-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn make_venv(path: &Path) {
    std::fs::create_dir_all(path).unwrap();
    std::fs::write(
        path.join("pyvenv.cfg"),
        "home = /usr/bin\nversion = 3.11.7\n",
    )
    .unwrap();
}

/// A fake repository: its `workshop.toml`, and the program where cargo builds it.
fn make_repository(root: &Path) -> PathBuf {
    std::fs::write(root.join("workshop.toml"), "").unwrap();
    let program = root.join("target").join("debug").join("dspy-ask");
    std::fs::create_dir_all(program.parent().unwrap()).unwrap();
    program
}

#[test]
fn venv_prefers_virtual_env() {
    let root = scratch_dir("prefers");
    let program = make_repository(&root);
    make_venv(&root.join("active"));
    make_venv(&root.join(".venv"));
    let found = find_venv(Some(root.join("active").as_os_str()), &program).unwrap();
    assert_eq!(found, root.join("active"));
}

#[test]
fn venv_is_the_workshop_venv_found_from_the_program() {
    let root = scratch_dir("workshop");
    let program = make_repository(&root);
    make_venv(&root.join(".venv"));
    assert_eq!(find_venv(None, &program).unwrap(), root.join(".venv"));
}

#[test]
fn venv_outside_the_workshop_is_ignored() {
    // A program outside any repository, below a folder with a `.venv` of its own (a
    // downloads folder, say): that venv is not the workshop's.
    let downloads = scratch_dir("downloads");
    make_venv(&downloads.join(".venv"));
    let program = downloads.join("tools").join("dspy-ask");
    match find_venv(None, &program) {
        Err(StartError::NoVenv { .. }) => {}
        other => panic!("expected StartError::NoVenv, got {other:?}"),
    }
}

#[test]
fn venv_missing_says_what_to_do() {
    let root = scratch_dir("none");
    let program = make_repository(&root);
    match find_venv(None, &program) {
        Err(err @ StartError::NoVenv { .. }) => {
            assert!(err.to_string().contains("VIRTUAL_ENV"), "{err}");
        }
        other => panic!("expected StartError::NoVenv, got {other:?}"),
    }
}

#[test]
fn venv_refuses_a_folder_that_is_not_a_venv() {
    let root = scratch_dir("notavenv");
    let program = make_repository(&root);
    let result = find_venv(Some(root.as_os_str()), &program);
    assert!(
        matches!(result, Err(StartError::NotAVenv { .. })),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------------
// DSPy's DummyLM: canned answers, no network

fn dummy(answers: &[(&str, Option<&str>)]) -> LmConfig {
    let mut text = String::from("provider = \"dummy\"\nmodel = \"canned\"\n");
    for (answer, reasoning) in answers {
        text += &format!("[[answers]]\nanswer = {answer:?}\n");
        if let Some(reasoning) = reasoning {
            text += &format!("reasoning = {reasoning:?}\n");
        }
    }
    LmConfig::from_toml(&text).expect("a valid dummy config")
}

#[test]
fn predictor_returns_the_dummy_answer() {
    let predictor = Predictor::new(&dummy(&[("Paris", None)]), Strategy::Predict).unwrap();
    let prediction = predictor.ask("What is the capital of France?").unwrap();
    assert_eq!(
        prediction,
        Prediction {
            answer: "Paris".into(),
            reasoning: None
        }
    );
}

#[test]
fn predictor_chain_of_thought_returns_the_reasoning_too() {
    let config = dummy(&[("4", Some("Two plus two makes four."))]);
    let predictor = Predictor::new(&config, Strategy::ChainOfThought).unwrap();
    let prediction = predictor.ask("What is 2 + 2?").unwrap();
    assert_eq!(prediction.answer, "4");
    assert_eq!(
        prediction.reasoning.as_deref(),
        Some("Two plus two makes four.")
    );
}

#[test]
fn predictor_is_built_once_and_asked_many_times() {
    // DummyLM hands out its answers in order: only a module that is kept between
    // calls gets to the second one.
    let predictor = Predictor::new(
        &dummy(&[("first", None), ("second", None)]),
        Strategy::Predict,
    )
    .unwrap();
    assert_eq!(predictor.ask("one").unwrap().answer, "first");
    assert_eq!(predictor.ask("two").unwrap().answer, "second");
}

#[test]
fn predictor_context_qa_module_written_in_python_answers() {
    let config = dummy(&[("blue", Some("The context says the sky is blue."))]);
    let qa = ContextQa::new(&config).unwrap();
    let prediction = qa
        .ask("The sky is blue.", "What colour is the sky?")
        .unwrap();
    assert_eq!(prediction.answer, "blue");
    assert!(prediction.reasoning.is_some());
}

// ---------------------------------------------------------------------------------
// A loopback OpenAI-compatible server, with faults

/// The server, shared by every test of this binary. It exits when its stdin closes,
/// that is when this test process ends.
struct Loopback {
    port: u16,
    _child: Child,
    _stdin: ChildStdin,
}

fn loopback_port() -> u16 {
    static SERVER: OnceLock<Loopback> = OnceLock::new();
    SERVER.get_or_init(start_loopback).port
}

fn start_loopback() -> Loopback {
    let python = match std::env::var_os("VIRTUAL_ENV") {
        Some(venv) => Path::new(&venv).join("bin").join("python"),
        None => PathBuf::from("python3"),
    };
    // The starter and the solution both sit two folders below the repository's root.
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../exercises/11_dspy/tests/loopback_server.py");
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start tests/loopback_server.py");
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let port = first_line
        .trim()
        .parse()
        .expect("the server prints its port");
    let stdin = child.stdin.take().unwrap();
    Loopback {
        port,
        _child: child,
        _stdin: stdin,
    }
}

/// A config for the loopback server; `model` picks its behaviour (see the server).
fn loopback(model: &str, extra: &str) -> LmConfig {
    loopback_at(loopback_port(), model, extra)
}

fn loopback_at(port: u16, model: &str, extra: &str) -> LmConfig {
    LmConfig::from_toml(&format!(
        "provider = \"openai\"\nmodel = {model:?}\napi_base = \"http://127.0.0.1:{port}/v1\"\n\
         num_retries = 0\n{extra}"
    ))
    .expect("a valid loopback config")
}

fn ask(config: &LmConfig, question: &str) -> Result<Prediction, AskError> {
    Predictor::new(config, Strategy::Predict)?.ask(question)
}

#[test]
fn predictor_loopback_answer_comes_back() {
    let prediction = ask(&loopback("echo", ""), "Why Rust?").unwrap();
    assert_eq!(prediction.answer, "You asked: Why Rust?");
}

#[test]
fn predictor_slow_reply_within_the_timeout_is_answered() {
    // The deadline bounds the whole call, and only that: a reply that takes a while
    // but comes in time is an answer.
    let prediction = ask(
        &loopback("slow-0.2", "timeout_seconds = 30\n"),
        "Still there?",
    )
    .unwrap();
    assert_eq!(prediction.answer, "You asked: Still there?");
}

#[test]
fn predictor_loopback_chain_of_thought_has_reasoning() {
    let predictor = Predictor::new(&loopback("echo", ""), Strategy::ChainOfThought).unwrap();
    let prediction = predictor.ask("Why Rust?").unwrap();
    assert_eq!(
        prediction.reasoning.as_deref(),
        Some("The question was: Why Rust?")
    );
}

#[test]
fn errors_status_500_is_a_server_error() {
    match ask(&loopback("status-500", ""), "Hello?") {
        Err(err @ AskError::Server { .. }) => {
            let AskError::Server { status, message } = &err else {
                unreachable!()
            };
            assert_eq!(*status, Some(500));
            assert!(message.contains("injected failure"), "{message}");
            assert_one_line(&err, &["500"]);
        }
        other => panic!("expected AskError::Server, got {other:?}"),
    }
}

#[test]
fn errors_refused_connection_is_a_transport_error() {
    // Bind a port, then free it: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    match ask(&loopback_at(port, "echo", ""), "Hello?") {
        // DSPy's message names the address; the OS's reason varies ("Connection
        // refused", "Connect call failed").
        Err(err @ AskError::Transport { .. }) => {
            assert_one_line(&err, &["failed to connect", &format!("127.0.0.1:{port}")]);
        }
        other => panic!("expected AskError::Transport, got {other:?}"),
    }
}

#[test]
fn errors_garbage_reply_is_unparsable() {
    match ask(&loopback("garbage", ""), "Hello?") {
        Err(err @ AskError::Unparsable { .. }) => {
            assert!(err.to_string().contains("not a DSPy reply"), "{err}");
            assert_one_line(&err, &["parse"]);
        }
        other => panic!("expected AskError::Unparsable, got {other:?}"),
    }
}

#[test]
fn errors_slow_reply_times_out() {
    match ask(&loopback("slow", "timeout_seconds = 0.2\n"), "Hello?") {
        Err(err @ AskError::Timeout { .. }) => assert_one_line(&err, &["timed out"]),
        other => panic!("expected AskError::Timeout, got {other:?}"),
    }
}

#[test]
fn errors_trickling_reply_is_cut_off_by_the_deadline() {
    // A byte every 50 ms keeps every read alive: only a deadline for the whole call
    // stops it. (Without one, this test runs for about 20 s.)
    match ask(&loopback("trickle", "timeout_seconds = 0.2\n"), "Hello?") {
        Err(err @ AskError::Timeout { .. }) => assert_one_line(&err, &["timed out"]),
        other => panic!("expected AskError::Timeout, got {other:?}"),
    }
}

#[test]
fn errors_retries_count_against_the_deadline() {
    // DSPy waits 1 s, 2 s, then 4 s before its three retries of a failing call: 7 s
    // in all, so a 0.2 s deadline ends the call while it waits.
    let config = LmConfig::from_toml(&format!(
        "provider = \"openai\"\nmodel = \"status-500\"\n\
         api_base = \"http://127.0.0.1:{}/v1\"\nnum_retries = 3\ntimeout_seconds = 0.2\n",
        loopback_port()
    ))
    .expect("a valid loopback config");
    let result = ask(&config, "Hello?");
    assert!(
        matches!(result, Err(AskError::Timeout { .. })),
        "{result:?}"
    );
}

#[test]
fn errors_api_key_never_appears_in_an_error() {
    // The `status-401` model echoes the key it was sent, as some real servers do.
    // PATH stands in for the key's variable: it is set everywhere, with no setup.
    let key = std::env::var("PATH").unwrap();
    let config = loopback("status-401", "api_key_env = \"PATH\"\n");
    let err = ask(&config, "Hello?").expect_err("the server refuses every key");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(&key), "the API key was shown: {shown}");
}

#[test]
fn predictor_is_shared_by_threads() {
    let predictor = Predictor::new(&loopback("echo", ""), Strategy::Predict).unwrap();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let predictor = &predictor;
                scope.spawn(move || predictor.ask(&format!("question {i}")))
            })
            .collect();
        for (i, handle) in handles.into_iter().enumerate() {
            let prediction = handle.join().unwrap().unwrap();
            assert_eq!(prediction.answer, format!("You asked: question {i}"));
        }
    });
}

// ---------------------------------------------------------------------------------
// Stage "batch" (stretch): many questions, a few at a time

/// `ask_all` on a fresh predictor for `config`, run to its end.
fn ask_all_now(
    config: &LmConfig,
    questions: &[&str],
    concurrency: usize,
) -> Vec<Result<Prediction, AskError>> {
    let predictor = Arc::new(Predictor::new(config, Strategy::Predict).unwrap());
    let questions = questions.iter().map(ToString::to_string).collect();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(ask_all(predictor, questions, concurrency))
}

/// The body of `GET path` on the loopback server.
fn loopback_get(path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", loopback_port())).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or(reply)
}

#[test]
fn batch_answers_every_question_in_its_place() {
    // The first question is the slowest and the fourth fails: the answers still come
    // back in the questions' order, and one failure fails only its own question.
    let questions = [
        "[slow-0.2] First?",
        "Second?",
        "Third?",
        "[status-500] Fourth?",
        "Fifth?",
    ];
    let answers = ask_all_now(&loopback("echo", ""), &questions, 4);
    assert_eq!(answers.len(), questions.len(), "one result a question");
    for (question, answer) in questions.iter().zip(&answers) {
        match answer {
            Ok(prediction) if !question.contains("status-500") => {
                assert_eq!(prediction.answer, format!("You asked: {question}"));
            }
            Err(AskError::Server { .. }) if question.contains("status-500") => {}
            other => panic!("{question}: got {other:?}"),
        }
    }
    // As the program prints them: line N is question N's answer, empty if it failed.
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let failed = print_answers(&answers, &mut out, &mut err, false).unwrap();
    assert_eq!(failed, 1);
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().nth(3), Some(""), "{out}");
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.starts_with("dspy-ask: question 4: ") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn batch_asks_several_questions_at_once() {
    // `together-batch-4` answers only when four questions wait at the server at the
    // same time; one at a time, each waits alone and fails.
    let questions = ["One?", "Two?", "Three?", "Four?"];
    for (question, answer) in questions.iter().zip(ask_all_now(
        &loopback("together-batch-4", ""),
        &questions,
        4,
    )) {
        match answer {
            Ok(prediction) => assert_eq!(prediction.answer, format!("You asked: {question}")),
            Err(err) => panic!("{question}: {err} (were the questions asked one at a time?)"),
        }
    }
}

#[test]
fn batch_asks_at_most_concurrency_at_once() {
    // The server counts the `most-cap` questions it holds at once.
    let questions = ["1?", "2?", "3?", "4?", "5?", "6?"];
    for answer in ask_all_now(&loopback("most-cap", ""), &questions, 2) {
        answer.expect("every question is answered");
    }
    let reply = loopback_get("/most/cap");
    let most: usize = reply
        .trim()
        .trim_start_matches(r#"{"most": "#)
        .trim_end_matches('}')
        .parse()
        .unwrap_or_else(|_| panic!("the server's count: {reply}"));
    assert!(
        (1..=2).contains(&most),
        "{most} questions at once, with a concurrency of 2"
    );
}

// ---------------------------------------------------------------------------------
// Stage "serve" (stretch): the router of dspy-serve, served in this process
//
// tests/test_dspy_serve.py runs the dspy-serve program itself: its start, SIGTERM.

/// `router` served on a free loopback port by a runtime of its own, for the rest of
/// this test process. Returns the port.
fn start_service(config: &LmConfig, max_in_flight: usize) -> u16 {
    let answerers = Answerers::new(config).expect("the service's modules");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let app = router(answerers, max_in_flight);
            serve(listener, app, std::future::pending()).await.unwrap();
        });
    });
    port
}

/// The service most serve tests share: the loopback server's `echo` model, unless a
/// question starts with another in brackets. PATH stands in for the API key.
fn service_port() -> u16 {
    static PORT: OnceLock<u16> = OnceLock::new();
    *PORT.get_or_init(|| {
        let config = loopback("echo", "timeout_seconds = 10\napi_key_env = \"PATH\"\n");
        start_service(&config, 2)
    })
}

/// One HTTP/1.1 request: the status and the body parsed as JSON.
fn http(
    port: u16,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &str,
) -> (u16, Value) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let content_type =
        content_type.map_or(String::new(), |kind| format!("Content-Type: {kind}\r\n"));
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{content_type}\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply
        .split(' ')
        .nth(1)
        .and_then(|status| status.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP reply: {reply:?}"));
    let (_, body) = reply.split_once("\r\n\r\n").unwrap_or_default();
    let body = serde_json::from_str(body).unwrap_or_else(|_| panic!("not a JSON body: {reply:?}"));
    (status, body)
}

fn post_ask(port: u16, body: &Value) -> (u16, Value) {
    http(
        port,
        "POST",
        "/ask",
        Some("application/json"),
        &body.to_string(),
    )
}

/// An error reply: `{"error": "<one line>"}`, nothing else.
fn assert_error_body(body: &Value) {
    let message = body["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no \"error\": {body}"));
    assert!(
        body.as_object().is_some_and(|fields| fields.len() == 1),
        "{body}"
    );
    assert!(
        !message.trim().is_empty() && !message.contains('\n'),
        "{body}"
    );
}

#[test]
fn serve_answers_questions() {
    let port = service_port();
    assert_eq!(http(port, "GET", "/health", None, "").0, 200);
    assert_eq!(
        post_ask(port, &json!({"question": "Why Rust?"})),
        (
            200,
            json!({"answer": "You asked: Why Rust?", "reasoning": null})
        )
    );
    let (status, reply) = post_ask(port, &json!({"question": "Why Rust?", "cot": true}));
    assert_eq!(
        (status, &reply["reasoning"]),
        (200, &json!("The question was: Why Rust?")),
        "{reply}"
    );
    let (status, reply) = post_ask(
        port,
        &json!({"question": "Why Rust?", "context": "Rust is fast.", "cot": false}),
    );
    assert_eq!(
        (status, &reply["answer"]),
        (200, &json!("You asked: Why Rust?")),
        "{reply}"
    );
}

#[test]
fn serve_bad_request_is_400_with_a_json_error() {
    let port = service_port();
    for (body, content_type) in [
        (r#"{"question": "Hi?"}"#, None), // no content type
        (r#"{"question": 42}"#, Some("application/json")),
        (
            r#"{"question": "Hi?", "cot": "yes"}"#,
            Some("application/json"),
        ),
        (r#"{"cot": true}"#, Some("application/json")),
        (r#"{"question": "#, Some("application/json")),
        (r#"{"question": "  "}"#, Some("application/json")),
    ] {
        let (status, reply) = http(port, "POST", "/ask", content_type, body);
        assert_eq!(status, 400, "{body} ({content_type:?}): {reply}");
        assert_error_body(&reply);
    }
}

#[test]
fn serve_model_failure_is_a_gateway_error() {
    let port = service_port();
    let key = std::env::var("PATH").unwrap();
    // `status-401` echoes the API key it was sent, as some servers do.
    for fault in ["status-500", "status-401", "garbage", "hangup"] {
        let (status, reply) = post_ask(port, &json!({"question": format!("[{fault}] Hello?")}));
        assert_eq!(status, 502, "{fault}: {reply}");
        assert_error_body(&reply);
        assert!(
            !reply.to_string().contains(&key),
            "{fault}: the API key is in {reply}"
        );
    }
}

#[test]
fn serve_slow_model_is_a_gateway_timeout() {
    let port = start_service(&loopback("slow", "timeout_seconds = 0.2\n"), 1);
    let (status, reply) = post_ask(port, &json!({"question": "Still there?"}));
    assert_eq!(status, 504, "{reply}");
    assert_error_body(&reply);
}

// ---------------------------------------------------------------------------------
// Stage "tools" (stretch): `dspy-ask config init` and `config check`, no Python

/// Each problem's key and line, in the order they were found.
fn keys_and_lines(problems: &[Problem]) -> Vec<(Option<&str>, Option<usize>)> {
    problems
        .iter()
        .map(|problem| (problem.key.as_deref(), problem.line))
        .collect()
}

#[test]
fn tools_line_of_counts_from_one() {
    let text = "a = 1\nb = 2\nc = 3\n";
    assert_eq!(line_of(text, 0), 1);
    assert_eq!(line_of(text, 5), 1, "the line break ends line 1");
    assert_eq!(line_of(text, 6), 2);
    assert_eq!(line_of(text, text.find('c').unwrap()), 3);
    assert_eq!(line_of(text, 1000), 4, "past the end is the last line");
}

#[test]
fn tools_check_a_valid_config_has_no_problems() {
    assert_eq!(check_config(FULL_CONFIG), vec![]);
}

#[test]
fn tools_check_reports_every_problem_with_its_line() {
    let text = "provider = \"openai\"\n\
                model = \"gpt-4o-mini\"\n\
                temprature = 0.5\n\
                max_tokens = 0\n\
                # a comment line counts too\n\
                timeout_seconds = -1.0\n";
    let problems = check_config(text);
    assert_eq!(
        keys_and_lines(&problems),
        vec![
            (Some("temprature"), Some(3)),
            (Some("max_tokens"), Some(4)),
            (Some("timeout_seconds"), Some(6)),
        ],
        "{problems:?}"
    );
}

#[test]
fn tools_check_reports_a_wrong_type_and_what_follows_it() {
    let secret = "sk-test-0123456789-do-not-print";
    let text = format!(
        "model = \"gpt-4o-mini\"\n\
         provider = \"openai\"\n\
         max_tokens = \"{secret}\"\n\
         temperature = 9.5\n"
    );
    let problems = check_config(&text);
    assert_eq!(
        keys_and_lines(&problems),
        vec![
            (Some("max_tokens"), Some(3)),
            (Some("temperature"), Some(4))
        ],
        "{problems:?}"
    );
    let shown = format!("{problems:?}");
    assert!(!shown.contains(secret), "a value was shown: {shown}");
}

#[test]
fn tools_check_a_missing_key_has_no_line() {
    let problems = check_config("provider = \"openai\"\ntemperature = 0.1\n");
    assert_eq!(keys_and_lines(&problems), vec![(Some("model"), None)]);
}

#[test]
fn tools_check_a_syntax_error_is_the_one_problem_with_its_line() {
    let problems = check_config("provider = \"openai\"\nmodel = \"gpt-4o-mini\"\ntemperature = \n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, Some(3), "{problems:?}");
}

#[test]
fn tools_template_is_a_valid_commented_config() {
    for provider in ["openai", "dummy", "anthropic", "together_ai"] {
        let text = template(provider);
        assert_eq!(check_config(&text), vec![], "{provider}:\n{text}");
        let config = LmConfig::from_toml(&text).expect("check_config accepted it");
        assert_eq!(config.provider, provider);
        assert!(
            text.lines().any(|line| line.trim_start().starts_with('#')),
            "no comment in the template for {provider}:\n{text}"
        );
    }
}

#[test]
fn tools_template_quotes_the_provider() {
    let text = template("odd \"name\"");
    let config = LmConfig::from_toml(&text).expect("a valid config");
    assert_eq!(config.provider, "odd \"name\"");
}
