//! `reply-codegen`: reads Reply's OpenAPI description and writes every
//! generated file of the SDK. `--check` regenerates in memory and fails if any
//! committed file differs, so CI catches a stale or hand-edited file.

mod emit;
mod emit_client;
mod emit_errors;
mod emit_fuzz;
mod emit_ids;
mod emit_mcp;
mod emit_mock;
mod emit_node;
mod emit_python;
mod emit_uniffi;
mod emit_webhooks;
mod emit_webhooks_foreign;
mod fuzz_corpus;
mod names;
mod overrides;
mod plan;
mod samples;
mod schema;
mod spec;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

const DEFAULT_SPEC: &str = "../shared/reply-api/openapi.yaml";

struct Args {
    spec: PathBuf,
    root: PathBuf,
    check: bool,
    /// Write the fuzz seed corpus here instead of the generated files.
    fuzz_corpus: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut spec = std::env::var_os("REPLY_OPENAPI_SPEC").map(PathBuf::from);
    let mut root = None;
    let mut check = false;
    let mut fuzz_corpus = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => spec = Some(args.next().ok_or("--spec needs a path")?.into()),
            "--root" => root = Some(PathBuf::from(args.next().ok_or("--root needs a path")?)),
            "--check" => check = true,
            "--fuzz-corpus" => fuzz_corpus = Some(args.next().ok_or("--fuzz-corpus needs a directory")?.into()),
            "-h" | "--help" => {
                println!(
                    "usage: reply-codegen [--spec PATH] [--root DIR] [--check | --fuzz-corpus DIR]\n\n\
                     --spec PATH  the OpenAPI file (default: $REPLY_OPENAPI_SPEC, else {DEFAULT_SPEC})\n\
                     --root DIR   the repository root (default: found from this crate)\n\
                     --check      write nothing; fail if any generated file is not current\n\
                     --fuzz-corpus DIR  write the fuzz targets' seeds from the spec's examples into DIR/<target>/"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument `{other}` (see --help)")),
        }
    }
    let root = root.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."));
    let spec = spec.unwrap_or_else(|| root.join(DEFAULT_SPEC));
    Ok(Args { spec, root, check, fuzz_corpus })
}

/// Formats Rust source with the repository's rustfmt settings.
fn rustfmt(root: &Path, source: &str) -> Result<String, String> {
    let mut child = Command::new("rustfmt")
        .args(["--emit", "stdout", "--quiet", "--config-path"])
        .arg(root.join("rustfmt.toml"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().map_err(|e| format!("rustfmt failed: {e}"))?;
    writer.join().expect("writer thread").map_err(|e| format!("rustfmt stdin: {e}"))?;
    if !output.status.success() {
        return Err(format!("rustfmt rejected generated code:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}

/// Directories holding nothing but generated files: a file in one that the
/// generator no longer writes (a resource the spec dropped, a file split up)
/// is stale; `--check` reports it and a run deletes it.
const GENERATED_DIRS: &[&str] =
    &["crates/reply-core/src/generated", "crates/reply-client/src/generated", "crates/reply-mock/src/generated"];

/// Every generated file: (path from the repository root, content, whether it is Rust to format).
/// Each emitter owns the files of one part of the project.
fn generate(root: &serde_json::Value, spec: &spec::Spec) -> Vec<(String, String, bool)> {
    let mut files: Vec<(&'static str, String, bool)> = vec![
        (
            "crates/reply-core/src/generated/mod.rs",
            format!(
                "{}\npub mod models;\npub mod operation_id;\n// One small query struct per operation reads best with a push per parameter.\n#[allow(clippy::vec_init_then_push)]\npub mod operations;\npub mod registry;\n",
                emit::HEADER
            ),
            true,
        ),
        ("crates/reply-core/src/generated/models.rs", emit::models(spec), true),
        ("crates/reply-core/src/generated/operation_id.rs", emit_ids::operation_ids(spec), true),
        ("crates/reply-core/src/generated/operations.rs", emit::operations(spec), true),
        ("crates/reply-core/src/generated/registry.rs", emit::registry(spec), true),
        (
            "crates/reply-client/src/generated/mod.rs",
            format!("{}\npub mod error_classes;\npub mod resources;\n", emit::HEADER),
            true,
        ),
        ("crates/reply-client/OPERATIONS.md", emit_client::operations_table(spec), false),
        ("crates/reply-client/tests/every_operation.rs", emit_client::coverage_test(spec), true),
        (
            "crates/reply-mock/src/generated/samples.json",
            serde_json::to_string_pretty(&samples::samples(root)).expect("samples encode") + "\n",
            false,
        ),
    ];
    // Language bindings add their emitters' files below (`files.extend(emit_x::files(spec))`).
    files.extend(emit_uniffi::files(spec));
    files.extend(emit_errors::files());
    files.extend(emit_node::files(spec));
    files.extend(emit_python::files(spec));
    files.extend(emit_mock::files(root));
    files.extend(emit_mcp::files(root, spec));
    files.extend(emit_webhooks::files(root));
    files.extend(emit_fuzz::files(spec));
    let mut files: Vec<(String, String, bool)> = files.into_iter().map(|(p, s, r)| (p.to_owned(), s, r)).collect();
    // Split per resource: one file per resource and an index.
    files.extend(emit_client::resource_files(spec));
    files.extend(emit_python::resource_files(spec));
    files.extend(emit_node::resource_files(spec));
    files.extend(emit_uniffi::resource_files(spec));
    files
}

/// The generated files no longer written: those in `GENERATED_DIRS`, and those
/// marked `@generated by reply-codegen` beside a file it writes, that `files`
/// does not hold.
fn stale_files(root: &Path, files: &[(String, String, bool)]) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            // Python's bytecode caches sit beside the modules it imports.
            if path.file_name().is_some_and(|n| n == "__pycache__") {
                continue;
            }
            if path.is_dir() { walk(&path, out) } else { out.push(path) }
        }
    }
    fn marked(path: &Path) -> bool {
        let text = std::fs::read(path).unwrap_or_default();
        String::from_utf8_lossy(&text[..text.len().min(200)]).contains("@generated by reply-codegen")
    }
    let mut found = Vec::new();
    for dir in GENERATED_DIRS {
        walk(&root.join(dir), &mut found);
    }
    let mut beside: Vec<PathBuf> =
        files.iter().filter_map(|(p, _, _)| root.join(p).parent().map(Path::to_path_buf)).collect();
    beside.sort();
    beside.dedup();
    for dir in beside {
        let entries = std::fs::read_dir(&dir).into_iter().flatten().flatten().map(|e| e.path());
        found.extend(entries.filter(|p| p.is_file() && marked(p)));
    }
    let mut stale: Vec<String> = found
        .iter()
        .filter_map(|path| path.strip_prefix(root).ok()?.to_str().map(str::to_owned))
        .filter(|path| !files.iter().any(|(p, _, _)| p == path))
        .collect();
    stale.sort();
    stale.dedup();
    stale
}

fn run() -> Result<bool, String> {
    let args = parse_args()?;
    let root = args.root;
    let root_value = spec::load(&args.spec)?;
    let mut spec = spec::build(root_value.clone())?;
    let overridden = overrides::apply(&root, &mut spec)?;
    if let Some(dir) = &args.fuzz_corpus {
        fuzz_corpus::write(&root_value, &spec, dir)?;
        return Ok(true);
    }
    let mut stale = Vec::new();
    let files = generate(&root_value, &spec);
    for path in stale_files(&root, &files) {
        if args.check {
            stale.push(format!("{path} (no longer generated)"));
        } else {
            std::fs::remove_file(root.join(&path)).map_err(|e| format!("{path}: {e}"))?;
            eprintln!("removed {path}");
        }
    }
    for (path, source, is_rust) in files {
        let text = if is_rust { rustfmt(&root, &source)? } else { source };
        let target = root.join(&path);
        let current = std::fs::read_to_string(&target).ok();
        if current.as_deref() == Some(text.as_str()) {
            continue;
        }
        if args.check {
            stale.push(path);
        } else {
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(&target, text).map_err(|e| format!("{}: {e}", target.display()))?;
            eprintln!("wrote {path}");
        }
    }
    eprintln!(
        "reply-codegen: {} operations ({overridden} overridden in {}), {} types{}",
        spec.ops.len(),
        overrides::FILE,
        spec.types.defs.len(),
        if args.check { " (check)" } else { "" }
    );
    if !stale.is_empty() {
        eprintln!("these generated files are not current; run `just codegen`:");
        for path in &stale {
            eprintln!("  {path}");
        }
        return Ok(false);
    }
    Ok(true)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("reply-codegen: {message}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_no_longer_written_are_stale() {
        let root = std::env::temp_dir().join(format!("reply-codegen-stale-{}", std::process::id()));
        let write = |path: &str, text: &str| {
            let target = root.join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, text).unwrap();
        };
        let marked = "// @generated by reply-codegen from Reply's OpenAPI description.\n";
        write("crates/reply-client/src/generated/mod.rs", marked);
        write("crates/reply-client/src/generated/resources.rs", "any text: the whole directory is generated\n");
        write("crates/reply-client/src/generated/__pycache__/x.pyc", "");
        write("python/reply/_resources/contacts.py", marked);
        write("python/reply/models.py", marked);
        write("python/reply/_resources.py", marked);
        write("python/reply/_client.py", "hand-written, beside a generated module\n");
        let files: Vec<(String, String, bool)> = [
            "crates/reply-client/src/generated/mod.rs",
            "python/reply/models.py",
            "python/reply/_resources/contacts.py",
        ]
        .iter()
        .map(|p| (p.to_string(), String::new(), false))
        .collect();
        let stale = stale_files(&root, &files);
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(stale, ["crates/reply-client/src/generated/resources.rs", "python/reply/_resources.py"]);
    }
}
