//! Embeds every `content/*.toml` question pack in the binary (the rules and
//! elements files are embedded by the rules module itself, the principles
//! and the own-story follow-ups by theirs).
//!
//! Writes `builtin_packs.rs` into `OUT_DIR`: a sorted list of
//! `(file name, contents)` pairs built with `include_str!`, so adding a pack
//! is a matter of dropping a file into `content/`.

use std::{env, fs, path::Path};

/// Files in `content/` that are data for the code, not question packs.
const NOT_PACKS: &[&str] = &[
    "rules.toml",
    "elements.toml",
    "principles.toml",
    "follow_ups.toml",
];

fn main() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    println!("cargo:rerun-if-changed={}", content.display());

    let mut packs: Vec<_> = fs::read_dir(&content)
        .expect("content/ must exist")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| !NOT_PACKS.contains(&name.to_string_lossy().as_ref()))
        })
        .collect();
    packs.sort();

    let mut code = String::from("&[\n");
    for path in &packs {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("]\n");

    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_packs.rs");
    fs::write(out, code).expect("write builtin_packs.rs");
}
