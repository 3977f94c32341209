//! The chaos harness can fail: a client that retries writes after they may
//! have acted makes duplicates, a write dropped without a word is lost, and
//! the harness reports both from the mock's journal and store and exits
//! non-zero; the safe client passes. Small sizes, a fixed seed.

use std::process::Command;

struct Run {
    success: bool,
    lost: u64,
    duplicated: u64,
    stdout: String,
}

fn chaos(extra: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_chaos"))
        .args(["--contacts", "200", "--enrol", "20", "--seed", "7"])
        .args(extra)
        .output()
        .expect("the chaos binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let total = stdout
        .lines()
        .find_map(|l| l.strip_prefix("chaos: total (from the mock's journal and store): "))
        .unwrap_or_else(|| panic!("no total line in:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    // "<n> lost, <n> duplicated, <n> unknown; ..."
    let count = |what: &str| -> u64 {
        let words: Vec<&str> = total.split([' ', ',', ';']).filter(|w| !w.is_empty()).collect();
        let at = words.iter().position(|w| *w == what).unwrap_or_else(|| panic!("no `{what}` in {total}"));
        words[at - 1].parse().unwrap_or_else(|_| panic!("no count before `{what}` in {total}"))
    };
    Run { success: output.status.success(), lost: count("lost"), duplicated: count("duplicated"), stdout }
}

#[test]
fn a_safe_client_passes_with_nothing_lost_or_duplicated() {
    let run = chaos(&[]);
    assert!(run.success, "{}", run.stdout);
    assert_eq!((run.lost, run.duplicated), (0, 0), "{}", run.stdout);
}

#[test]
fn a_client_retrying_writes_after_they_may_have_acted_is_caught_duplicating() {
    let run = chaos(&["--unsafe-retry-writes"]);
    assert!(!run.success, "the run must fail:\n{}", run.stdout);
    assert!(run.duplicated > 0, "duplicates must be reported:\n{}", run.stdout);
    assert!(run.stdout.contains("applied twice in one call"), "{}", run.stdout);
}

#[test]
fn a_write_dropped_silently_is_reported_lost() {
    let run = chaos(&["--drop-writes", "3"]);
    assert!(!run.success, "the run must fail:\n{}", run.stdout);
    assert_eq!((run.lost, run.duplicated), (3, 0), "{}", run.stdout);
    let created = run.stdout.lines().find(|l| l.contains("(CreateContact)")).unwrap_or_default();
    assert!(created.contains("3 lost"), "the dropped writes are the first contact creations: {created}");
}
