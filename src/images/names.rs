//! The anonymisation register's check over what photos say about
//! themselves: a register name in a photo's author or copyright field
//! suggests the photo can identify someone, even once the field is gone.

use std::path::Path;

use super::Images;
use crate::anonymise::text::Mode;
use crate::anonymise::{self, Place, Register};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Reports each register name found in an image's metadata: an error when
/// the metadata is kept (and so published), a warning otherwise.
pub fn check(images: &Images, register: &Register, diags: &mut Diagnostics) {
    if register.is_empty() {
        return;
    }
    for image in images.iter() {
        let file = Path::new("static").join(&image.rel);
        for (field, text) in &image.processed.text {
            let mut found = Vec::new();
            let place = Place {
                file: &file,
                first_line: 1,
                field: Some(field),
            };
            anonymise::scan(register, text, Mode::Plain, false, &place, &mut found);
            for f in found {
                diags.push(reword(f.diagnostic, image.kept, field));
            }
        }
    }
}

/// The guard's error, told as what it means for a photo.
fn reword(d: Diagnostic, kept: bool, field: &str) -> Diagnostic {
    let what = d.message.trim_start_matches("not published: ");
    if kept {
        Diagnostic::error(
            &d.file,
            format!("not published: {what}, and the file is in `images.keep_metadata`"),
        )
        .field(field)
        .hint("take the file out of `images.keep_metadata` in site.yaml, or remove the name from its metadata in a photo editor")
    } else {
        Diagnostic::warning(
            &d.file,
            format!("{what}; the field is removed before publishing"),
        )
        .field(field)
        .hint("check that the photo itself does not show or identify the person, and remove the name from the file")
    }
}
