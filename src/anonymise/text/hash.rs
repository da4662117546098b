//! Words kept as hashes, made eight bytes at a time.

use super::*;

/// A word's hash as its bytes come: eight at a time into one multiply,
/// so that hashing is not a chain of one multiply per byte.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct WordHash {
    h: u64,
    pending: u64,
    bits: u32,
    len: u32,
}

impl WordHash {
    #[inline]
    pub(super) fn push(&mut self, b: u8) {
        self.pending |= u64::from(b) << self.bits;
        self.bits += 8;
        self.len += 1;
        if self.bits == 64 {
            self.h = fold(self.h, self.pending);
            self.pending = 0;
            self.bits = 0;
        }
    }

    #[inline]
    pub(super) fn finish(&self) -> u64 {
        fold(self.h, self.pending ^ u64::from(self.len).rotate_right(8))
    }
}

/// For each ASCII byte that only separates words whatever the mode, its
/// gap flags with a marker bit (so that a space, flagged 0, is not 0).
pub(super) static PLAIN_GAP: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let special = matches!(c, b'&' | b'<' | b']' | b'*' | b'`' | b'~' | b'\\' | b'\'');
        if !c.is_ascii_alphanumeric() && !special {
            t[b] = 0x80
                | match c {
                    b',' => COMMA_BEFORE,
                    b' ' | b'\t' | b'\n' | b'\r' | 0x0c => SPACE_BEFORE,
                    _ => 0,
                };
        }
        b += 1;
    }
    t
};

/// The run of ASCII letters and digits from `at`: where it ends, and its
/// [`WordHash`] lower-cased (the same value as pushing each byte
/// `| 0x20`). Eight bytes are classified and hashed at once; only the
/// last few bytes of the text go one at a time.
#[inline]
pub(super) fn ascii_word(bytes: &[u8], at: usize) -> (usize, u64) {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let mut h = 0;
    let mut i = at;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(chunk);
        let x = u64::from_le_bytes(buf);
        let stops = !alnum_bytes(x) & HIGH;
        if stops == 0 {
            h = fold(h, x | LOWER);
            i += 8;
            continue;
        }
        let rest = (stops.trailing_zeros() / 8) as usize;
        let end = i + rest;
        let pending = if rest == 0 {
            0
        } else {
            (x | LOWER) & (u64::MAX >> (64 - 8 * rest))
        };
        return (end, finish_hash(h, pending, end - at));
    }
    let mut pending = 0;
    let mut shift = 0;
    while let Some(&b) = bytes.get(i) {
        if !b.is_ascii_alphanumeric() {
            break;
        }
        pending |= u64::from(b | 0x20) << shift;
        shift += 8;
        i += 1;
        if shift == 64 {
            h = fold(h, pending);
            pending = 0;
            shift = 0;
        }
    }
    (i, finish_hash(h, pending, i - at))
}

/// The high bit of each byte of a word.
pub(super) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit set in each byte of `x` that is an ASCII letter or digit.
#[inline]
pub(super) fn alnum_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // With the high bits cleared, adding `0x80 - lo` to a byte sets its
    // high bit exactly when it is at least `lo`, and no carry crosses
    // into the next byte.
    let low = x & !HIGH;
    let at_least = |v: u64, lo: u64| v + ONES * (0x80 - lo);
    let digit = at_least(low, b'0' as u64) & !at_least(low, b'9' as u64 + 1);
    let folded = low | (ONES * 0x20);
    let letter = at_least(folded, b'a' as u64) & !at_least(folded, b'z' as u64 + 1);
    (digit | letter) & !x & HIGH
}

/// [`WordHash::finish`] for a hash `h` with `pending` bytes not yet folded.
#[inline]
pub(super) fn finish_hash(h: u64, pending: u64, len: usize) -> u64 {
    let len = u32::try_from(len).unwrap_or(u32::MAX);
    fold(h, pending ^ u64::from(len).rotate_right(8))
}

#[inline]
pub(super) fn fold(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95)
}
