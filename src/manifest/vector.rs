//! The compact form of an article's term weights in a record of the sharded index: one string of base64 (standard
//! alphabet, no padding) over, for each term by rising position, the gap from the previous position (LEB128) and
//! the weight (an IEEE 754 single, little-endian).
//!
//! Written as JSON numbers, a record's vectors were tens of thousands of numbers, and parsing them was most of what
//! the browser did with a record; as one string they are read in a single pass, with the weights exact to the bit.

/// Appends `n` as unsigned LEB128 (7 bits a byte, low bits first, the high bit set on every byte but the last): the
/// numbers of these vectors and of binary records ([`super::record`]).
pub(crate) fn push_number(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// Reads an unsigned LEB128 number at `*at` and moves past it: what [`push_number`] writes, in binary records and
/// directories. The errors say what is wrong, for a reader's message.
pub(crate) fn read_number(bytes: &[u8], at: &mut usize) -> Result<u64, &'static str> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at).ok_or("the file ends inside a number")?;
        *at += 1;
        // The tenth byte holds the 64th bit only.
        if shift == 63 && byte > 1 {
            return Err("a number longer than 64 bits");
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("a number longer than 64 bits")
}

/// Reads a count of things that each take at least `min_bytes`: never more than the bytes left after it could hold,
/// so a damaged count cannot make a reader reserve memory the file could never fill.
pub(crate) fn read_count(bytes: &[u8], at: &mut usize, min_bytes: usize) -> Result<usize, &'static str> {
    let count = read_number(bytes, at)?;
    // `*at` is within `bytes` once a number was read there, and `min_bytes` is at least 1 wherever it is called.
    let left = (bytes.len() - *at) as u64;
    if count > left / min_bytes as u64 {
        return Err("a count larger than the bytes left could hold");
    }
    Ok(count as usize)
}

/// Encodes a vector sorted by strictly rising position.
pub fn encode(vector: &[(u32, f32)]) -> String {
    let mut bytes = Vec::with_capacity(vector.len() * 6);
    let mut next = 0u32;
    for &(position, weight) in vector {
        push_number(&mut bytes, u64::from(position.saturating_sub(next)));
        bytes.extend_from_slice(&weight.to_le_bytes());
        next = position.saturating_add(1);
    }
    crate::base64::encode(&bytes)
}

/// Decodes what [`encode`] writes; `None` for anything else (a stray character, a cut entry, a position past
/// `u32`, a weight that is not a finite positive number).
pub fn decode(text: &str) -> Option<Vec<(u32, f32)>> {
    let bytes = crate::base64::decode(text)?;
    let mut vector = Vec::with_capacity(bytes.len() / 5);
    let mut next = 0u64;
    let mut at = 0;
    while at < bytes.len() {
        let mut gap = 0u64;
        let mut shift = 0;
        loop {
            let byte = *bytes.get(at)?;
            at += 1;
            gap |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 35 {
                return None;
            }
        }
        let position = u32::try_from(next + gap).ok()?;
        let weight = f32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?);
        at += 4;
        if !(weight.is_finite() && weight > 0.0) {
            return None;
        }
        vector.push((position, weight));
        next = u64::from(position) + 1;
    }
    Some(vector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_exactly() {
        let vector = vec![(0, 1.0), (1, 0.15), (2, 2.2), (130, 0.046_000_004), (70_000, 3.0), (u32::MAX, f32::MIN_POSITIVE)];
        let text = encode(&vector);
        assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/'), "{text}");
        assert_eq!(decode(&text), Some(vector));
        assert_eq!(decode(&encode(&[])), Some(Vec::new()));
    }

    #[test]
    fn refuses_what_it_does_not_write() {
        let text = encode(&[(3, 1.5), (9, 0.25)]);
        for bad in [
            format!("{text}!"),
            text[..text.len() - 1].to_string(),
            text[..text.len() - 2].to_string(),
            "A".to_string(),
            encode(&[(1, -1.0)]),
            encode(&[(1, f32::NAN)]),
            encode(&[(1, 0.0)]),
            // Gap bytes that never end, and a gap past u32.
            "////////".to_string(),
        ] {
            assert_eq!(decode(&bad), None, "{bad:?}");
        }
    }
}
