//! The properties the fuzz targets (`fuzz/`) check, shared with the test that replays their seed
//! corpus and every crash found (`tests/it/fuzz_corpus.rs`), so CI keeps them without a fuzzer.

use client_runtime as runtime;

fn options() -> codegen::Options {
    codegen::Options::default()
}

/// Spec text → generator: no panic; when generation succeeds, every Rust file parses with `syn`
/// and a second run gives the same files.
pub fn spec_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check_generation(text);
}

fn check_generation(text: &str) {
    let Ok(first) = codegen::generate(text, &options()) else {
        return;
    };
    for file in &first.files {
        if file.path.ends_with(".rs")
            && let Err(e) = syn::parse_file(&file.contents)
        {
            panic!("{} does not parse: {e}\n{}", file.path, file.contents);
        }
    }
    let second = codegen::generate(text, &options()).expect("succeeded once, succeeds again");
    assert_eq!(first.files, second.files, "generation is not deterministic");
}

/// A well-formed OpenAPI document built from fuzzer bytes (`specgen`): random schemas over a
/// dictionary of awkward names, `$ref` graphs with cycles, unions with and without
/// discriminators, every body and parameter kind. Checked like [`spec_text`].
pub fn spec_structured(data: &[u8]) {
    let spec = specgen::from_bytes(data);
    check_generation(&spec.to_string());
}

/// Response bytes → every generated response and error type: no panic; garbage is an error.
pub fn response_bytes(data: &[u8]) {
    use digicert_certcentral::types as t;
    fn decode<T: serde::de::DeserializeOwned + serde::Serialize>(data: &[u8]) {
        if let Ok(value) = serde_json::from_slice::<T>(data) {
            // What decodes re-encodes, and the encoding decodes again.
            let encoded = serde_json::to_vec(&value).expect("a decoded value encodes");
            serde_json::from_slice::<T>(&encoded).expect("an encoded value decodes");
        }
    }
    decode::<t::ListDuplicatesResponse>(data);
    decode::<t::ListReissuesResponse>(data);
    decode::<t::SubaccountOrder>(data);
    decode::<t::ErrorResponse>(data);
}

/// A path parameter value → either refused, or one segment that never holds `/`, never reads as
/// `.` or `..` once a URL parser has normalised it, and decodes back to the value.
pub fn path_param(data: &[u8]) {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    let mut path = String::from("/a/");
    match runtime::push_path_param(&mut path, "p", value) {
        Err(_) => assert!(value.is_empty() || value == "." || value == ".."),
        Ok(()) => {
            let segment = &path[3..];
            assert!(!segment.contains('/'), "{segment}");
            let url = reqwest::Url::parse(&format!("https://h{path}/b")).expect("a valid URL");
            assert_eq!(
                url.path(),
                format!("{path}/b"),
                "the URL parser changed the path"
            );
            assert_eq!(percent_decode(segment), value.as_bytes());
        }
    }
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}
