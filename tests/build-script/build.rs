//! Generates the client of `codegen.toml` into `OUT_DIR`.

fn main() {
    println!("cargo::rerun-if-changed=codegen.toml");
    let job = codegen::config::Job::from_config_file("codegen.toml".as_ref())
        .unwrap_or_else(|e| panic!("codegen.toml: {e}"));
    if let Err(e) = codegen::build_script::generate(&job.spec, &job.options) {
        panic!("cannot generate the client: {e}");
    }
}
