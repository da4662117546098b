//! Any register and any text, in every mode, through the anonymisation
//! guard's reader and matcher: nothing may panic, and reading only the
//! register's words must find what reading every word finds.
#![no_main]

use std::path::Path;

use casebook::anonymise::text::{Mode, tokenise, tokenise_only};
use casebook::anonymise::{Register, read_register};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (names, body) = text.split_once('\n').unwrap_or(("Tomasz Kowalski", text));
    let mut register = Register::new();
    read_register(&mut register, names, Path::new("names.txt"));
    for mode in [Mode::Plain, Mode::Markdown, Mode::Html, Mode::Json] {
        let all = tokenise(body, mode);
        let some = tokenise_only(body, mode, register.relevant());
        for (a, s) in [(&all.main, &some.main), (&all.side, &some.side)] {
            assert_eq!(register.find(a, true).len(), register.find(s, true).len());
            for t in a {
                assert!(body.is_char_boundary(t.start as usize));
                assert!(body.is_char_boundary(t.end as usize));
            }
        }
    }
});
