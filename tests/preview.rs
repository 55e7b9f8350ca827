//! `raadsbrief bekijk` end to end: the real binary on a temp copy of a sample, spoken to
//! with nothing but `TcpStream`, as a browser would. Every wait is bounded, and the
//! server is killed when a test ends however it ends, so no test can hang.

#[path = "common/regions.rs"]
mod regions;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const LETTER: &str = "/document/gm0376.html";

/// The server process; killed on drop.
struct Server {
    child: Child,
    port: u16,
    /// Lines of stdout after the address line.
    rest: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(region: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
        .arg("bekijk")
        .arg(region)
        .arg("--niet-openen")
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start raadsbrief bekijk");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut server = Server {
        child,
        port: 0,
        rest: rx,
    };
    let first = server
        .rest
        .recv_timeout(Duration::from_secs(30))
        .expect("the server prints its address within 30 s");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    let rest = url
        .strip_prefix("http://127.0.0.1:")
        .unwrap_or_else(|| panic!("the address is not on 127.0.0.1: {url}"));
    server.port = rest.trim_end_matches('/').parse().expect("a port number");
    server
}

/// One GET with `Connection: close`: the status and the body.
fn get(port: u16, path: &str) -> (u16, String) {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read response");
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&response[..split]).to_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {head:?}"));
    let raw = &response[split + 4..];
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(raw)
    } else {
        raw.to_vec()
    };
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// A chunked body (large responses come so): `size in hex CRLF bytes CRLF`, until 0.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk size line");
        let size_text = String::from_utf8_lossy(&raw[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .expect("a hex chunk size");
        if size == 0 {
            return body;
        }
        let start = line_end + 2;
        body.extend_from_slice(&raw[start..start + size]);
        raw = &raw[start + size + 2..];
    }
}

/// Polls until `check` holds, for at most `limit`; how long it took.
fn within(limit: Duration, mut check: impl FnMut() -> bool) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if check() {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// Saves as many editors do: a new file next to it, renamed over the old one.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("yaml.tmp");
    std::fs::write(&tmp, text).expect("write temp file");
    std::fs::rename(&tmp, path).expect("rename over");
}

fn sample_copy(dir: &Path) -> PathBuf {
    let file = dir.join("regio.yaml");
    let text = std::fs::read_to_string("samples/gooi-en-vechtstreek.yaml").expect("read sample");
    let text = regions::portable(&text);
    std::fs::write(&file, text).expect("copy sample");
    file
}

#[test]
fn the_page_follows_the_file_through_a_mistake_and_its_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = sample_copy(dir.path());
    let server = start(&file, &[]);
    let port = server.port;

    let (status, page) = get(port, "/");
    assert_eq!(status, 200);
    assert!(page.contains("Regio Gooi en Vechtstreek"), "{page}");
    assert!(page.contains("Geen fouten"), "{page}");
    assert!(page.contains(LETTER), "{page}");
    let (status, letter) = get(port, LETTER);
    assert_eq!(status, 200);
    assert!(letter.contains("G.C. Knoop"), "{letter}");
    let (status, pdf) = get(port, "/document/gm0376.pdf");
    assert_eq!(status, 200);
    assert!(pdf.starts_with("%PDF-"));
    let (status, docx) = get(port, "/document/samenwerkingsdocument.docx");
    assert_eq!(status, 200);
    assert!(docx.starts_with("PK"));

    let good = std::fs::read_to_string(&file).expect("read");
    let broken = good.replacen(
        "portefeuillehouder: G.C. Knoop",
        "portefeuilehouder: G.C. Knoop",
        1,
    );
    assert_ne!(good, broken);
    save(&file, &broken);
    let took = within(Duration::from_secs(5), || {
        get(port, "/").1.contains("portefeuilehouder")
    })
    .expect("the finding shows within 5 s");
    eprintln!("finding shown {took:?} after the save");
    let (_, page) = get(port, "/");
    assert!(page.contains("unknown-field"), "{page}");
    assert!(
        !page.contains("<iframe"),
        "a broken file shows no document: {page}"
    );
    let (status, _) = get(port, LETTER);
    assert_eq!(status, 409, "never a stale letter");

    save(&file, &good);
    within(Duration::from_secs(5), || get(port, LETTER).0 == 200)
        .expect("the letter is back within 5 s");
    assert!(get(port, LETTER).1.contains("G.C. Knoop"));
    assert!(get(port, "/").1.contains("Geen fouten"));
}

#[test]
fn a_saved_template_changes_the_letter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = sample_copy(dir.path());
    let templates = dir.path().join("sjablonen");
    let export = Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
        .args(["templates", "export"])
        .arg(&templates)
        .output()
        .expect("export templates");
    assert!(export.status.success());
    let server = start(
        &file,
        &["--templates", templates.to_str().expect("utf-8 path")],
    );
    assert!(!get(server.port, LETTER)
        .1
        .contains("Zin uit het eigen sjabloon"));

    let template = templates.join("raadsinformatiebrief.md.hbs");
    let mut text = std::fs::read_to_string(&template).expect("read template");
    text.push_str("\nZin uit het eigen sjabloon.\n");
    std::fs::write(&template, text).expect("save template");
    within(Duration::from_secs(5), || {
        get(server.port, LETTER)
            .1
            .contains("Zin uit het eigen sjabloon")
    })
    .expect("the letter shows the template's new sentence within 5 s");
}

#[test]
fn it_listens_on_127_0_0_1_only_and_stops_on_ctrl_c() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = sample_copy(dir.path());
    let mut server = start(&file, &[]);
    let port = server.port;
    assert_eq!(get(port, "/").0, 200);
    // On Linux all of 127.0.0.0/8 is this machine: a server bound to 0.0.0.0 would
    // answer on 127.0.0.2 as well.
    #[cfg(target_os = "linux")]
    assert!(
        TcpStream::connect_timeout(
            &SocketAddr::from(([127, 0, 0, 2], port)),
            Duration::from_secs(2)
        )
        .is_err(),
        "the server answers on 127.0.0.2"
    );
    assert!(
        TcpStream::connect_timeout(
            &format!("[::1]:{port}").parse().expect("addr"),
            Duration::from_secs(2)
        )
        .is_err(),
        "the server answers on ::1"
    );
    // A request that names another host (DNS rebinding) is refused.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: example.nl\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");

    #[cfg(unix)]
    {
        let pid = server.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("kill -INT");
        assert!(sent.success());
        let mut status = None;
        within(Duration::from_secs(5), || {
            status = server.child.try_wait().ok().flatten();
            status.is_some()
        })
        .expect("the server stops within 5 s of Ctrl+C");
        assert_eq!(status.and_then(|s| s.code()), Some(0));
        // The reader thread ends with the process's stdout, so this loop ends too.
        let mut lines = Vec::new();
        while let Ok(line) = server.rest.recv_timeout(Duration::from_secs(3)) {
            lines.push(line);
        }
        let last = lines.join("\n");
        assert!(last.contains("Voorbeeld gestopt."), "{last}");
    }
}
