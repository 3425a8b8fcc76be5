//! The README's error table lists every code with its constant name and number.

#[test]
fn readme_lists_every_error_code() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let codes = zego_token::Error::ALL
        .iter()
        .map(|e| (e.c_name(), e.code()));
    for (name, code) in std::iter::once(("ZEGO_SUCCESS", 0)).chain(codes) {
        let row = format!("| {code} | `{name}` |");
        assert!(readme.contains(&row), "README lacks the row {row}");
    }
}
