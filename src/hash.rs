//! FNV-1a, 64 bits: the one hash the index's formats are built on (content-hashed file names, directory keys, title
//! keys), stable across platforms and versions; and hex digits as those formats write hashes.

/// The FNV-1a 64 of some bytes.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
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
    }
}
