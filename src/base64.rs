//! Base64 (standard alphabet, no padding): binary data inside JSON, as the compact vectors of JSON records and the
//! binary record an index entry's update carries, and a small archive's directory inside its entry.

/// The base64 digits, by value.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The digits of `bytes`, without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, &b)| bits | u32::from(b) << (16 - 8 * i));
        for digit in 0..=chunk.len() {
            text.push(char::from(DIGITS[(bits >> (18 - 6 * digit) & 0x3f) as usize]));
        }
    }
    text
}

fn digit_value(digit: u8) -> Option<u32> {
    match digit {
        b'A'..=b'Z' => Some(u32::from(digit - b'A')),
        b'a'..=b'z' => Some(u32::from(digit - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(digit - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// The bytes [`encode`] wrote; `None` for a character outside the alphabet (padding included) or a last group of
/// one digit, which carries no whole byte.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut bytes = Vec::with_capacity(digits.len() / 4 * 3 + 2);
    for group in digits.chunks(4) {
        let mut bits = 0u32;
        for (i, &digit) in group.iter().enumerate() {
            bits |= digit_value(digit)? << (18 - 6 * i);
        }
        for byte in 0..group.len() - 1 {
            bytes.push((bits >> (16 - 8 * byte)) as u8);
        }
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        let bytes: Vec<u8> = (0..=255).collect();
        for end in 0..bytes.len() {
            let text = encode(&bytes[..end]);
            assert!(text.bytes().all(|b| digit_value(b).is_some()), "{text}");
            assert_eq!(decode(&text).as_deref(), Some(&bytes[..end]));
        }
        assert_eq!(encode(b"Man"), "TWFu");
        assert_eq!(encode(b"Ma"), "TWE");
    }

    #[test]
    fn refuses_what_it_does_not_write() {
        for bad in ["A", "TWE=", "TW!u", "TWFuA"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
