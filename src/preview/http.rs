//! What each request gets: a plain function from method, path and `Host` to a reply,
//! so the routes can be reasoned about without a socket.

use std::time::Duration;

use super::live::Live;
use super::page;
use crate::render::docx::Docx;
use crate::render::pdf::Pdf;
use crate::render::Renderer;

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Extra headers (name, value).
    pub headers: Vec<(&'static str, String)>,
}

/// Our documents carry no script and need nothing from outside; the policy says so to
/// the browser, so that a text from the region file can never run anything even if a
/// renderer had a bug.
const DOCUMENT_POLICY: &str =
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:";

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            body: body.into(),
            headers: vec![("Cache-Control", "no-store".to_owned())],
        }
    }

    fn notice(status: u16, title: &str, text: &str) -> Reply {
        Reply::new(
            status,
            "text/html; charset=utf-8",
            format!(
                "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">\
                 <title>{title}</title></head><body><h1>{title}</h1><p>{text}</p>\
                 <p><a href=\"/\" target=\"_top\">Naar het overzicht</a></p></body></html>\n"
            ),
        )
    }
}

/// `port` is the one we listen on: a request naming another host is refused, so that
/// a web page elsewhere cannot reach the preview through a name that points at
/// 127.0.0.1 (DNS rebinding).
pub fn respond(live: &Live, method: &str, url: &str, host: Option<&str>, port: u16) -> Reply {
    let allowed = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    if !host.is_some_and(|h| allowed.iter().any(|a| a.eq_ignore_ascii_case(h))) {
        return Reply::notice(
            403,
            "Geweigerd",
            "Dit voorbeeld is alleen te bekijken via het adres dat raadsbrief toont.",
        );
    }
    if method != "GET" && method != "HEAD" {
        return Reply::notice(405, "Niet toegestaan", "Het voorbeeld kan alleen lezen.");
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    match path {
        "/" => Reply::new(
            200,
            "text/html; charset=utf-8",
            page::shell(&live.current()),
        ),
        "/stand" => {
            let seen = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("na="))
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0);
            let now = live.wait_newer(seen, Duration::from_secs(page::POLL_SECONDS));
            Reply::new(200, "text/plain; charset=utf-8", now.to_string())
        }
        _ => match path.strip_prefix("/document/") {
            Some(file) => document(live, file),
            None => Reply::notice(404, "Niet gevonden", "Deze pagina bestaat niet."),
        },
    }
}

fn document(live: &Live, file: &str) -> Reply {
    let Some((id, extension)) = file.rsplit_once('.') else {
        return Reply::notice(404, "Niet gevonden", "Dit document bestaat niet.");
    };
    let snapshot = live.current();
    let Some(shown) = snapshot.find(id) else {
        let (status, text) = if snapshot.errors > 0 {
            (
                409,
                "Het regiobestand bevat fouten; de documenten verschijnen weer zodra ze zijn opgelost.",
            )
        } else {
            (404, "Dit document staat niet (meer) in het regiobestand.")
        };
        return Reply::notice(status, "Geen document", text);
    };
    let rendered = match extension {
        "html" => {
            let mut reply = Reply::new(200, "text/html; charset=utf-8", shown.html.to_vec());
            reply
                .headers
                .push(("Content-Security-Policy", DOCUMENT_POLICY.to_owned()));
            return reply;
        }
        "pdf" => Pdf {
            fonts: snapshot.fonts.clone(),
            ..Pdf::default()
        }
        .render(&shown.document)
        .map(|o| {
            (
                "application/pdf",
                o.bytes,
                format!("inline; filename=\"{id}.pdf\""),
            )
        }),
        "docx" => Docx {
            fonts: snapshot.fonts.clone(),
        }
        .render(&shown.document)
        .map(|o| {
            (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                o.bytes,
                format!("attachment; filename=\"{id}.docx\""),
            )
        }),
        _ => return Reply::notice(404, "Niet gevonden", "Dit formaat bestaat niet."),
    };
    match rendered {
        Ok((content_type, bytes, disposition)) => {
            let mut reply = Reply::new(200, content_type, bytes);
            reply.headers.push(("Content-Disposition", disposition));
            reply
        }
        Err(e) => Reply::notice(
            500,
            "Kon het document niet maken",
            &page_text(&e.to_string()),
        ),
    }
}

fn page_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preview::snapshot::Snapshot;

    #[test]
    fn another_host_name_is_refused() {
        let live = Live::new(Snapshot::default());
        for host in [None, Some("evil.example:8123"), Some("127.0.0.1:1")] {
            assert_eq!(
                respond(&live, "GET", "/", host, 8123).status,
                403,
                "{host:?}"
            );
        }
        assert_eq!(
            respond(&live, "GET", "/", Some("localhost:8123"), 8123).status,
            200
        );
        assert_eq!(
            respond(&live, "POST", "/", Some("127.0.0.1:8123"), 8123).status,
            405
        );
    }

    #[test]
    fn a_document_of_a_broken_state_is_a_conflict_not_a_stale_file() {
        let live = Live::new(Snapshot {
            errors: 1,
            ..Snapshot::default()
        });
        let reply = respond(
            &live,
            "GET",
            "/document/gm0376.html",
            Some("127.0.0.1:9"),
            9,
        );
        assert_eq!(reply.status, 409);
        let stand = respond(&live, "GET", "/stand?na=0", Some("127.0.0.1:9"), 9);
        assert_eq!(stand.body, b"1");
    }
}
