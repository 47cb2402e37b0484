//! The float functions the ranking needs beyond arithmetic, computed to the same bit natively and in the browser.
//!
//! `f32::ln` and `f32::exp` call the platform's maths library: glibc's natively, and a port of musl's in the wasm.
//! The two differ in the last bit for about one input in twelve (measured over the IDF ratios of archives of 1,000
//! to 10,612 articles), and a ranking that compares a score with a threshold, or two scores with each other, can
//! then list other articles in the browser than `related` lists for the same index: the likely cause of one CI run
//! whose widget and `related` disagreed on one list of 1,009, which never happened here. The `libm` crate is plain
//! arithmetic, the same on every target.

/// The natural logarithm, the same to the bit on every target.
pub fn ln(x: f32) -> f32 {
    libm::logf(x)
}

/// `e` to the power `x`, the same to the bit on every target.
pub fn exp(x: f32) -> f32 {
    libm::expf(x)
}

/// Inputs where glibc (on this project's machines) gives another last bit than the wasm's maths library did, with
/// the bits these functions give: the native tests and the browser suite (`tests/web.rs`) both assert them.
/// A function of one float, as the table below names it.
pub type FloatFunction = fn(f32) -> f32;

#[doc(hidden)]
pub const SAME_EVERYWHERE: [(FloatFunction, f32, u32); 6] = [
    (ln, 13.466666, 0x402669f6),
    (ln, 7.372263, 0x3fffb572),
    (ln, 6.7785234, 0x3ff4f610),
    (exp, -0.036000002, 0x3f76f2aa),
    (exp, -0.07, 0x3f6eb15c),
    (exp, -0.104, 0x3f66b6b4),
];

#[cfg(test)]
mod tests {
    #[test]
    fn gives_the_same_bits_as_in_the_browser() {
        for (function, input, bits) in super::SAME_EVERYWHERE {
            assert_eq!(function(input).to_bits(), bits, "{input}");
        }
    }
}
