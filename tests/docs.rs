//! The README's error table lists every code with its constant name and number.

#[test]
fn readme_lists_every_error_code() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (name, code) in zego_token::ffi::ERROR_CODE_NAMES {
        let row = format!("| {code} | `{name}` |");
        assert!(readme.contains(&row), "README lacks the row {row}");
    }
}
