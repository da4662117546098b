//! Metadata taken out of JPEG, PNG and WebP files without touching their
//! pixels: the containers are rewritten with only the parts a browser
//! needs to draw the picture.

use super::Format;

/// `bytes` without metadata, and the XMP packet it carried (read for the
/// register check); `None` when the file is not a well-formed `format`.
pub fn strip(format: Format, bytes: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    match format {
        Format::Jpeg => jpeg(bytes),
        Format::Png => png(bytes),
        Format::Webp => webp(bytes),
    }
}

/// The XMP packet's signature at the start of a JPEG APP1 segment.
const XMP_JPEG: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";

/// Keeps the frame, the tables and the scan; drops EXIF and XMP (APP1),
/// IPTC (APP13), comments and every other application segment except the
/// JFIF header, the colour profile (APP2 ICC) and Adobe's colour transform
/// (APP14), which change how the pixels are drawn, not who took them.
fn jpeg(bytes: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut xmp = None;
    let mut at = 2;
    loop {
        // Fill bytes may stand before a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        // Markers without a length.
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            out.extend_from_slice(&bytes[at..at + 2]);
            at += 2;
            continue;
        }
        if marker == 0xD9 {
            out.extend_from_slice(&bytes[at..at + 2]);
            return Some((out, xmp));
        }
        let len = u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]) as usize;
        let end = at + 2 + len;
        let segment = bytes.get(at..end)?;
        let payload = &segment[4..];
        if marker == 0xDA {
            // The scan runs to the end of the file (and any later scans of
            // a progressive JPEG with it): everything after it is pixels,
            // save trailing bytes some cameras append after the end marker.
            let rest = &bytes[at..];
            let stop = find_eoi(rest).map_or(rest.len(), |i| i + 2);
            out.extend_from_slice(&rest[..stop]);
            return Some((out, xmp));
        }
        let keep = match marker {
            0xE0 => payload.starts_with(b"JFIF\0"),
            0xE2 => payload.starts_with(b"ICC_PROFILE\0"),
            0xEE => payload.starts_with(b"Adobe"),
            0xE1 if payload.starts_with(XMP_JPEG) => {
                xmp = Some(String::from_utf8_lossy(&payload[XMP_JPEG.len()..]).into_owned());
                false
            }
            0xE1..=0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(segment);
        }
        at = end;
    }
}

/// The last end-of-image marker: scans may contain `FF D9` only as the
/// real end, since data bytes `FF` are stuffed with `00`.
fn find_eoi(scan: &[u8]) -> Option<usize> {
    scan.windows(2).rposition(|w| w == [0xFF, 0xD9])
}

/// PNG chunks that change how the picture looks (or animates); every
/// other chunk (text, EXIF, time, private chunks) is dropped.
const PNG_KEEP: [&[u8; 4]; 14] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"bKGD", b"acTL", b"fcTL", b"fdAT",
];

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn png(bytes: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut xmp = None;
    let mut at = PNG_SIGNATURE.len();
    while at < bytes.len() {
        let len = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let end = at.checked_add(12)?.checked_add(len)?;
        let chunk = bytes.get(at..end)?;
        let kind = &chunk[4..8];
        if kind == b"iTXt" && chunk[8..].starts_with(b"XML:com.adobe.xmp\0") {
            xmp = Some(String::from_utf8_lossy(&chunk[8..8 + len]).into_owned());
        }
        if PNG_KEEP.iter().any(|k| k.as_slice() == kind) {
            out.extend_from_slice(chunk);
        }
        at = end;
        if kind == b"IEND" {
            break;
        }
    }
    Some((out, xmp))
}

/// Drops the EXIF and XMP chunks of a WebP file and clears their flags in
/// its extended header.
fn webp(bytes: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    if bytes.get(..4)? != b"RIFF" || bytes.get(8..12)? != b"WEBP" {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..12]);
    let mut xmp = None;
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let kind = &bytes[at..at + 4];
        let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().ok()?) as usize;
        // Chunks are padded to an even length.
        let end = (at + 8).checked_add(len + (len & 1))?.min(bytes.len());
        let chunk = bytes.get(at..end)?;
        match kind {
            b"EXIF" => {}
            b"XMP " => xmp = Some(String::from_utf8_lossy(&chunk[8..]).into_owned()),
            b"VP8X" => {
                let mut header = chunk.to_vec();
                // Bit 3 says EXIF follows, bit 2 XMP.
                if let Some(flags) = header.get_mut(8) {
                    *flags &= !0b0000_1100;
                }
                out.extend_from_slice(&header);
            }
            _ => out.extend_from_slice(chunk),
        }
        at = end;
    }
    let size = u32::try_from(out.len() - 8).ok()?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Some((out, xmp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    #[test]
    fn jpeg_keeps_pixels_and_drops_exif_xmp_and_comments() {
        let mut file = vec![0xFF, 0xD8];
        file.extend(segment(0xE0, b"JFIF\0\x01\x01"));
        file.extend(segment(0xE1, b"Exif\0\0MM secret"));
        let mut xmp = XMP_JPEG.to_vec();
        xmp.extend_from_slice(b"<dc:creator>Ann</dc:creator>");
        file.extend(segment(0xE1, &xmp));
        file.extend(segment(0xFE, b"a comment"));
        file.extend(segment(0xDB, b"tables"));
        file.extend(segment(0xDA, b"scan"));
        file.extend_from_slice(&[1, 2, 0xFF, 0x00, 3, 0xFF, 0xD9]);
        let (out, found) = strip(Format::Jpeg, &file).expect("well formed");
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("secret") && !text.contains("comment") && !text.contains("Ann"));
        assert!(text.contains("JFIF") && text.contains("tables") && text.contains("scan"));
        assert!(out.ends_with(&[0xFF, 0x00, 3, 0xFF, 0xD9]));
        assert!(found.is_some_and(|x| x.contains("Ann")));
    }

    #[test]
    fn not_an_image_is_refused() {
        assert!(strip(Format::Jpeg, b"hello").is_none());
        assert!(strip(Format::Png, b"hello").is_none());
        assert!(strip(Format::Webp, b"RIFF").is_none());
    }
}
