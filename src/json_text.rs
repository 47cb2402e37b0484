//! JSON text parsed into `serde_json` values by a parser small enough for the wasm file.
//!
//! The widget reads every record, manifest and feed with it; natively the CLI keeps `serde_json`'s parser (and its
//! parallel parse of large documents). The two take and refuse the same texts and give the same values, which a
//! property test checks. Why not `serde_json`'s parser in the wasm: it added 23 KB gzipped, measured. Why not the
//! browser's `JSON.parse`: its result has to be copied into the wasm value by value, which took 25-30 ms of a
//! 1,000-article site's record, where this parser takes a few (both measured in Chromium).

use serde_json::{Map, Number, Value};

/// How deeply arrays and objects may nest: one level less than this, as in `serde_json`, so that a document one
/// accepts the other does too. A limit keeps a hostile document from exhausting the stack.
const DEPTH_LIMIT: usize = 128;

/// Why a text is not JSON, and where: line and column (counted in characters) start at 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at line {line} column {column}")]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub message: &'static str,
}

/// Parses one JSON document (surrounding whitespace allowed; byte order marks before it too, as the native reader
/// allows them).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut parser = Parser { text, bytes: text.as_bytes(), pos: 0, depth_left: DEPTH_LIMIT };
    let value = parser.value()?;
    parser.skip_whitespace();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error("trailing characters"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth_left: usize,
}

impl Parser<'_> {
    #[cold]
    #[inline(never)]
    fn error(&self, message: &'static str) -> JsonError {
        let before = &self.text[..floor_char_boundary(self.text, self.pos)];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        JsonError { line: before.matches('\n').count() + 1, column: before[line_start..].chars().count() + 1, message }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Value, JsonError> {
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.error("EOF while parsing a value")),
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected value")),
        }
    }

    fn nested(&mut self, read: fn(&mut Self) -> Result<Value, JsonError>) -> Result<Value, JsonError> {
        self.depth_left -= 1;
        if self.depth_left == 0 {
            return Err(self.error("recursion limit exceeded"));
        }
        self.pos += 1;
        let value = read(self);
        self.depth_left += 1;
        value
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected value"))
        }
    }

    /// The items of an array, its `[` read.
    fn array(&mut self) -> Result<Value, JsonError> {
        let mut items = Vec::new();
        if !self.closes_at_once(b']') {
            loop {
                items.push(self.value()?);
                if self.item_end(b']', "EOF while parsing a list", "expected `,` or `]`")? {
                    break;
                }
            }
        }
        Ok(Value::Array(items))
    }

    /// The members of an object, its `{` read. A repeated key keeps its last value, as in `serde_json` and
    /// `JSON.parse`.
    fn object(&mut self) -> Result<Value, JsonError> {
        const EOF: &str = "EOF while parsing an object";
        let mut members = Map::new();
        if !self.closes_at_once(b'}') {
            loop {
                self.expect(b'"', EOF, "key must be a string")?;
                let key = self.string()?;
                self.expect(b':', EOF, "expected `:`")?;
                self.pos += 1;
                let value = self.value()?;
                members.insert(key, value);
                if self.item_end(b'}', EOF, "expected `,` or `}`")? {
                    break;
                }
            }
        }
        Ok(Value::Object(members))
    }

    /// Whether the array or object just opened ends at once (`[]`, `{}`), its closing byte then read.
    fn closes_at_once(&mut self, close: u8) -> bool {
        self.skip_whitespace();
        let closes = self.peek() == Some(close);
        self.pos += usize::from(closes);
        closes
    }

    /// Reads what follows an item of an array or an object: a comma (more items follow: `false`) or its closing
    /// byte (`true`).
    fn item_end(&mut self, close: u8, eof: &'static str, other: &'static str) -> Result<bool, JsonError> {
        self.skip_whitespace();
        let closed = match self.peek() {
            Some(b',') => false,
            Some(byte) if byte == close => true,
            None => return Err(self.error(eof)),
            Some(_) => return Err(self.error(other)),
        };
        self.pos += 1;
        Ok(closed)
    }

    /// Skips white space to `byte`, which is left to read; an error names what came instead.
    fn expect(&mut self, byte: u8, eof: &'static str, other: &'static str) -> Result<(), JsonError> {
        self.skip_whitespace();
        match self.peek() {
            Some(found) if found == byte => Ok(()),
            None => Err(self.error(eof)),
            Some(_) => Err(self.error(other)),
        }
    }

    /// A string, its opening quote not yet read. Runs without escapes are copied as they are: the text is UTF-8
    /// already, and they start and end next to ASCII bytes.
    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        let mut run_start = self.pos;
        loop {
            match self.peek() {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    out.push_str(&self.text[run_start..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run_start..self.pos]);
                    self.pos += 1;
                    self.escape(&mut out)?;
                    run_start = self.pos;
                }
                Some(0x00..=0x1f) => return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string")),
                Some(_) => self.pos += 1,
            }
        }
    }

    /// One escape, its backslash read.
    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let Some(kind) = self.peek() else { return Err(self.error("EOF while parsing a string")) };
        self.pos += 1;
        let simple = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                out.push(self.unicode_escape()?);
                return Ok(());
            }
            _ => return Err(self.error("invalid escape")),
        };
        out.push(simple);
        Ok(())
    }

    /// The character of a `\u` escape (its `\u` read): a UTF-16 surrogate must come paired, as a string of valid
    /// Unicode cannot hold one alone.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        if (0xDC00..=0xDFFF).contains(&first) {
            return Err(self.error("lone leading surrogate in hex escape"));
        }
        if !(0xD800..=0xDBFF).contains(&first) {
            return char::from_u32(first).ok_or_else(|| self.error("invalid escape"));
        }
        if !self.bytes[self.pos..].starts_with(b"\\u") {
            return Err(self.error("unexpected end of hex escape"));
        }
        self.pos += 2;
        let second = self.hex4()?;
        if !(0xDC00..=0xDFFF).contains(&second) {
            return Err(self.error("lone leading surrogate in hex escape"));
        }
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)).ok_or_else(|| self.error("invalid escape"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut value = 0;
        for _ in 0..4 {
            let Some(byte) = self.peek() else { return Err(self.error("EOF while parsing a string")) };
            let digit = char::from(byte).to_digit(16).ok_or_else(|| self.error("invalid escape"))?;
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }

    /// A number: a whole number is an integer when it fits one (non-negative ones unsigned), anything else a float,
    /// as `serde_json` reads them; a float beyond the range of `f64` is an error, not infinity.
    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("invalid number")),
        }
        let whole_end = self.pos;
        let mut is_float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("invalid number"));
            }
            self.digits();
            is_float = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("invalid number"));
            }
            self.digits();
            is_float = true;
        }
        let text = &self.text[start..self.pos];
        if !is_float {
            let magnitude = self.bytes[start + usize::from(negative)..whole_end]
                .iter()
                .try_fold(0u64, |n, &digit| n.checked_mul(10)?.checked_add(u64::from(digit - b'0')));
            match magnitude {
                Some(n) if !negative => return Ok(Value::from(n)),
                // Minus zero is a float in serde_json, as it is not an integer value of its own.
                Some(n) if n != 0 && n <= 1 << 63 => return Ok(Value::from(0i64.wrapping_sub_unsigned(n))),
                _ => {}
            }
        }
        let float = parse_float(text);
        match Number::from_f64(float) {
            Some(number) if float.is_finite() => Ok(Value::Number(number)),
            _ => Err(self.error("number out of range")),
        }
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }
}

/// The largest char boundary at or before `pos` (an error may be found inside a multi-byte character's run).
fn floor_char_boundary(text: &str, mut pos: usize) -> usize {
    pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// Exact powers of ten that `f64` holds: a number with at most 15 significant digits and such an exponent is
/// correctly rounded by one multiplication or division (both operands are exact).
const EXACT_POWERS: [f64; 23] =
    [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/// The nearest `f64` to a JSON number's text. Most numbers in a manifest (a keyword's weight) take the exact fast
/// path; the rest go to a correctly rounded parser: the standard library's natively, the engine's in the browser
/// (the standard library's would add its tables to the wasm file).
fn parse_float(text: &str) -> f64 {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa_text, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], unsigned[i + 1..].parse::<i32>().ok()),
        None => (unsigned, Some(0)),
    };
    let (whole, fraction) = mantissa_text.split_once('.').unwrap_or((mantissa_text, ""));
    let digits = whole.bytes().chain(fraction.bytes()).skip_while(|&b| b == b'0');
    let mut mantissa: u64 = 0;
    let mut count = 0;
    for digit in digits {
        mantissa = mantissa * 10 + u64::from(digit - b'0');
        count += 1;
        if count > 15 {
            break;
        }
    }
    let exponent = exponent.and_then(|e| e.checked_sub(i32::try_from(fraction.len()).ok()?));
    match exponent {
        Some(e) if count <= 15 && e.unsigned_abs() < 23 => {
            let power = EXACT_POWERS[e.unsigned_abs() as usize];
            let magnitude = if e < 0 { mantissa as f64 / power } else { mantissa as f64 * power };
            if negative { -magnitude } else { magnitude }
        }
        _ => parse_float_exactly(text),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn parse_float_exactly(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

#[cfg(target_arch = "wasm32")]
fn parse_float_exactly(text: &str) -> f64 {
    js_sys::parse_float(text)
}

#[cfg(test)]
mod tests;
