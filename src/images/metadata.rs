//! What a photo says about itself before it is stripped: the way up it
//! was taken, and the fields that can name a person (read for the
//! anonymisation register's check).

use exif::{Context, In, Tag, Value};

/// EXIF fields that hold a person's name or words about the picture.
const EXIF_TEXT: [(Tag, &str); 5] = [
    (Tag::Artist, "EXIF Artist"),
    (Tag::Copyright, "EXIF Copyright"),
    (Tag::ImageDescription, "EXIF ImageDescription"),
    (Tag::CameraOwnerName, "EXIF CameraOwnerName"),
    (Tag::UserComment, "EXIF UserComment"),
];

/// Windows' own fields (UCS-2 text): author, comment, subject, title.
const WINDOWS_TEXT: [(u16, &str); 4] = [
    (0x9C9D, "EXIF XPAuthor"),
    (0x9C9C, "EXIF XPComment"),
    (0x9C9F, "EXIF XPSubject"),
    (0x9C9B, "EXIF XPTitle"),
];

/// XMP elements that name people or rights holders.
const XMP_TEXT: [&str; 6] = [
    "dc:creator",
    "dc:rights",
    "dc:contributor",
    "xmpRights:Owner",
    "photoshop:Credit",
    "photoshop:AuthorsPosition",
];

/// What was read from a file's metadata.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// EXIF orientation, 1 (upright) to 8.
    pub orientation: u8,
    /// The file carried a GPS position.
    pub gps: bool,
    /// (field, text) for every field that can name someone.
    pub text: Vec<(String, String)>,
}

/// Reads `bytes`' EXIF and the XMP `xmp` found while stripping.
pub fn read(bytes: &[u8], xmp: Option<&str>) -> Metadata {
    let mut meta = Metadata {
        orientation: 1,
        ..Metadata::default()
    };
    if let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) {
        if let Some(o) = exif
            .get_field(Tag::Orientation, In::PRIMARY)
            .and_then(|f| f.value.get_uint(0))
            .filter(|o| (1..=8).contains(o))
        {
            meta.orientation = o as u8;
        }
        meta.gps = exif.fields().any(|f| f.tag.0 == Context::Gps);
        for field in exif.fields().filter(|f| f.ifd_num == In::PRIMARY) {
            let named = EXIF_TEXT
                .iter()
                .find(|(t, _)| *t == field.tag)
                .map(|(_, n)| (*n, ascii(&field.value)))
                .or_else(|| {
                    WINDOWS_TEXT
                        .iter()
                        .find(|(n, _)| field.tag == Tag(Context::Tiff, *n))
                        .map(|(_, n)| (*n, ucs2(&field.value)))
                });
            if let Some((name, Some(text))) = named
                && !text.trim().is_empty()
            {
                meta.text.push((name.to_string(), text.trim().to_string()));
            }
        }
    }
    if let Some(xmp) = xmp {
        for element in XMP_TEXT {
            for text in xmp_values(xmp, element) {
                meta.text.push((format!("XMP {element}"), text));
            }
        }
    }
    meta
}

fn ascii(value: &Value) -> Option<String> {
    match value {
        Value::Ascii(parts) => Some(
            parts
                .iter()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        // UserComment: an 8-byte character code, then the text.
        Value::Undefined(bytes, _) if bytes.len() > 8 => {
            let text = &bytes[8..];
            if bytes.starts_with(b"UNICODE\0") {
                Some(ucs2_bytes(text))
            } else {
                Some(
                    String::from_utf8_lossy(text)
                        .trim_end_matches('\0')
                        .to_string(),
                )
            }
        }
        _ => None,
    }
}

fn ucs2(value: &Value) -> Option<String> {
    match value {
        Value::Byte(bytes) | Value::Undefined(bytes, _) => Some(ucs2_bytes(bytes)),
        _ => None,
    }
}

fn ucs2_bytes(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf8_lossy(String::from_utf16_lossy(&units).as_bytes()).into_owned()
}

/// The text of each `<element>` in `xmp` (tags inside it removed, one
/// value per `rdf:li`), and of the attribute form `element="…"`.
fn xmp_values(xmp: &str, element: &str) -> Vec<String> {
    let mut found = Vec::new();
    let open = format!("<{element}");
    let close = format!("</{element}>");
    let mut rest = xmp;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        // `<dc:creatorTool` is another element.
        if !after.starts_with(['>', ' ', '\n', '\r', '\t', '/']) {
            rest = after;
            continue;
        }
        let Some(end) = after.find(&close) else {
            break;
        };
        let inner = &after[..end];
        let inner = inner.find('>').map_or("", |i| &inner[i + 1..]);
        let mut values = text_runs(inner);
        found.append(&mut values);
        rest = &after[end..];
    }
    let attribute = format!("{element}=\"");
    let mut rest = xmp;
    while let Some(start) = rest.find(&attribute) {
        let after = &rest[start + attribute.len()..];
        let value = after.split('"').next().unwrap_or("");
        if !value.trim().is_empty() {
            found.push(decode_entities(value.trim()));
        }
        rest = after;
    }
    found
}

/// Each run of text between tags in an XML fragment, entities decoded.
fn text_runs(fragment: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    let mut in_tag = false;
    for c in fragment.chars().chain(std::iter::once('<')) {
        match c {
            '<' => {
                let text = run.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    runs.push(decode_entities(&text));
                }
                run.clear();
                in_tag = true;
            }
            '>' => in_tag = false,
            c if !in_tag => run.push(c),
            _ => {}
        }
    }
    runs
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#169;", "©")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_creators_are_read_one_by_one() {
        let xmp = r#"<x:xmpmeta><rdf:Description xmp:CreatorTool="Camera 1" photoshop:Credit="Jo Bloggs">
            <dc:creator><rdf:Seq><rdf:li>Ann Smith</rdf:li><rdf:li>Bo Lee</rdf:li></rdf:Seq></dc:creator>
            <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">&#169; Ann Smith</rdf:li></rdf:Alt></dc:rights>
            </rdf:Description></x:xmpmeta>"#;
        let meta = read(b"not an image", Some(xmp));
        let texts: Vec<&str> = meta.text.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["Ann Smith", "Bo Lee", "© Ann Smith", "Jo Bloggs"]);
        assert_eq!(meta.orientation, 1);
    }
}
