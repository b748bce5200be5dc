//! The chart that `cargo workshop bench` prints after the harness: the harness's JSON
//! results drawn as horizontal bars in the terminal, one group per size, one bar per
//! contender, each group scaled to its slowest time.
//!
//! The JSON schema is shared by every harness (benches/compare.py, json_compare.py)
//! and by benches/draw.py, which draws the book's pictures from the same files:
//! `{"benchmark", "title", "size_label", "unit", "machine", "python", "command",
//! "results": [{"contender", "case", "size", "seconds"}]}`, "seconds" the median.
//!
//! `draw` is a pure function from the parsed data to lines of text, so that its
//! layout is tested without a terminal.

use serde::Deserialize;

use crate::sentences::chart as says;
use crate::term;

/// A harness's results file.
#[derive(Debug, Deserialize)]
pub struct Results {
    pub title: String,
    pub size_label: String,
    pub results: Vec<Entry>,
}

/// One contender's time for one case at one size.
#[derive(Debug, Deserialize)]
pub struct Entry {
    pub contender: String,
    pub case: String,
    pub size: u64,
    pub seconds: f64,
}

/// How the chart may be drawn: with Unicode blocks and colour, or plain ASCII.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub unicode: bool,
    pub colour: bool,
    /// The width of the terminal, in columns.
    pub width: usize,
}

impl Style {
    /// Unicode and colour on a UTF-8 terminal with colour; plain ASCII when the
    /// locale is not UTF-8 or colour is off (`NO_COLOR`, a pipe, CI logs).
    pub fn detect() -> Style {
        let colour = term::colour_enabled();
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|columns| columns.parse().ok())
            .unwrap_or(80);
        Style {
            unicode: colour && locale_is_utf8(),
            colour,
            width,
        }
    }
}

/// The locale as the C library would pick it: the first of LC_ALL, LC_CTYPE and LANG
/// that is set decides.
fn locale_is_utf8() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
        .is_some_and(|locale| {
            let locale = locale.to_ascii_lowercase();
            locale.contains("utf-8") || locale.contains("utf8")
        })
}

/// Groups whose slowest and fastest times differ more than this are drawn on a log
/// scale, or the fast bars would shrink to nothing (benches/draw.py agrees).
pub const LOG_SCALE_ABOVE: f64 = 30.0;
/// Contender names longer than this are cut, so that bars keep some room.
const MAX_LABEL: usize = 40;
/// Room for the time and the ratio after a bar: " 1.02 s  40.9×".
const VALUE_WIDTH: usize = 17;
const MIN_BAR: usize = 10;

/// Whose time the ratios are taken against: the learner's own contender (its name
/// starts with "your"), else the reference's, else none.
pub fn baseline<'a>(contenders: &[&'a str]) -> Option<&'a str> {
    let yours = contenders
        .iter()
        .find(|name| name.to_lowercase().starts_with("your "));
    let reference = contenders
        .iter()
        .find(|name| name.to_lowercase().contains("reference"));
    yours.or(reference).copied()
}

/// The bar's share of the full width: linear, or on a log scale whose zero lies a
/// factor of 2 below the fastest time, so that the fastest bar still shows.
pub fn bar_share(seconds: f64, slowest: f64, fastest: f64, log: bool) -> f64 {
    if !log {
        return seconds / slowest;
    }
    let floor = fastest / 2.0;
    (seconds / floor).ln() / (slowest / floor).ln()
}

/// 3 significant digits in the unit that suits: "29.8 ms", "5.28 ms", "412 µs".
pub fn describe(seconds: f64, unicode: bool) -> String {
    let micro = if unicode { "µs" } else { "us" };
    let (value, unit) = if seconds >= 1.0 {
        (seconds, "s")
    } else if seconds >= 1e-3 {
        (seconds * 1e3, "ms")
    } else if seconds >= 1e-6 {
        (seconds * 1e6, micro)
    } else {
        (seconds * 1e9, "ns")
    };
    format!("{} {unit}", significant(value))
}

/// A number with 3 significant digits and no trailing zeros: 1, 16.6, 0.177, 412.
fn significant(value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        return format!("{value}");
    }
    let digits = (2 - value.abs().log10().floor() as i32).max(0) as usize;
    let text = format!("{value:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// "10^7" for powers of ten from 1000 on, "12,345" otherwise.
pub fn size_text(size: u64) -> String {
    let digits = size.to_string();
    if size >= 1000 && digits.starts_with('1') && digits[1..].chars().all(|c| c == '0') {
        return format!("10^{}", digits.len() - 1);
    }
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// A bar of `cells` columns (fractions allowed): Unicode eighths, or ASCII `#`.
fn bar(cells: f64, unicode: bool) -> String {
    if !unicode {
        return "#".repeat((cells.round() as usize).max(1));
    }
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = ((cells * 8.0).round() as usize).max(1);
    let mut text = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        text.push(EIGHTHS[eighths % 8]);
    }
    text
}

/// Keeps the order in which items first appear.
fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

/// The chart, one line per item: per case a heading, per size a group of bars.
pub fn draw(results: &Results, style: Style) -> Vec<String> {
    let mut lines = vec![bold(&results.title, style)];
    let cases = unique(results.results.iter().map(|entry| entry.case.as_str()));
    for case in cases {
        let entries: Vec<&Entry> = results
            .results
            .iter()
            .filter(|entry| entry.case == case)
            .collect();
        let names = unique(entries.iter().map(|entry| entry.contender.as_str()));
        let against = baseline(&names);
        let label_width = names
            .iter()
            .map(|name| name.chars().count())
            .max()
            .unwrap_or(0)
            .min(MAX_LABEL);
        let bar_width = style
            .width
            .saturating_sub(4 + label_width + 1 + VALUE_WIDTH)
            .max(MIN_BAR);
        lines.push(String::new());
        lines.push(match against {
            Some(name) => format!("{}  {}", bold(case, style), says::ratio_legend(name)),
            None => bold(case, style),
        });
        let mut sizes: Vec<u64> = entries.iter().map(|entry| entry.size).collect();
        sizes.sort_unstable();
        sizes.dedup();
        for size in sizes {
            let group: Vec<&Entry> = names
                .iter()
                .filter_map(|name| {
                    entries
                        .iter()
                        .find(|entry| entry.size == size && entry.contender == *name)
                        .copied()
                })
                .filter(|entry| entry.seconds > 0.0 && entry.seconds.is_finite())
                .collect();
            let Some(slowest) = group.iter().map(|entry| entry.seconds).reduce(f64::max) else {
                continue;
            };
            let fastest = group
                .iter()
                .map(|entry| entry.seconds)
                .fold(slowest, f64::min);
            let log = slowest / fastest > LOG_SCALE_ABOVE;
            let against_time = group
                .iter()
                .find(|entry| Some(entry.contender.as_str()) == against)
                .map(|entry| entry.seconds);
            let scale = if log {
                says::log_scale()
            } else {
                String::new()
            };
            lines.push(format!(
                "  {} = {}{scale}",
                results.size_label,
                size_text(size)
            ));
            for entry in group {
                let label: String = entry.contender.chars().take(label_width).collect();
                let share = bar_share(entry.seconds, slowest, fastest, log);
                let mut drawn = bar(share * bar_width as f64, style.unicode);
                if style.colour && Some(entry.contender.as_str()) == against {
                    drawn = term::green(&drawn);
                }
                let ratio = against_time
                    .map(|base| {
                        let times = if style.unicode { "×" } else { "x" };
                        format!("  {}{times}", significant(entry.seconds / base))
                    })
                    .unwrap_or_default();
                lines.push(format!(
                    "    {label:<label_width$} {drawn} {}{ratio}",
                    describe(entry.seconds, style.unicode)
                ));
            }
        }
    }
    lines
}

fn bold(text: &str, style: Style) -> String {
    if style.colour {
        term::bold(text)
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Style = Style {
        unicode: false,
        colour: false,
        width: 80,
    };
    const UNICODE: Style = Style {
        unicode: true,
        colour: false,
        width: 80,
    };

    fn results(entries: &[(&str, &str, u64, f64)]) -> Results {
        let results = entries
            .iter()
            .map(|&(contender, case, size, seconds)| {
                serde_json::json!({"contender": contender, "case": case, "size": size, "seconds": seconds})
            })
            .collect::<Vec<_>>();
        serde_json::from_value(serde_json::json!({
            "benchmark": "sieve", "title": "Sieve", "size_label": "n", "unit": "seconds",
            "machine": "test", "python": "3.11.7", "command": "python compare.py",
            "results": results,
        }))
        .unwrap()
    }

    /// The bar of a contender's line: its run of bar characters.
    fn bar_of<'a>(lines: &'a [String], contender: &str) -> &'a str {
        let line = lines
            .iter()
            .find(|line| line.trim_start().starts_with(contender))
            .unwrap_or_else(|| panic!("no line for {contender} in {lines:#?}"));
        let rest = line.trim_start()[contender.len()..].trim_start();
        rest.split(' ').next().unwrap()
    }

    #[test]
    fn bars_are_scaled_to_the_slowest_of_their_size_and_labelled_against_the_reference() {
        let data = results(&[
            ("Python", "primes", 1000, 0.004),
            ("Rust reference", "primes", 1000, 0.002),
            ("Python", "primes", 10_000, 0.040),
            ("Rust reference", "primes", 10_000, 0.010),
        ]);
        let lines = draw(&data, PLAIN);
        let bar_width = 80 - (4 + "Rust reference".len() + 1 + VALUE_WIDTH);
        assert_eq!(lines[0], "Sieve");
        assert!(lines[2].starts_with("primes  "), "{lines:#?}");
        assert!(lines[2].contains("Rust reference"), "{lines:#?}");
        assert_eq!(lines[3], "  n = 10^3");
        // The slowest bar fills the width; half the time is half the bar.
        assert_eq!(bar_of(&lines[4..6], "Python"), "#".repeat(bar_width));
        assert_eq!(
            bar_of(&lines[4..6], "Rust reference"),
            "#".repeat(bar_width / 2 + bar_width % 2)
        );
        assert!(lines[4].ends_with(" 4 ms  2x"), "{}", lines[4]);
        assert!(lines[5].ends_with(" 2 ms  1x"), "{}", lines[5]);
        // Each size is scaled on its own: a quarter of the time, a quarter of the bar.
        assert_eq!(lines[6], "  n = 10^4");
        assert_eq!(bar_of(&lines[7..9], "Python"), "#".repeat(bar_width));
        assert_eq!(
            bar_of(&lines[7..9], "Rust reference").len(),
            (bar_width as f64 / 4.0).round() as usize
        );
        assert!(lines[7].ends_with(" 40 ms  4x"), "{}", lines[7]);
    }

    #[test]
    fn the_learners_contender_is_the_baseline_when_there_is_one() {
        let data = results(&[
            ("Rust reference", "primes", 100, 0.001),
            ("your sieve", "primes", 100, 0.003),
        ]);
        let lines = draw(&data, PLAIN);
        assert!(lines[2].contains("your sieve"), "{lines:#?}");
        assert!(lines[4].ends_with("1 ms  0.333x"), "{}", lines[4]);
        assert!(lines[5].ends_with("3 ms  1x"), "{}", lines[5]);
    }

    #[test]
    fn without_a_baseline_there_are_times_but_no_ratios() {
        let data = results(&[("json", "parse", 100, 0.5), ("orjson", "parse", 100, 0.25)]);
        let lines = draw(&data, PLAIN);
        assert_eq!(lines[2], "parse");
        assert!(lines[4].ends_with("500 ms"), "{}", lines[4]);
        assert!(lines[5].ends_with("250 ms"), "{}", lines[5]);
    }

    #[test]
    fn wide_ranges_go_on_a_log_scale_where_every_bar_shows() {
        let data = results(&[
            ("loop", "primes", 10_000_000, 1.0),
            ("Rust reference", "primes", 10_000_000, 0.001),
        ]);
        let lines = draw(&data, PLAIN);
        assert!(lines[3].contains(&says::log_scale()), "{lines:#?}");
        let slow = bar_of(&lines[4..], "loop").len();
        let fast = bar_of(&lines[4..], "Rust reference").len();
        // log(2) / log(2000) of the width: small, but there.
        assert!(fast >= 1 && fast < slow / 5, "{fast} of {slow}");
        assert!(lines[4].ends_with("1 s  1000x"), "{}", lines[4]);
        assert!(lines[5].ends_with("1 ms  1x"), "{}", lines[5]);
        let linear = results(&[("a", "c", 10, 1.0), ("b", "c", 10, 0.05)]);
        assert!(!draw(&linear, PLAIN)[3].contains(&says::log_scale()));
    }

    #[test]
    fn each_case_is_a_chart_of_its_own() {
        let data = results(&[
            ("Rust reference", "all primes", 10, 0.002),
            ("numpy", "how many", 10, 0.004),
            ("Rust reference, count", "how many", 10, 0.001),
        ]);
        let lines = draw(&data, PLAIN);
        let headings: Vec<&String> = lines.iter().filter(|line| !line.starts_with(' ')).collect();
        assert_eq!(headings.len(), 5, "{lines:#?}"); // title, then blank + heading per case
        assert!(headings[4].starts_with("how many"));
        assert!(headings[4].contains("Rust reference, count"));
        assert!(
            !lines
                .iter()
                .any(|line| line.contains("numpy") && line.contains("all primes"))
        );
    }

    #[test]
    fn unicode_bars_have_eighths_and_ascii_has_no_unicode_at_all() {
        let data = results(&[
            ("slow", "c", 1000, 0.003),
            ("Rust reference", "c", 1000, 0.001),
            ("fast", "c", 1000, 0.0000042),
        ]);
        let fancy = draw(&data, UNICODE).join("\n");
        assert!(fancy.contains('█') && fancy.contains('×') && fancy.contains("4.2 µs"));
        let plain = draw(&data, PLAIN).join("\n");
        assert!(plain.is_ascii(), "{plain}");
        assert!(plain.contains("4.2 us"));
        // A third of a 10-cell bar is 3 and 3 eighths cells.
        assert_eq!(bar(10.0 / 3.0, true), "███▍");
        assert_eq!(bar(0.01, true), "▏");
        assert_eq!(bar(0.01, false), "#");
    }

    #[test]
    fn numbers_read_as_in_the_books_tables() {
        assert_eq!(describe(0.0298, true), "29.8 ms");
        assert_eq!(describe(1.02, true), "1.02 s");
        assert_eq!(describe(0.000_055_8, true), "55.8 µs");
        assert_eq!(describe(0.000_000_025_6, false), "25.6 ns");
        assert_eq!(significant(16.6449), "16.6");
        assert_eq!(significant(0.1771), "0.177");
        assert_eq!(significant(412.4), "412");
        assert_eq!(size_text(10_000_000), "10^7");
        assert_eq!(size_text(12_345), "12,345");
        assert_eq!(size_text(100), "100");
        assert_eq!(size_text(11_000), "11,000");
    }

    #[test]
    fn a_narrow_terminal_still_gets_bars_and_long_names_are_cut() {
        let long = "a contender with a name far longer than forty characters";
        let data = results(&[(long, "c", 10, 0.002), ("Rust reference", "c", 10, 0.001)]);
        let lines = draw(&data, Style { width: 20, ..PLAIN });
        let cut: String = long.chars().take(MAX_LABEL).collect();
        assert_eq!(bar_of(&lines, &cut), "#".repeat(MIN_BAR));
        assert!(!lines.iter().any(|line| line.contains(long)));
    }
}
