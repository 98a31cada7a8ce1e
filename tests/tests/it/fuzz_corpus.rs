//! Replays the fuzz targets' seed corpus and every crash the fuzzers found (`fuzz/regressions/`)
//! through the same properties, so CI keeps them fixed without running a fuzzer.

use std::path::Path;

use tests::{fuzzing, workspace_root};

fn replay(target: &str, property: fn(&[u8])) -> usize {
    let mut count = 0;
    for folder in ["corpus", "regressions"] {
        let dir = workspace_root().join("fuzz").join(folder).join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            // The committed seeds only: a local fuzzing run adds its own files to `corpus/`.
            .filter(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n != ".gitkeep" && (folder == "regressions" || n.starts_with("seed-"))
                })
            })
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).expect("readable");
            eprintln!(
                "{}",
                file.strip_prefix(workspace_root())
                    .unwrap_or(Path::new(""))
                    .display()
            );
            property(&data);
            count += 1;
        }
    }
    count
}

#[test]
fn spec_text_inputs_keep_their_properties() {
    assert!(replay("spec_text", fuzzing::spec_text) >= 7);
}

#[test]
fn structured_spec_inputs_keep_their_properties() {
    assert!(replay("spec_structured", fuzzing::spec_structured) >= 4);
}

#[test]
fn response_inputs_keep_their_properties() {
    assert!(replay("responses", fuzzing::response_bytes) >= 6);
}

#[test]
fn path_parameter_inputs_keep_their_properties() {
    assert!(replay("path_param", fuzzing::path_param) >= 8);
}
