//! FNV-1a, 64 bits: the one hash the index's formats are built on (content-hashed file names, directory keys, title
//! keys), stable across platforms and versions; and hex digits as those formats write hashes.

/// The FNV-1a 64 of some bytes.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// The high 32 bits of the FNV-1a 64 of `text`: the short hash a key or a title is compared by (the low bits place
/// a key in its directory shard).
pub fn high_half(text: &str) -> u32 {
    (fnv1a64(text.as_bytes()) >> 32) as u32
}

/// Reads exactly `digits` lower-case hex digits, as [`push_hex`] writes them; `None` for anything else.
pub fn parse_hex(text: &str, digits: usize) -> Option<u64> {
    if text.len() != digits || digits > 16 {
        return None;
    }
    // By hand, as `push_hex` writes: `from_str_radix` would also take upper case and a sign, and is more code.
    text.bytes().try_fold(0u64, |value, b| {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            _ => return None,
        };
        Some(value << 4 | u64::from(digit))
    })
}

/// Appends the lowest `digits` hex digits of `value` (lower case, leading zeros kept). Written out here: the
/// formatter's hex path would be code the widget carries for a few names.
pub fn push_hex(out: &mut String, value: u64, digits: u32) {
    for place in (0..digits.min(16)).rev() {
        out.push(char::from(b"0123456789abcdef"[((value >> (place * 4)) & 0xf) as usize]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_and_its_digits_are_the_published_ones() {
        // FNV-1a 64 test vectors: the empty input is the offset basis.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        let mut out = String::new();
        push_hex(&mut out, 0x0a3c_574d_feeb_34ad, 16);
        push_hex(&mut out, 0xff, 8);
        assert_eq!(out, format!("{:016x}{:08x}", 0x0a3c_574d_feeb_34ad_u64, 0xff));
        assert_eq!(parse_hex(&out[..16], 16), Some(0x0a3c_574d_feeb_34ad));
        assert_eq!(parse_hex(&out[16..], 8), Some(0xff));
        for bad in ["0A3C574DFEEB34AD", "0a3c", "0a3c574dfeeb34a+", "+a3c574dfeeb34ad"] {
            assert_eq!(parse_hex(bad, 16), None, "{bad}");
        }
        assert_eq!(high_half("a"), 0xaf63_dc4c);
    }
}
