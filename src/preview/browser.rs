//! Opening the preview in the user's default browser, when there is one.
//!
//! Best effort by design: the address is printed anyway, so a machine without a
//! browser (a server, CI, a container) just goes without, silently.

use std::process::{Command, Stdio};

pub fn open(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        // `start` is built into cmd; its first quoted argument is a window title.
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        // Without a display xdg-open would fall back to a text browser in this very
        // terminal; better not to.
        if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
            return;
        }
        Command::new("xdg-open")
    };
    let child = command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if let Ok(mut child) = child {
        // Reaped in the background, so it leaves no zombie behind while we serve.
        std::thread::spawn(move || child.wait());
    }
}
