//! Generates `include/zego_token.h` from `src/ffi` with cbindgen. The header is committed;
//! `make test` fails if the committed header differs from what this generates.

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=build.rs");

    // The shared library's SONAME carries the major version: libzego_token.so.MAJOR.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!(
            "cargo:rustc-cdylib-link-arg=-Wl,-soname,libzego_token.so.{}",
            std::env::var("CARGO_PKG_VERSION_MAJOR").expect("major")
        );
    }

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

    let bindings = cbindgen::Builder::new()
        .with_crate(&dir)
        .with_config(config)
        .generate()
        .expect("cbindgen failed to generate the header");
    // `write_to_file` leaves the file alone when it is already up to date.
    bindings.write_to_file(dir.join("include/zego_token.h"));
}
