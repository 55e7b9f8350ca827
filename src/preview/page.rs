//! The preview's own page: the findings, the list of documents, and the chosen one in
//! a frame.
//!
//! The documents themselves are our HTML renderer's output, untouched and without
//! script; only this shell has a few lines of script, to ask the server for a newer
//! state and reload when there is one, keeping the chosen document and where it was
//! scrolled to.

use super::snapshot::Snapshot;

/// How long one `/stand` request waits for a change before answering anyway (seconds).
pub const POLL_SECONDS: u64 = 20;

pub fn shell(snapshot: &Snapshot) -> String {
    let mut out = String::with_capacity(8 * 1024);
    let title = escape(&snapshot.title);
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Voorbeeld: {title}</title>\n<style>{STYLE}</style>\n</head>\n\
         <body data-stand=\"{}\">\n<header>\n<h1>Voorbeeld: {title}</h1>\n\
         <p class=\"stand\">Versie {} · werkt zichzelf bij zodra u het regiobestand, een \
         sjabloon of een logo opslaat.</p>\n</header>\n",
        snapshot.generation, snapshot.generation
    ));
    findings(&mut out, snapshot);
    documents(&mut out, snapshot);
    out.push_str(&format!(
        "<script>{}</script>\n</body>\n</html>\n",
        SCRIPT.replace("POLL_SECONDS", &POLL_SECONDS.to_string())
    ));
    out
}

fn findings(out: &mut String, snapshot: &Snapshot) {
    out.push_str("<section id=\"bevindingen\" aria-labelledby=\"bevindingen-kop\">\n");
    out.push_str("<h2 id=\"bevindingen-kop\">Bevindingen</h2>\n");
    let summary = match (snapshot.errors, snapshot.warnings) {
        (0, 0) => "Geen fouten en geen waarschuwingen.".to_owned(),
        (0, w) => format!(
            "Geen fouten; {}.",
            count(w, "waarschuwing", "waarschuwingen")
        ),
        (e, w) => format!(
            "{} en {}. De documenten verschijnen weer zodra de fouten zijn opgelost.",
            count(e, "fout", "fouten"),
            count(w, "waarschuwing", "waarschuwingen")
        ),
    };
    let class = if snapshot.errors > 0 {
        "samenvatting fout"
    } else {
        "samenvatting"
    };
    out.push_str(&format!(
        "<p class=\"{class}\" role=\"status\">{summary}</p>\n"
    ));
    for message in &snapshot.messages {
        let class = if message.error {
            "bevinding fout"
        } else {
            "bevinding waarschuwing"
        };
        out.push_str(&format!(
            "<pre class=\"{class}\">{}</pre>\n",
            escape(message.text.trim_end())
        ));
    }
    out.push_str("</section>\n");
}

fn documents(out: &mut String, snapshot: &Snapshot) {
    let Some(first) = snapshot.documents.first() else {
        return;
    };
    out.push_str("<nav aria-label=\"Documenten\">\n<h2>Documenten</h2>\n<ul>\n");
    for doc in &snapshot.documents {
        let what = if doc.letter { "Brief" } else { "Bijlage" };
        let id = escape(&doc.id);
        out.push_str(&format!(
            "<li><a class=\"document\" href=\"/document/{id}.html\" target=\"voorbeeld\" \
             data-id=\"{id}\">{what}: {label}</a> \
             <a href=\"/document/{id}.pdf\">PDF</a> \
             <a href=\"/document/{id}.docx\">DOCX</a></li>\n",
            label = escape(&doc.label)
        ));
    }
    out.push_str("</ul>\n</nav>\n");
    out.push_str(&format!(
        "<main>\n<iframe name=\"voorbeeld\" id=\"voorbeeld\" title=\"Voorbeeld van het \
         document\" src=\"/document/{}.html\"></iframe>\n</main>\n",
        escape(&first.id)
    ));
}

fn count(n: usize, one: &str, more: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { more })
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
body{font-family:system-ui,sans-serif;margin:0;display:grid;grid-template-columns:18rem 1fr;\
grid-template-rows:auto auto 1fr;min-height:100vh;color:#1a1a1a}\
header,#bevindingen{grid-column:1/3;padding:0 1rem}\
header h1{font-size:1.3rem;margin:.6rem 0 0}.stand{margin:.2rem 0 .6rem;color:#555}\
#bevindingen h2,nav h2{font-size:1rem;margin:.4rem 0}\
.samenvatting{margin:.2rem 0 .6rem}.samenvatting.fout{color:#a00000;font-weight:bold}\
pre.bevinding{white-space:pre-wrap;background:#f6f6f6;border-left:4px solid #b36b00;\
padding:.5rem;margin:.4rem 0}pre.bevinding.fout{border-color:#a00000}\
nav{padding:0 1rem;border-right:1px solid #ddd}nav ul{list-style:none;padding:0}\
nav li{margin:.3rem 0}nav a{color:#0b4f8a}\
main{display:flex}iframe{flex:1;border:0;border-top:1px solid #ddd;min-height:80vh}";

const SCRIPT: &str = r#"
(function () {
  var frame = document.getElementById("voorbeeld");
  var chosen = sessionStorage.getItem("raadsbrief-document");
  if (frame && chosen) {
    var link = document.querySelector('a.document[data-id="' + chosen + '"]');
    if (link) frame.src = link.getAttribute("href");
  }
  if (frame) {
    frame.addEventListener("load", function () {
      var id = frame.contentWindow.location.pathname.replace(/^\/document\//, "").replace(/\.html$/, "");
      sessionStorage.setItem("raadsbrief-document", id);
      var y = sessionStorage.getItem("raadsbrief-scroll-" + id);
      if (y) frame.contentWindow.scrollTo(0, parseInt(y, 10));
    });
  }
  function remember() {
    if (!frame || !frame.contentWindow) return;
    try {
      var id = sessionStorage.getItem("raadsbrief-document");
      if (id) sessionStorage.setItem("raadsbrief-scroll-" + id, String(frame.contentWindow.scrollY));
    } catch (e) {}
  }
  var seen = document.body.getAttribute("data-stand");
  function poll() {
    fetch("/stand?na=" + seen, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (now) {
        if (now.trim() !== seen) { remember(); location.reload(); } else { poll(); }
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preview::snapshot::Message;

    #[test]
    fn findings_are_escaped_and_a_broken_state_shows_no_frame() {
        let snapshot = Snapshot {
            generation: 3,
            title: "regio.yaml".into(),
            errors: 1,
            messages: vec![Message {
                error: true,
                text: "error[unknown-field]: <script>alert(1)</script>\n".into(),
            }],
            ..Snapshot::default()
        };
        let page = shell(&snapshot);
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("1 fout en 0 waarschuwingen."));
        assert!(page.contains("data-stand=\"3\""));
        assert!(!page.contains("<iframe"));
    }
}
