//! Times serve's rebuild after a save to one case study, without HTTP:
//! `cargo run --release --example rebuild -- SITE [ROUNDS]`. The site is
//! edited in place (a line is appended and then removed again); set
//! `CASEBOOK_STAGES=1` to see each stage's time.
//!
//! To count instructions per rebuild with callgrind, set
//! `CASEBOOK_PAUSE=SECONDS`: after the first build the example prints
//! `paused` and sleeps, long enough for `callgrind_control -i on` (run
//! under `valgrind --tool=callgrind --instr-atstart=no`), and it exits
//! without tearing down, so the count is of the rounds alone.

use std::path::PathBuf;
use std::time::Instant;

use casebook::pipeline::{self, Options, Session};

// The allocator the `casebook` binary uses, so that the times match serve's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One rebuild after a save, apart so that a profiler can single it out
/// (`valgrind --tool=callgrind --toggle-collect='*rebuild::round*'`).
#[inline(never)]
fn round(build: &dyn Fn(&mut Session) -> casebook::model::Site, session: &mut Session) {
    build(session);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: rebuild SITE [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(9);
    // CASEBOOK_STAGES=1 shows each stage's time.
    let verbose = std::env::var_os("CASEBOOK_STAGES").is_some();
    let out = tempfile::tempdir().expect("a temporary folder");
    let opts = Options {
        root: root.clone(),
        output: Some(out.path().join("site")),
        drafts: false,
        base_url: Some("http://127.0.0.1:1111/".into()),
        quiet: true,
        today: None,
        external: false,
    };
    let mut session = Session::default();
    let time = |what: &str, f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        eprintln!("{what}: {ms:.0} ms");
        ms
    };
    let build = |session: &mut Session| match pipeline::rebuild(&opts, session) {
        Ok((report, site)) => {
            if verbose {
                for (stage, took) in &report.stages {
                    eprintln!("  {stage}: {:.1} ms", took.as_secs_f64() * 1000.0);
                }
            }
            site
        }
        Err(d) => {
            eprintln!("{}", d.render());
            std::process::exit(1);
        }
    };
    let site = build(&mut session);
    let _ = pipeline::write_search(&opts, &site, &mut session);
    let dir = root.join("content/case-studies");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("content/case-studies")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('_'))
        })
        .collect();
    files.sort();
    let file = files.first().expect("a case study").clone();
    drop(site);
    let pause = std::env::var("CASEBOOK_PAUSE")
        .ok()
        .and_then(|s| s.parse::<u64>().ok());
    if let Some(seconds) = pause {
        eprintln!("paused");
        std::thread::sleep(std::time::Duration::from_secs(seconds));
    }
    let original = std::fs::read_to_string(&file).expect("readable");
    let mut times = Vec::new();
    for i in 0..rounds {
        std::fs::write(&file, format!("{original}\nSaved {i}.\n")).expect("writable");
        times.push(time("rebuild", &mut || round(&build, &mut session)));
    }
    std::fs::write(&file, original).expect("writable");
    times.sort_by(f64::total_cmp);
    println!(
        "rebuild after one save, {} rounds: median {:.0} ms, min {:.0}, max {:.0}",
        rounds,
        times[rounds / 2],
        times[0],
        times[rounds - 1]
    );
    if pause.is_some() {
        // Dropping the session and the output is not part of a rebuild.
        std::process::exit(0);
    }
}
