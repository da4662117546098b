//! Writes a deterministic benchmark corpus: a casebook site with N case
//! studies, 1,500 mentors, 10 cohorts and a CPD catalogue, and optionally
//! the same case studies as a Hugo site. See bench/README.md.
//!
//! cargo run --release --example gen_corpus -- --out DIR --case-studies N [--seed S] [--hugo DIR]

#[path = "../bench/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: gen_corpus --out DIR --case-studies N [--seed S] [--hugo DIR]\n\nDIR (and the Hugo DIR) must be absent or empty.";

fn parse() -> Result<corpus::Options, String> {
    let mut out = None;
    let mut n = None;
    let mut seed = corpus::DEFAULT_SEED;
    let mut hugo = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--case-studies" => {
                let v = value("--case-studies")?;
                n = Some(
                    v.replace([',', '_'], "")
                        .parse::<usize>()
                        .map_err(|_| format!("--case-studies: `{v}` is not a number"))?,
                );
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: `{v}` is not a number"))?;
            }
            "--hugo" => hugo = Some(PathBuf::from(value("--hugo")?)),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(corpus::Options {
        out: out.ok_or("--out is required")?,
        case_studies: n.ok_or("--case-studies is required")?,
        mentors: corpus::MENTORS,
        seed,
        hugo,
    })
}

fn main() -> ExitCode {
    let opts = match parse() {
        Ok(o) => o,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    match corpus::generate(&opts) {
        Ok(s) => {
            println!(
                "wrote {} case studies (~{} words each), {} mentors, {} cohorts, {} workshops, {} other pages: {} files in {}{} ({:.1} s)",
                s.case_studies.len(),
                s.body_words / s.case_studies.len().max(1),
                s.mentors,
                s.cohorts.len(),
                s.workshops,
                s.other_pages,
                s.files,
                opts.out.display(),
                match &opts.hugo {
                    Some(h) => format!("; Hugo site: {} files in {}", s.hugo_files, h.display()),
                    None => String::new(),
                },
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
