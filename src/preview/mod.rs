//! `raadsbrief bekijk`: the letters and the appendix in the browser, rebuilt the moment
//! a file they come from is saved.
//!
//! Three parts on plain threads, no async runtime: a watcher thread that rebuilds a
//! [`snapshot::Snapshot`] after every burst of saves and publishes it in [`live::Live`];
//! the HTTP server (tiny_http) that answers each request on a thread of its own, since
//! a page's `/stand` request waits for the next snapshot; and a Ctrl+C handler that
//! unblocks the server so the command ends with exit 0.
//!
//! It listens on 127.0.0.1 only: the preview shows unpublished letters, and nothing on
//! the network has any business reading them.

mod browser;
mod http;
mod live;
mod page;
pub mod snapshot;
mod watch;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::error::{Error, Result};
use live::Live;

/// Requests answered at the same time; more get "busy". Every open page holds one
/// (its waiting `/stand`), so this is many tabs, not a limit anyone meets.
const MAX_CONCURRENT: usize = 64;

pub struct Options {
    pub file: PathBuf,
    pub templates: Option<PathBuf>,
    /// `--lettertypen`: folders of fonts for the PDF.
    pub lettertypen: Vec<PathBuf>,
    /// 0: any free port.
    pub port: u16,
    pub open_browser: bool,
}

/// Serves until Ctrl+C.
pub fn serve(options: Options) -> Result<()> {
    // A region file that is not there at all is a typo in the command, not a state to
    // preview; everything else (even a file that does not parse) is shown on the page.
    std::fs::metadata(&options.file).map_err(|e| Error::io("lezen", &options.file, &e))?;
    if let Some(dir) = &options.templates {
        if !dir.is_dir() {
            return Err(Error::failed(
                format!("de sjablonenmap {} bestaat niet", dir.display()),
                "geef bij --templates een map met sjablonen (maak er een met `raadsbrief templates export MAP`)",
            ));
        }
    }
    let server = tiny_http::Server::http(SocketAddr::from((Ipv4Addr::LOCALHOST, options.port)))
        .map_err(|e| {
            Error::failed(
                format!(
                    "kan het voorbeeld niet starten op poort {} van 127.0.0.1: {e}",
                    options.port
                ),
                "kies een andere poort met --poort, of laat --poort weg voor een vrije poort",
            )
        })?;
    let server = Arc::new(server);
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(options.port);

    let mut watch = watch::Watch::new()?;
    let first = snapshot::build_with_fonts(
        &options.file,
        options.templates.as_deref(),
        &options.lettertypen,
    );
    let mut references = first.references.clone().unwrap_or_default();
    let trees: Vec<PathBuf> = options.templates.iter().cloned().collect();
    watch.set(&watched(&options.file, &references), &trees);
    let live = Arc::new(Live::new(first));

    {
        let live = Arc::clone(&live);
        let file = options.file.clone();
        let templates = options.templates.clone();
        let fonts = options.lettertypen.clone();
        std::thread::spawn(move || {
            while watch.next_change().is_some() {
                let next = snapshot::build_with_fonts(&file, templates.as_deref(), &fonts);
                if let Some(found) = &next.references {
                    references = found.clone();
                }
                // Set before publishing, so a save right after the page updated is seen.
                watch.set(&watched(&file, &references), &trees);
                live.publish(next);
            }
        });
    }
    {
        let server = Arc::clone(&server);
        ctrlc::set_handler(move || server.unblock()).map_err(|e| {
            Error::failed(
                format!("kan Ctrl+C niet opvangen: {e}"),
                "dit is een fout in raadsbrief; meld het",
            )
        })?;
    }

    let url = format!("http://127.0.0.1:{port}/");
    println!("Voorbeeld van {} op {url}", options.file.display());
    println!("Het werkt zich bij zodra u een bestand opslaat. Stop met Ctrl+C.");
    if options.open_browser {
        browser::open(&url);
    }

    let busy = Arc::new(AtomicUsize::new(0));
    // `recv` fails only once the Ctrl+C handler unblocked it (or the socket broke).
    while let Ok(request) = server.recv() {
        if busy.fetch_add(1, Ordering::SeqCst) >= MAX_CONCURRENT {
            busy.fetch_sub(1, Ordering::SeqCst);
            let _ = request.respond(
                tiny_http::Response::from_string(
                    "Te veel verzoeken tegelijk; probeer het zo opnieuw.",
                )
                .with_status_code(503),
            );
            continue;
        }
        let live = Arc::clone(&live);
        let busy = Arc::clone(&busy);
        std::thread::spawn(move || {
            answer(&live, request, port);
            busy.fetch_sub(1, Ordering::SeqCst);
        });
    }
    println!("Voorbeeld gestopt.");
    Ok(())
}

/// The region file and the files it names.
fn watched(file: &std::path::Path, references: &[PathBuf]) -> Vec<PathBuf> {
    std::iter::once(file.to_path_buf())
        .chain(references.iter().cloned())
        .collect()
}

fn answer(live: &Live, request: tiny_http::Request, port: u16) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_owned());
    let reply = http::respond(
        live,
        request.method().as_str(),
        request.url(),
        host.as_deref(),
        port,
    );
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    let headers = std::iter::once(("Content-Type", reply.content_type.to_owned()))
        .chain(reply.headers)
        .chain([("X-Content-Type-Options", "nosniff".to_owned())]);
    for (name, value) in headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    // A browser that closed the tab mid-answer is no error of ours.
    let _ = request.respond(response);
}
