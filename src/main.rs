//! The `related-news` command: builds manifests, prints related articles, explains and checks them.

/// The CLI allocates many small strings on all cores; mimalloc does that markedly faster than the system allocator.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    related_news::cli::main()
}

// The binary is native only; the wasm build compiles the library alone.
#[cfg(target_arch = "wasm32")]
fn main() {}
