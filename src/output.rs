//! Where a report goes: standard output, a file only its owner can read (`--output`, `--save`),
//! or the clipboard (`--clipboard`).
//!
//! The clipboard is a program's: `wl-copy` (Wayland), `xclip` or `xsel` (X11), `pbcopy`
//! (macOS), `clip.exe` (Windows, and WSL). Each keeps the copy after confauth exits; a library
//! holding the selection inside this process (as `arboard` does on Linux) would lose it at exit,
//! or have to wait until another program took the clipboard.

use crate::cli::OutputArgs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a clipboard program may take to read the report and hand it over.
const COPY_TIMEOUT: Duration = Duration::from_secs(5);

/// Sends the report where `args` say: to a file, to the clipboard, and to standard output when
/// neither was asked for, or when the clipboard could not take it. A file that cannot be written
/// is an error; a clipboard that cannot take it is a warning.
pub fn deliver(report: &str, args: &OutputArgs) -> Result<(), String> {
    let what = args.style().describe();
    if let Some(path) = &args.output_file {
        write_private(path, report).map_err(|e| format!("could not write --output {}: {e}", path.display()))?;
        eprintln!("confauth: wrote {what} to {}", path.display());
    }
    if args.clipboard {
        match copy(report, &on_path) {
            Ok(()) => eprintln!("confauth: copied {what} to the clipboard"),
            Err(why) => {
                eprintln!("confauth: warning: could not copy {what} to the clipboard ({why}); here it is instead");
                print(report);
            }
        }
    }
    if args.to_stdout() {
        print(report);
    }
    Ok(())
}

/// Writes `text` to standard output; a closed pipe (`confauth ... | head`) is not an error
/// worth a message.
pub fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush());
}

/// Writes a file only its owner can read: a report names a site and an account. It never
/// follows a symbolic link (someone else's link could point anywhere), and never writes into
/// anything but a regular file (a FIFO would hang the run, a device is not a report's place).
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let refused = |why: &str| std::io::Error::other(why.to_string());
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(refused("it is a symbolic link; name the file itself"));
        }
        Ok(meta) if !meta.is_file() => return Err(refused("it is not a regular file")),
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A link put in place after the check above is refused all the same.
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    {
        // A file that was there keeps its mode when opened: make it private too.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(text.as_bytes())
}

/// A program that copies its standard input to the clipboard.
struct Copier {
    program: &'static str,
    args: &'static [&'static str],
}

/// The programs to try, in order.
const COPIERS: &[Copier] = if cfg!(target_os = "macos") {
    &[Copier {
        program: "pbcopy",
        args: &[],
    }]
} else if cfg!(windows) {
    &[Copier {
        program: "clip.exe",
        args: &[],
    }]
} else {
    &[
        Copier {
            program: "wl-copy",
            args: &[],
        },
        Copier {
            program: "xclip",
            args: &["-selection", "clipboard"],
        },
        Copier {
            program: "xsel",
            args: &["--clipboard", "--input"],
        },
        // Windows' own, as WSL finds it.
        Copier {
            program: "clip.exe",
            args: &[],
        },
    ]
};

/// Copies `text` with the first clipboard program `find` finds that takes it. `find` is the
/// seam: where a program is, if anywhere.
fn copy(text: &str, find: &dyn Fn(&str) -> Option<PathBuf>) -> Result<(), String> {
    let mut failures = Vec::new();
    for copier in COPIERS {
        let Some(path) = find(copier.program) else {
            continue;
        };
        match run_copier(&path, copier.args, text) {
            Ok(()) => return Ok(()),
            Err(why) => failures.push(format!("{} {why}", copier.program)),
        }
    }
    if failures.is_empty() {
        let names: Vec<&str> = COPIERS.iter().map(|c| c.program).collect();
        Err(format!("found none of {}", names.join(", ")))
    } else {
        Err(failures.join("; "))
    }
}

/// Runs one clipboard program with `text` on its standard input, and waits for it to exit
/// (the X and Wayland ones leave a process of their own behind to serve the copy).
fn run_copier(path: &Path, args: &[&str], text: &str) -> Result<(), String> {
    let mut child = Command::new(path)
        .args(args)
        .stdin(Stdio::piped())
        // Not ours: a process left to serve the copy must not hold our output open.
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not start ({e})"))?;
    // Written beside the wait, so that a program that reads nothing cannot hold the run.
    let writer = child.stdin.take().map(|mut stdin| {
        let text = text.to_string();
        std::thread::spawn(move || stdin.write_all(text.as_bytes()))
    });
    let deadline = Instant::now() + COPY_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("did not finish within {}s", COPY_TIMEOUT.as_secs()));
            }
            Err(error) => return Err(format!("could not be waited for ({error})")),
        }
    };
    let written = writer.map(|w| w.join());
    if !status.success() {
        return Err(format!("failed ({status})"));
    }
    match written {
        Some(Ok(Ok(()))) | None => Ok(()),
        _ => Err("did not read the whole report".into()),
    }
}

/// Where `program` is on `PATH`, if it is there and can run.
fn on_path(program: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(program))
        .find(|path| runnable(path))
}

fn runnable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("confauth-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn no_clipboard_program_is_an_error_that_names_them() {
        let error = copy("report", &|_| None).unwrap_err();
        for copier in COPIERS {
            assert!(error.contains(copier.program), "{error}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_first_program_that_takes_the_report_has_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("copy");
        let received = dir.join("received");
        let failing = dir.join("failing");
        std::fs::write(&failing, "#!/bin/sh\nexit 3\n").unwrap();
        let taking = dir.join("taking");
        std::fs::write(&taking, format!("#!/bin/sh\ncat > '{}'\n", received.display())).unwrap();
        for script in [&failing, &taking] {
            std::fs::set_permissions(script, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        // The first program fails, the second takes it.
        let first = COPIERS[0].program;
        let find = |program: &str| {
            Some(if program == first {
                failing.clone()
            } else {
                taking.clone()
            })
        };
        copy("the report\n", &find).unwrap();
        assert_eq!(std::fs::read_to_string(&received).unwrap(), "the report\n");
        let error = copy("x", &|_| Some(failing.clone())).unwrap_err();
        assert!(error.contains("failed"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_private_file_is_private_and_never_a_link_or_a_device() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("write");
        let path = dir.join("report.md");
        std::fs::write(&path, "old, and readable by all").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&path, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        let link = dir.join("link.md");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let error = write_private(&link, "via the link").unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let error = write_private(Path::new("/dev/null"), "x").unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
        let error = write_private(&dir, "x").unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
