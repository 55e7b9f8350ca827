#!/usr/bin/env python3
"""Drive yaml-language-server over stdio the way an editor does, on temporary copies
of the samples, and check what a region-file author sees: no diagnostics on a clean
sample; a diagnostic on the line of a misspelt key and of a wrong enum value;
completion of a gemeente's keys inside a `gemeenten` entry; hover showing the Dutch
description from the schema.

The schema is found through the sample's own `# yaml-language-server: $schema=...`
first line (the copies keep the repository's layout, so the relative path resolves),
because that line is what an author's editor relies on. Standard library only; every
wait has a deadline so a stuck server fails the check instead of hanging CI.

Usage: lsp_check.py SERVER_JS SCHEMA SAMPLE [SAMPLE...]   (paths relative to the repo)
"""

import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The whole conversation must fit in this; a healthy run takes a few seconds.
DEADLINE_SECONDS = 90

SETTINGS = {
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        # The schema store is fetched from the internet; CI has no internet.
        "schemaStore": {"enable": False},
    }
}


class LspError(Exception):
    pass


class Server:
    """One language server process and the JSON-RPC framing around it."""

    def __init__(self, server_js, root, deadline):
        self.deadline = deadline
        self.buf = b""
        self.next_id = 0
        # Notifications that arrived while waiting for something else.
        self.notes = []
        self.proc = subprocess.Popen(
            ["node", str(server_js), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=root,
        )

    def send(self, msg):
        body = json.dumps({"jsonrpc": "2.0", **msg}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def _read_message(self):
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                length = None
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if length is None:
                    raise LspError(f"header without Content-Length: {head!r}")
                if len(rest) >= length:
                    self.buf = rest[length:]
                    return json.loads(rest[:length])
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise LspError(f"no answer within {DEADLINE_SECONDS} s")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise LspError(f"server exited (code {self.proc.poll()})")
            self.buf += chunk

    def _next(self):
        """The next message that is not a request from the server (those are answered)."""
        while True:
            msg = self._read_message()
            if "method" in msg and "id" in msg:
                result = None
                if msg["method"] == "workspace/configuration":
                    result = [
                        SETTINGS["yaml"] if item.get("section") == "yaml" else None
                        for item in msg["params"].get("items", [])
                    ]
                self.send({"id": msg["id"], "result": result})
                continue
            return msg

    def request(self, method, params):
        self.next_id += 1
        want = self.next_id
        self.send({"id": want, "method": method, "params": params})
        while True:
            msg = self._next()
            if "method" in msg:
                self.notes.append(msg)
            elif msg.get("id") == want:
                if "error" in msg:
                    raise LspError(f"{method}: {msg['error']}")
                return msg.get("result")

    def diagnostics(self, uri):
        """The first diagnostics published for `uri` (they follow didOpen)."""
        while True:
            for i, note in enumerate(self.notes):
                if note["method"] == "textDocument/publishDiagnostics" and note["params"]["uri"] == uri:
                    del self.notes[i]
                    return note["params"]["diagnostics"]
            msg = self._next()
            if "method" in msg:
                self.notes.append(msg)

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except Exception:
            pass
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


def open_doc(server, path, text):
    uri = path.as_uri()
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    )
    return uri


def line_of(lines, pattern, start=0):
    rx = re.compile(pattern)
    for i in range(start, len(lines)):
        if rx.search(lines[i]):
            return i
    raise LspError(f"the sample has no line matching {pattern!r}")


def plain(markdown):
    """Hover text without markdown escapes and with single spaces, for comparing."""
    return " ".join(re.sub(r"\\(.)", r"\1", markdown).split())


def hover_text(result):
    if not result:
        return ""
    contents = result.get("contents")
    if isinstance(contents, dict):
        return contents.get("value", "")
    if isinstance(contents, list):
        return "\n".join(c if isinstance(c, str) else c.get("value", "") for c in contents)
    return contents or ""


def describe(diags):
    return "; ".join(f"line {d['range']['start']['line'] + 1}: {d['message']}" for d in diags) or "none"


def main(argv):
    if len(argv) < 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    repo = Path(__file__).resolve().parent.parent
    server_js = Path(argv[1]).resolve()
    schema_rel = Path(argv[2])
    samples = [Path(s) for s in argv[3:]]
    schema = json.loads((repo / schema_rel).read_text(encoding="utf-8"))
    gemeente = schema["$defs"]["gemeente"]
    gemeente_keys = set(gemeente["properties"])
    status_values = schema["$defs"]["status"]["enum"]
    key = "portefeuillehouder"
    key_description = gemeente["properties"][key]["description"]

    failures = 0

    def check(ok, what, detail=""):
        nonlocal failures
        if ok:
            print(f"ok   lsp: {what}")
        else:
            failures += 1
            print(f"FAIL lsp: {what}" + (f": {detail}" if detail else ""))

    tmp = Path(tempfile.mkdtemp(prefix="lsp-check-"))
    server = None
    try:
        (tmp / schema_rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(repo / schema_rel, tmp / schema_rel)
        server = Server(server_js, tmp, time.monotonic() + DEADLINE_SECONDS)
        server.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": tmp.as_uri(),
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {
                        "publishDiagnostics": {},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {"completionItem": {"snippetSupport": False}},
                    },
                },
                "initializationOptions": SETTINGS,
            },
        )
        server.notify("initialized", {})
        server.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

        # A clean sample: the schema is found and nothing is reported.
        for sample in samples:
            text = (repo / sample).read_text(encoding="utf-8")
            copy = tmp / sample
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(text, encoding="utf-8")
            diags = server.diagnostics(open_doc(server, copy, text))
            check(not diags, f"{sample} opens without diagnostics", describe(diags))

        first = samples[0]
        text = (repo / first).read_text(encoding="utf-8")
        lines = text.split("\n")
        entry_line = line_of(lines, r"^\s*- naam:", line_of(lines, r"^gemeenten:"))
        key_line = line_of(lines, rf"^\s+{key}:", entry_line)
        status_line = line_of(lines, r"^\s+status: ")
        key_col = lines[key_line].index(key)

        # A misspelt key and a wrong enum value, each reported on its own line.
        bad = list(lines)
        typo = key.replace("ll", "l", 1)
        bad[key_line] = bad[key_line].replace(key, typo, 1)
        bad[status_line] = re.sub(r"status: .*", "status: voldan", bad[status_line])
        copy = tmp / first.with_name("fouten-" + first.name)
        copy.write_text("\n".join(bad), encoding="utf-8")
        diags = server.diagnostics(open_doc(server, copy, "\n".join(bad)))

        def on(line):
            return [d for d in diags if d["range"]["start"]["line"] == line]

        check(
            any(typo in d["message"] for d in on(key_line)),
            f"misspelt key '{typo}' reported on line {key_line + 1}",
            describe(diags),
        )
        check(
            any(all(v in d["message"] for v in status_values) for d in on(status_line)),
            f"wrong status 'voldan' reported on line {status_line + 1} with the allowed values",
            describe(diags),
        )
        # The misspelling also leaves a required key missing, reported on the entry.
        stray = [d for d in diags if d["range"]["start"]["line"] not in (key_line, status_line, entry_line)]
        check(not stray, "no diagnostics on other lines", describe(stray))

        # Completion where an author starts typing a key inside a gemeenten entry.
        partial = list(lines)
        partial[key_line] = " " * key_col + key[:6]
        copy = tmp / first.with_name("typen-" + first.name)
        copy.write_text("\n".join(partial), encoding="utf-8")
        uri = open_doc(server, copy, "\n".join(partial))
        server.diagnostics(uri)
        result = server.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": key_line, "character": key_col + 6}},
        )
        items = result.get("items", []) if isinstance(result, dict) else (result or [])
        # Kind 10 is a property; the server adds whole-object snippets besides.
        labels = {item["label"] for item in items if item.get("kind") == 10}
        check(
            key in labels and labels <= gemeente_keys,
            f"completion in a gemeenten entry offers gemeente keys ({', '.join(sorted(labels))})",
            f"expected '{key}' among the gemeente keys only",
        )

        # Hover on a key shows the schema's Dutch description.
        uri = (tmp / first).as_uri()
        result = server.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": key_line, "character": key_col + 2}},
        )
        shown = plain(hover_text(result))
        check(
            plain(key_description) in shown,
            f"hover on '{key}' shows its description from {schema_rel}",
            f"got {shown!r}",
        )
    except (LspError, OSError, KeyError, ValueError) as err:
        failures += 1
        print(f"FAIL lsp: {type(err).__name__}: {err}")
    finally:
        if server is not None:
            server.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
