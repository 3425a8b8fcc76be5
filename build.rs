//! Generates `include/zego_token.h` with cbindgen (the `header` feature, on by default) from the C
//! layer alone: the files of `src/ffi`, nothing else of the crate, so a public item of the core can
//! never reach the header. The header is committed; `make test` fails if the committed header
//! differs from what this generates. Without the feature the build script does nothing.
//!
//! A plain `cargo build` gives a shared library without a SONAME, so a program linked against
//! `target/release/libzego_token.so` finds it again by that name (with `LD_LIBRARY_PATH` or an
//! rpath). `make install` gives the installed copy its versioned SONAME (`libzego_token.so.MAJOR`).

#[cfg(feature = "header")]
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "header")]
    header();
}

/// Writes `include/zego_token.h` (the `header` feature, on by default).
#[cfg(feature = "header")]
fn header() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let ffi = dir.join("src/ffi");
    // What cbindgen reads, and nothing more, decides when the header is generated again.
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=cbindgen.toml");

    let mut config =
        cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("read cbindgen.toml");
    let version = std::env::var("CARGO_PKG_VERSION").expect("CARGO_PKG_VERSION");
    let part = |name: &str| std::env::var(name).expect("version part");
    config.after_includes = Some(format!(
        "\n#define ZEGO_TOKEN_VERSION \"{version}\"\n#define ZEGO_TOKEN_VERSION_MAJOR {}\n#define ZEGO_TOKEN_VERSION_MINOR {}\n#define ZEGO_TOKEN_VERSION_PATCH {}\n",
        part("CARGO_PKG_VERSION_MAJOR"),
        part("CARGO_PKG_VERSION_MINOR"),
        part("CARGO_PKG_VERSION_PATCH"),
    ));

    let mut builder = cbindgen::Builder::new().with_config(config);
    for file in ffi_sources(&ffi) {
        builder = builder.with_src(file);
    }
    let bindings = builder
        .generate()
        .expect("cbindgen failed to generate the header");
    // `write_to_file` leaves the file alone when it is already up to date.
    bindings.write_to_file(dir.join("include/zego_token.h"));
}

#[cfg(feature = "header")]
/// The `.rs` files of `src/ffi`, in a fixed order (`mod.rs` first, as the items' order in the
/// header follows the order of the files).
fn ffi_sources(ffi: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(ffi)
        .expect("read src/ffi")
        .map(|entry| entry.expect("read src/ffi").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort_by_key(|p| (p.file_name() != Some("mod.rs".as_ref()), p.clone()));
    files
}
