//! A fixture harness: copy a fixture site to a temporary folder, change it,
//! run the real `casebook` binary on it, and read what it wrote.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A site in a temporary folder.
pub struct Site {
    dir: tempfile::TempDir,
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into(),
            stderr: String::from_utf8_lossy(&out.stderr).into(),
        }
    }
}

impl Run {
    /// Panics with the output unless the run succeeded.
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Panics with the output unless the run failed with exit code 1.
    pub fn failed(self) -> Self {
        assert_eq!(
            self.code, 1,
            "expected failure\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Both streams, for assertions on messages.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

impl Site {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let site = Site::empty();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            site.path(),
        );
        site
    }

    /// An empty folder.
    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// The site's folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or replaces) a file in the site.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// Replaces `from` with `to` in a file of the site, which must contain it.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.source(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    /// Removes a file of the site.
    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path().join(rel)).unwrap();
        self
    }

    /// A source file's text.
    pub fn source(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `casebook` with `args` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(args)
            .current_dir(self.path())
            .output()
            .expect("the binary runs");
        Run::from(out)
    }

    /// `casebook build` into `public/`.
    pub fn build(&self) -> Run {
        self.run(&["build", "--quiet"])
    }

    /// `casebook check`.
    pub fn check(&self) -> Run {
        self.run(&["check", "--quiet"])
    }

    /// The output folder.
    pub fn public(&self) -> PathBuf {
        self.path().join("public")
    }

    /// A built file's text.
    pub fn out(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public().join(rel))
            .unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    /// True when the build wrote `rel`.
    pub fn has(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }
}

/// Builds the site in `source` with the real binary into `output`, which
/// may lie anywhere, and panics with both streams unless it succeeded.
pub fn build_to(source: &Path, output: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["build", "--quiet", "--source"])
        .arg(source)
        .arg("--output")
        .arg(output)
        .output()
        .expect("the binary runs");
    Run::from(out).ok()
}

/// The example site at the repository root, built into a temporary folder:
/// the folder (keep it alive), the output path and the run.
pub fn build_example_site() -> (tempfile::TempDir, PathBuf, Run) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let public = dir.path().join("public");
    let run = build_to(Path::new(env!("CARGO_MANIFEST_DIR")), &public);
    (dir, public, run)
}

/// Copies a folder tree.
/// A copy of the site at `root`: `site.yaml` and those of `parts` it has.
pub fn copy_site(root: &Path, parts: &[&str]) -> Site {
    let site = Site::empty();
    for part in parts {
        if root.join(part).is_dir() {
            copy_dir(&root.join(part), &site.path().join(part));
        }
    }
    std::fs::copy(root.join("site.yaml"), site.path().join("site.yaml")).unwrap();
    site
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Every `href="…"` and `src="…"` value in an HTML document.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_string());
            }
        }
    }
    out
}
