//! Embeds `docs/causes/*.md` so that `confauth explain <id>` prints the same
//! page the repository shows, without a second list of ids to keep in step.

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/causes");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut pages: Vec<(String, String)> = fs::read_dir(&dir)
        .expect("docs/causes exists")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let id = path.file_stem()?.to_str()?.to_string();
            (path.extension()? == "md" && id != "README").then(|| (id, path.display().to_string()))
        })
        .collect();
    pages.sort();
    let table: String = pages
        .iter()
        .map(|(id, path)| format!("    ({id:?}, include_str!({path:?})),\n"))
        .collect();
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("cause_pages.rs");
    fs::write(out, format!("pub const CAUSE_PAGES: &[(&str, &str)] = &[\n{table}];\n")).expect("OUT_DIR is writable");
}
