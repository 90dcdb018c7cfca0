"""Hostile-request probe of the dashboard server: no 5xx and no traceback, whatever a client sends.

Starts ``eventlens serve``'s server (uvicorn with eventlens' protocol, on 127.0.0.1) over a
store in a child process whose log is captured, then sends at least ``--requests`` hostile
requests and checks every answer and the log:

* raw HTTP: malformed request lines, raw non-ASCII bytes, NUL bytes, a 100 KiB URL, 40 KiB of
  headers, 200 header lines, a header without a colon, bad and conflicting Content-Length and
  Transfer-Encoding, a bad chunked body, HTTP/0.9 and HTTP/2 preface, unknown methods;
* disconnects: a client that sends part of the head and leaves, part of a body and leaves
  (Analyze form and API), or leaves before reading the answer;
* every API endpoint and page with fuzzed parameter values (SQL and FTS5 syntax, markup,
  lone surrogates, huge and negative numbers, repeated and unknown parameters, every format);
* Analyze bodies: bad JSON, deep nesting, wrong types, lone surrogates, over-long text, wrong
  content types, form bodies with too many fields;
* static files: path traversal, encoded dots.

    python bench/hostile_probe.py [--db STORE] [--requests 600] [--json]

Without ``--db`` it writes a small synthetic store in a temporary folder. It passes when no
answer is a 5xx and the server's log holds no traceback; it exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

_SERVER = (
    "import sys, uvicorn\n"
    "from pathlib import Path\n"
    "from eventlens.web import WebSettings, create_app\n"
    "from eventlens.web.protocol import JsonErrorProtocol\n"
    "app = create_app(settings=WebSettings(db=Path(sys.argv[1]), search_dir=Path(sys.argv[3])))\n"
    "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), log_level='warning', access_log=False,\n"
    "            server_header=False, http=JsonErrorProtocol, timeout_keep_alive=2)\n"
)
PATHS = ("/api/events", "/api/dyads", "/api/timeline", "/api/series", "/api/pair", "/api/places", "/api/actors", "/api/outlets",
         "/api/coverage", "/api/attention", "/api/frames", "/api/tone", "/api/articles", "/api/search/events", "/api/network",
         "/api/summary", "/api/lookup", "/api/overview", "/api/status", "/", "/network", "/map", "/outlets", "/dyad", "/search")
PARAMS = ("actor", "source", "target", "direction", "rollup", "type", "cameo", "quad", "since", "until", "place", "text", "q",
          "outlet", "min_confidence", "interval", "sort", "limit", "offset", "format", "edges", "min_weight", "min_degree", "tab")
VALUES = ("'; DROP TABLE events; --", "\" OR 1=1 --", "<script>alert(1)</script>", "%00", "\x00", "\ud800", "NEAR(a b)", "a* OR",
          "\"unbalanced", "(((((", "-", "--", "*", "OR", "NOT", "AND AND", "9" * 40, "-1", "0", "1e309", "NaN", "inf", "2024-02-30",
          "0000-00-00", "9999-99-99", "٣", "１２", " ", "Ünïcødé", "🙂" * 30, "x" * 250, "IRN;", "../../etc/passwd", "gexf", "graphml",
          "csv", "xml", "-events", "events; DROP", "week", "quarter", "either", "both", "true", "maybe", "1.5", ".5", "1,5")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raw(port: int, data: bytes, *, read: bool = True, pause: float = 0.0) -> int | None:
    """Send ``data`` on a fresh connection; the status of the answer (None when the server closed without one)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        try:
            s.sendall(data)
            if pause:
                time.sleep(pause)
            if not read:
                return None
            got = b""
            while b"\r\n" not in got and (chunk := s.recv(65536)):  # the status line is all we need
                got += chunk
        except (ConnectionResetError, BrokenPipeError, socket.timeout):
            return None
    if not got.startswith(b"HTTP/"):
        return None
    try:
        return int(got.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def get(path: str, host: bytes = b"x") -> bytes:
    return b"GET " + path.encode("utf-8", "surrogatepass") + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"


def post(path: str, body: bytes, ctype: bytes, extra: bytes = b"") -> bytes:
    return (b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " + ctype +
            b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n" + extra + b"\r\n" + body)


def protocol_cases() -> list[tuple[str, bytes, dict]]:
    cases = [
        ("garbage line", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256)) + b"\r\n\r\n", {}),
        ("HTTP/0.9", b"GET /\r\n\r\n", {}),
        ("HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", {}),
        ("non-ASCII target", b"GET /api/events?actor=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n", {}),
        ("NUL in target", b"GET /api/ev\x00ents HTTP/1.1\r\nHost: x\r\n\r\n", {}),
        ("100 KiB URL", get("/api/events?q=" + "a" * 100_000), {}),
        ("40 KiB header", b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000 + b"\r\n\r\n", {}),
        ("200 headers", b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(200)) + b"\r\n", {}),
        ("header without colon", b"GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", {}),
        ("bad content-length", b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", {}),
        ("two content-lengths", b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello", {}),
        ("CL and TE", b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", {}),
        ("bad chunk", b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", {}),
        ("huge declared body", b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n", {}),
        ("unknown method", b"BREW /api/events HTTP/1.1\r\nHost: x\r\n\r\n", {}),
        ("no host", b"GET /api/status HTTP/1.1\r\n\r\n", {}),
        ("absolute form", b"GET http://evil.example/api/status HTTP/1.1\r\nHost: evil.example\r\n\r\n", {}),
        ("CONNECT", b"CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example\r\n\r\n", {}),
        ("websocket upgrade", b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n\r\n", {}),
        ("path traversal", get("/static/../../../etc/passwd"), {}),
        ("encoded traversal", get("/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd"), {}),
        ("double-encoded traversal", get("/static/%252e%252e/app.css"), {}),
        ("backslash traversal", get("/static/..%5c..%5cpyproject.toml"), {}),
        ("options", b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", {}),
        ("put", b"PUT /api/events HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", {}),
        ("delete", b"DELETE /api/articles/x HTTP/1.1\r\nHost: x\r\n\r\n", {}),
        ("head", b"HEAD /api/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {}),
    ]
    # disconnects: part of the head, part of a body, nothing read
    cases += [("head then leave", b"GET /api/events HTTP/1.1\r\nHost: x\r\nX-Partial: ", {"read": False, "pause": 0.05})]
    for path, ctype in (("/api/analyze", b"application/json"), ("/analyze", b"application/x-www-form-urlencoded")):
        head = (b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: " + ctype + b"\r\nContent-Length: 100000\r\n\r\n")
        for part in (b"", b'{"text": "Iran sent', b"text=Iran+sent+aid" * 100):
            cases.append((f"body cut on {path}", head + part, {"read": False, "pause": 0.1}))
    for path in ("/api/events", "/api/network", "/", "/search?q=aid"):
        cases.append((f"leave before reading {path}", get(path), {"read": False, "pause": 0.0}))
    return cases


def analyze_cases() -> list[tuple[str, bytes, dict]]:
    j, form = b"application/json", b"application/x-www-form-urlencoded"
    bodies = [b"", b"{", b"[]", b"null", b"1", b'"text"', b'{"text": 5}', b'{"text": ["a"]}', b'{"text": null}', b'{"text": ""}',
              b'{"text": "a", "text": "b"}', b'{"text": "\\ud800"}', b"[" * 20000, b'{"text": "x", "date": "05/03/2024"}',
              b'{"text": "x", "date": "' + b"9" * 50 + b'"}', b'{"text": "x", "bogus": 1}', b'{"text": "' + b"a" * 300_000 + b'"}',
              b'{"text": "\\u0000\\u0000"}', b'{"text": "x", "title": {"a": 1}}', "{\"text\": \"\ud800\"}".encode("utf-8", "surrogatepass")]
    out = [(f"analyze json {i}", post("/api/analyze", b, j), {}) for i, b in enumerate(bodies)]
    out += [(f"analyze wrong type {t!r}", post("/api/analyze", b'{"text": "x"}', t), {}) for t in (b"text/plain", b"multipart/form-data", b"")]
    forms = [b"", b"text=", b"text=%00%00", b"text=%ff%fe", b"&".join(b"f%d=1" % i for i in range(50)), b"text=a&text=b",
             b"date=13%2F13%2F2024&text=x", b"text=" + b"%E4%B8%AD" * 120_000]
    out += [(f"analyze form {i}", post("/analyze", b, form), {}) for i, b in enumerate(forms)]
    return out


def fuzz_cases(n: int, seed: int = 17) -> list[tuple[str, bytes, dict]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        path = rng.choice(PATHS)
        params = [(rng.choice(PARAMS), rng.choice(VALUES)) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.2:
            params.append(params[0])  # a parameter given twice
        if rng.random() < 0.2:
            params.append(("utm_source", "mail"))
        query = "&".join(f"{quote(k)}={quote(v, safe='', errors='surrogatepass') if v != chr(0xD800) else '%ED%A0%80'}"
                         for k, v in params)
        out.append((f"fuzz {path}", get(f"{path}?{query}"), {}))
    return out


class Server:
    def __init__(self, db: Path, folder: Path) -> None:
        self.port = free_port()
        self.log = folder / "server.log"
        self._log = open(self.log, "wb")
        self.proc = subprocess.Popen([sys.executable, "-c", _SERVER, str(db), str(self.port), str(folder / "index")],
                                     stdout=self._log, stderr=subprocess.STDOUT)

    def wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if raw(self.port, get("/api/status")) == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"the server did not start: {self.log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> str:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()
        return self.log.read_text(errors="replace")


def probe(db: Path, *, requests: int, folder: Path) -> dict:
    """Run every case (fuzz cases fill up to ``requests``) and return the tally."""
    fixed = protocol_cases() + analyze_cases()
    cases = fixed + fuzz_cases(max(0, requests - len(fixed)))
    server = Server(db, folder)
    statuses: dict[str, int] = {}
    five: list[str] = []
    disconnects = 0
    try:
        server.wait()
        for name, data, opts in cases:
            status = raw(server.port, data, **opts)
            key = str(status) if status is not None else ("disconnect" if opts.get("read") is False else "closed")
            disconnects += opts.get("read") is False
            statuses[key] = statuses.get(key, 0) + 1
            if status is not None and status >= 500:
                five.append(f"{name}: {status}")
        alive = raw(server.port, get("/api/status")) == 200
    finally:
        log = server.stop()
    tracebacks = log.count("Traceback")
    return {"requests": len(cases), "disconnects": disconnects, "statuses": dict(sorted(statuses.items())), "five_xx": five,
            "tracebacks": tracebacks, "log_errors": [line for line in log.splitlines() if "ERROR" in line][:10],
            "server_alive_after": alive, "ok": not five and tracebacks == 0 and alive}


def _synthetic_store(path: Path) -> None:
    from eventlens.store import Store
    from eventlens.store.synthetic import sample_analysis

    with Store.open(path) as store:
        store.write_analyses([sample_analysis(i, date=f"2024-{1 + i % 9:02d}-{1 + i % 27:02d}") for i in range(60)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="a store to serve (default: a small synthetic one)")
    ap.add_argument("--requests", type=int, default=600, help="requests in all (at least the fixed cases)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="eventlens-probe-") as tmp:
        folder = Path(tmp)
        db = args.db
        if db is None:
            db = folder / "probe.duckdb"
            _synthetic_store(db)
        result = probe(db, requests=args.requests, folder=folder)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['requests']} hostile requests ({result['disconnects']} disconnects): statuses {result['statuses']}")
        print(f"5xx answers: {len(result['five_xx'])}; tracebacks in the server log: {result['tracebacks']}; "
              f"server answering afterwards: {result['server_alive_after']}")
        for line in result["five_xx"][:20] + result["log_errors"]:
            print("  " + line)
        print("PASS" if result["ok"] else "FAIL")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
