//! The task-queue exercise, the Rust suite: the parts that need no Redis.
//!
//! Change the Rust code in src/ to make the tests below pass.
//! Do not change the tests: they grade your solution and the reference one alike.

use clap::Parser;
use task_queue::{Args, Task, count_unique_words};

#[test]
fn task_parses_id_and_text() {
    let task = Task::parse(r#"{"id": "7", "text": "a b", "extra": 1}"#).unwrap();
    assert_eq!(
        task,
        Task {
            id: "7".into(),
            text: "a b".into()
        }
    );
}

#[test]
fn count_distinct_words_lower_cased() {
    assert_eq!(count_unique_words("The cat saw the CAT"), 3);
    assert_eq!(count_unique_words("  tabs\tand\nnewlines\u{3000}and  "), 3);
    assert_eq!(count_unique_words(""), 0);
    assert_eq!(count_unique_words("Straße STRASSE straße"), 2);
}

#[test]
fn dead_letter_reasons_name_the_fault() {
    assert!(Task::parse("not json").is_err());
    let missing = Task::parse(r#"{"id": "1"}"#).unwrap_err();
    assert!(missing.contains("text"), "{missing}");
    let wrong = Task::parse(r#"{"id": 1, "text": "x"}"#).unwrap_err();
    assert!(wrong.contains("invalid type"), "{wrong}");
    assert!(Task::parse("[1, 2]").is_err());
}

#[test]
fn args_defaults() {
    let args = Args::try_parse_from([
        "queue-worker",
        "--redis",
        "redis://127.0.0.1:1",
        "--queue",
        "q",
    ])
    .unwrap();
    assert_eq!(args.concurrency.get(), 1);
    assert_eq!(args.visibility_timeout.get(), 30);
}

#[test]
fn args_refuse_zero_and_bad_urls() {
    let parse = |extra: &[&str]| {
        let mut argv = vec![
            "queue-worker",
            "--redis",
            "redis://127.0.0.1:1",
            "--queue",
            "q",
        ];
        argv.extend_from_slice(extra);
        Args::try_parse_from(argv)
    };
    assert!(parse(&["--concurrency", "0"]).is_err());
    assert!(parse(&["--visibility-timeout", "0"]).is_err());
    assert!(parse(&["--redis", "http://nope"]).is_err());
    assert!(parse(&["--queue", ""]).is_err());
}
