//! The small parser against `serde_json` on texts chosen for their edges (the property tests in
//! `tests/decoders.rs` add random ones), and its errors' places.

use super::*;

/// What `serde_json` (with exact float parsing, as the crate builds it) makes of `text`, byte order marks left out
/// first as the native reader does.
fn reference(text: &str) -> Option<Value> {
    serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()
}

#[track_caller]
fn same_as_serde_json(text: &str) {
    assert_eq!(parse(text).ok(), reference(text), "{text:?}");
}

#[test]
fn accepts_what_serde_json_accepts_with_the_same_values() {
    for text in [
        "0", "-0", "1", "-1", "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
        "0.5", "-0.0", "1e3", "1E+3", "1e-3", "2.5e-308", "4.9e-324", "1e-400", "0e999999999999", "1.7976931348623157e308",
        "0.1", "0.30000000000000004", "123456789012345678901234567890", "9007199254740993", "3.141592653589793238462643",
        "\"\"", "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", "\"\\u00e9\\u0130\"", "\"\\ud83d\\ude00\"", "\"Ещё ü 日本 😀\"",
        "true", "false", "null", " \n\t\r[ 1 , 2 ]\r\n", "[]", "{}", "[[],[[]],{}]", r#"{"a":1,"a":2}"#,
        r#"{"version":1,"articles":[{"id":"x","keywords":[["flood",0.25],"rain"]}]}"#, "\u{feff}{\"a\":[true,null]}",
    ] {
        same_as_serde_json(text);
        assert!(parse(text).is_ok(), "{text:?}");
    }
}

#[test]
fn refuses_what_serde_json_refuses() {
    for text in [
        "", " ", "01", "-", "-a", "1.", ".5", "1e", "1e+", "+1", "1e400", "-1e400", "0x10", "NaN", "Infinity", "tru", "nul",
        "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "{\"a\":1", "[", "\"abc", "\"a\nb\"", "\"\\x\"", "\"\\u12\"",
        "\"\\ud83d\"", "\"\\ud83dx\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "1 2", "[1] x", "'a'",
    ] {
        same_as_serde_json(text);
        assert!(parse(text).is_err(), "{text:?}");
    }
}

#[test]
fn nests_as_deeply_as_serde_json_and_no_deeper() {
    for depth in [1, 126, 127, 128, 129, 5000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        same_as_serde_json(&text);
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        same_as_serde_json(&objects);
    }
    assert!(parse(&format!("{}{}", "[".repeat(127), "]".repeat(127))).is_ok());
    assert_eq!(parse(&format!("{}{}", "[".repeat(128), "]".repeat(128))).map_err(|e| e.message), Err("recursion limit exceeded"));
}

#[test]
fn floats_are_correctly_rounded_on_both_paths() {
    // The fast path (at most 15 digits, a small exponent) and the exact one agree with the standard library.
    for text in ["0.1", "123.456", "9.999999999999999e22", "1e22", "1e23", "8.98846567431158e307", "0.000001", "5e-324", "123456789012345.6"] {
        let expected: f64 = text.parse().unwrap();
        assert_eq!(parse(text).unwrap().as_f64(), Some(expected), "{text}");
        assert_eq!(parse_float(text).to_bits(), expected.to_bits(), "{text}");
    }
}

#[test]
fn errors_say_where_in_lines_and_characters() {
    let error = parse("{\n  \"title\": \"Ещё\",\n  \"x\": tru\n}").unwrap_err();
    assert_eq!((error.line, error.column, error.message), (3, 8, "expected value"));
    assert_eq!(error.to_string(), "expected value at line 3 column 8");
    let error = parse("[\"é\" 1]").unwrap_err();
    assert_eq!((error.line, error.column), (1, 6));
    assert_eq!(parse("[1,").unwrap_err().message, "EOF while parsing a value");
}
