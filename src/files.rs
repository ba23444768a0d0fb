//! Reading the user's small files without letting one hang or flood the run:
//! a settings file, a netrc, a token file, a saved report. A regular file is
//! read up to a cap; a pipe (`--token-file <(pass show atlassian)`) is read
//! under the run's deadline, so a FIFO that no one writes to cannot hold the
//! doctor forever. Errors name the file, never what is in it.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Unreadable {
        path: PathBuf,
        kind: std::io::ErrorKind,
    },
    NotAFile(PathBuf),
    TooLarge {
        path: PathBuf,
        cap: u64,
    },
    /// Nothing came within the deadline: a FIFO with no writer.
    Silent {
        path: PathBuf,
        after: Duration,
    },
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Unreadable { path, kind } => write!(f, "cannot read {}: {kind}", path.display()),
            FileError::NotAFile(path) => write!(f, "{} is not a regular file", path.display()),
            FileError::TooLarge { path, cap } => {
                write!(
                    f,
                    "{} is over {} KiB: that is not what it should be",
                    path.display(),
                    cap / 1024
                )
            }
            FileError::Silent { path, after } => write!(
                f,
                "nothing could be read from {} within {:.0}s (a FIFO no one writes to?)",
                path.display(),
                after.as_secs_f64()
            ),
        }
    }
}

impl std::error::Error for FileError {}

fn unreadable(path: &Path) -> impl Fn(std::io::Error) -> FileError + '_ {
    move |error| FileError::Unreadable {
        path: path.to_path_buf(),
        kind: error.kind(),
    }
}

/// A regular file's bytes, at most `cap` of them; anything else is refused
/// before it is opened (opening a FIFO blocks until someone writes to it).
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, FileError> {
    let metadata = std::fs::metadata(path).map_err(unreadable(path))?;
    if !metadata.is_file() {
        return Err(FileError::NotAFile(path.to_path_buf()));
    }
    if metadata.len() > cap {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            cap,
        });
    }
    read_capped(path, cap)
}

/// A file of any kind (a pipe or a FIFO included), at most `cap` bytes,
/// read within `deadline`.
pub fn read_within(path: &Path, cap: u64, deadline: Duration) -> Result<Vec<u8>, FileError> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return read_regular(path, cap);
    }
    let (done, result) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    // The reader may block forever on a silent FIFO: it is left behind, and
    // ends with the process.
    std::thread::spawn(move || {
        let _ = done.send(read_capped(&owned, cap));
    });
    result.recv_timeout(deadline).unwrap_or(Err(FileError::Silent {
        path: path.to_path_buf(),
        after: deadline,
    }))
}

fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, FileError> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(cap + 1).read_to_end(&mut bytes))
        .map_err(unreadable(path))?;
    if bytes.len() as u64 > cap {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            cap,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_floods_are_refused() {
        assert_eq!(
            read_regular(Path::new("/dev/zero"), 1024),
            Err(FileError::NotAFile("/dev/zero".into()))
        );
        assert!(matches!(
            read_within(Path::new("/dev/zero"), 1024, Duration::from_secs(5)),
            Err(FileError::TooLarge { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_no_one_writes_to_ends_at_the_deadline() {
        let dir = std::env::temp_dir().join(format!("confauth-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("token");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let error = read_within(&fifo, 1024, Duration::from_millis(200)).unwrap_err();
        assert!(matches!(error, FileError::Silent { .. }), "{error}");
        assert!(error.to_string().contains("FIFO"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
