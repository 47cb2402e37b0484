//! The `related-news` command: builds manifests, prints related articles, explains and checks them.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    related_news::cli::main()
}

// The binary is native only; the wasm build compiles the library alone.
#[cfg(target_arch = "wasm32")]
fn main() {}
