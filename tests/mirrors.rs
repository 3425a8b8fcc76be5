//! The generated mirrors (scripts/generate-mirrors.py) carry exactly the error table: every code
//! with its name and its message, as the library itself reports them. (`make mirrors-check`
//! checks that the committed files are what the generator writes; this checks what it writes.)

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A message as the generated Python and PHP write it (escaped quotes and backslashes).
fn escaped(m: &str, quote: char) -> String {
    m.replace('\\', "\\\\")
        .replace(quote, &format!("\\{quote}"))
}

#[test]
fn every_code_name_and_message_is_mirrored() {
    let python = read("bindings/python/zego_token/_codes.py");
    let php = read("bindings/php/src/ZegoToken/ErrorCode.php");
    for e in zego_token::Error::ALL {
        let (code, name) = (e.code(), &e.c_name()["ZEGO_".len()..]);
        assert!(python.contains(&format!("\n{name} = {code}\n")), "{name}");
        assert!(
            python.contains(&format!("    {code}: \"{}\",\n", escaped(e.message(), '"'))),
            "python message of {code}"
        );
        assert!(
            php.contains(&format!("    public const {name} = {code};\n")),
            "{name}"
        );
        assert!(
            php.contains(&format!(
                "        {code} => '{}',\n",
                escaped(e.message(), '\'')
            )),
            "php message of {code}"
        );
    }
    // Python's ErrorCodes class (zego_token.ZegoTokenError's constants) too.
    let class = &python[python
        .find("\nclass ErrorCodes:")
        .expect("class ErrorCodes")..];
    for e in zego_token::Error::ALL {
        let (code, name) = (e.code(), &e.c_name()["ZEGO_".len()..]);
        assert!(
            class.contains(&format!("\n    {name} = {code}\n")),
            "ErrorCodes.{name}"
        );
    }
}
