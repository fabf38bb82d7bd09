"""The guestbook: a page of entries read from PostgreSQL, and a form that adds one (POST /).

Standard library HTTP server plus psycopg2 (Debian's python3-psycopg2). The connection comes
from libpq's own variables (PGHOST, PGUSER, PGPASSWORD, PGDATABASE), set in compose.yaml.
The page template is read on every request, so a synced edit of templates/ shows at once;
an edit of this file is synced and the service restarted (compose.yaml's develop.watch).
"""
import html
import os
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from string import Template

import psycopg2

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
SCHEMA = """CREATE TABLE IF NOT EXISTS entries (
  id serial PRIMARY KEY,
  name text NOT NULL,
  message text NOT NULL,
  created timestamptz NOT NULL DEFAULT now())"""


def connect():
    return psycopg2.connect("", connect_timeout=5)


def wait_for_schema(deadline_s=60):
    """The database may still be starting: retry until the table exists."""
    end = time.monotonic() + deadline_s
    while True:
        try:
            with connect() as conn, conn.cursor() as cur:
                cur.execute(SCHEMA)
            return
        except psycopg2.OperationalError as err:
            if time.monotonic() > end:
                raise
            print(f"waiting for the database: {err}".strip(), flush=True)
            time.sleep(0.5)


def entries():
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT name, message, created FROM entries ORDER BY id DESC LIMIT 100")
        return cur.fetchall()


def add_entry(name, message):
    with connect() as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO entries (name, message) VALUES (%s, %s)", (name, message))


def render(rows):
    with open(os.path.join(TEMPLATES, "page.html"), encoding="utf-8") as f:
        page = Template(f.read())
    items = "\n".join(
        f"<li><b>{html.escape(n)}</b>: {html.escape(m)} <small>{c:%Y-%m-%d %H:%M:%S}</small></li>"
        for n, m, c in rows)
    return page.safe_substitute(count=len(rows), entries=items, host=html.escape(os.uname().nodename))


class Handler(BaseHTTPRequestHandler):
    server_version = "guestbook/1"

    def send_body(self, status, body, ctype="text/html; charset=utf-8"):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/healthz":
            with connect() as conn, conn.cursor() as cur:
                cur.execute("SELECT count(*) FROM entries")
                self.send_body(200, f"ok {cur.fetchone()[0]} entries\n", "text/plain")
            return
        if self.path != "/":
            self.send_body(404, "not found\n", "text/plain")
            return
        self.send_body(200, render(entries()))

    def do_POST(self):
        length = min(int(self.headers.get("Content-Length") or 0), 64 * 1024)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8", "replace"))
        name = (form.get("name") or [""])[0].strip()[:80]
        message = (form.get("message") or [""])[0].strip()[:500]
        if not name or not message:
            self.send_body(400, "name and message are both needed\n", "text/plain")
            return
        add_entry(name, message)
        self.send_response(303)
        self.send_header("Location", "/")
        self.send_header("Content-Length", "0")
        self.end_headers()


def main():
    wait_for_schema()
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    print(f"guestbook listening on :{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
