//! The crate's layers import downward only (see ARCHITECTURE.md): every `crate::...` path in
//! the code under `src/` names a module of the same layer or of a layer below, by its module
//! path (never through the root's re-exports, which hide the layer). `src/bin/` is not a layer
//! of the library: the program there uses the public API only, and is skipped.

use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may use the modules of its own layer and of the layers
/// before it.
const LAYERS: &[&[&str]] = &[
    &["error"],
    &["util"],
    &["text"],
    &["input"],
    &["bridge"],
    &["extract"],
    &["analysis"],
    &["fingerprint"],
    &["compare"],
    &["engine"],
    &["index"],
    &["eval"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src/") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to (`None` for `lib.rs`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).expect("under src/");
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_owned();
    (name != "lib").then_some(name)
}

/// The modules named after `crate::` in one line of code.
fn crate_paths(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        // `crate::{a, b}` groups: every name in the braces.
        if end == 0 && after.starts_with('{') {
            let close = after.find('}').unwrap_or(after.len());
            out.extend(
                after[1..close]
                    .split(',')
                    .map(|s| s.trim().split("::").next().unwrap_or("").trim())
                    .filter(|s| !s.is_empty()),
            );
        } else {
            out.push(&after[..end]);
        }
        rest = &after[end..];
    }
    out
}

#[test]
fn modules_import_only_from_their_layer_or_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.retain(|f| !f.starts_with(src.join("bin")));
    files.sort();
    let mut errors = Vec::new();
    let mut checked = 0;
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let own = layer_of(&module)
            .unwrap_or_else(|| panic!("{}: module {module} is in no layer", file.display()));
        let text = std::fs::read_to_string(file).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for target in crate_paths(code) {
                checked += 1;
                match layer_of(target) {
                    Some(l) if l <= own => {}
                    Some(_) => errors.push(format!(
                        "{}:{}: {module} imports {target}, a layer above it",
                        file.display(),
                        n + 1
                    )),
                    None => errors.push(format!(
                        "{}:{}: `crate::{target}` is not a module path (import by module, \
                         not through the root's re-exports)",
                        file.display(),
                        n + 1
                    )),
                }
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} crate paths found: is the scan broken?"
    );
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_scanner_sees_paths_and_groups() {
    assert_eq!(crate_paths("use crate::text::{Lang, Vocab};"), ["text"]);
    assert_eq!(
        crate_paths("use crate::{analysis::Analysis, error::Error};"),
        ["analysis", "error"]
    );
    assert_eq!(
        crate_paths("let x = crate::util::hash::mix64(1);"),
        ["util"]
    );
    assert_eq!(crate_paths("use crate::Dedup;"), ["Dedup"]);
    assert!(layer_of("Dedup").is_none());
}
