"""Load benchmark of the web API on a store of >= 100k events (loopback only, bounded).

Measured in one run:

* baseline: the same dyad and timeline queries called in-process on the query
  layer (``eventlens.store.queries``), no HTTP;
* latency: each distinct API URL requested once, sequentially (every request a
  cache miss, so it pays the query), then again (served from the response
  cache); p50/p95/p99 per kind (dyad, timeline) and the API/baseline ratio;
* throughput: ``wrk`` (Debian package) for ``--duration`` seconds cycling
  through the same URLs (mostly cache hits after the first pass), then again
  against a server with the cache disabled (every request queries DuckDB).
  Without wrk, a bounded asyncio httpx client does the same.

Since issue 17 it also requests every filtered endpoint (events, dyads, timeline,
series, pair, places, actors, outlets, coverage, attention, summary, network,
articles and event search, lookup, tone, frames) with random mixes of the
dashboard's filters (actor codes and names, pairs either way, dates, type, quad,
outlet, minimum confidence, roll-up, search words), each URL once, and measures
sustained throughput without the cache on that mix as well.

Targets: p95 < 100 ms for every filtered endpoint, uncached; >= 200 requests/s
sustained for 30 s with no errors, with the cache off.

    python bench/web_load.py [--db STORE] [--events 100000] [--duration 30] [--connections 16] [--json]

Without ``--db`` it builds a synthetic store (eventlens.store.synthetic) in a
temporary folder and deletes it afterwards. The server binds 127.0.0.1 only
and every phase stops by itself. Needs psutil and httpx from the ``[bench]`` extra
(``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import loadavg, require_extra  # noqa: E402

_COUNTRIES = (
    "IRN", "ISR", "PSE", "USA", "EGY", "SAU", "TUR", "RUS", "CHN", "GBR", "FRA", "DEU", "JOR", "LBN", "SYR",
    "IRQ", "QAT", "ARE", "UKR", "IND", "PAK", "AFG", "YEM", "OMN", "KWT", "BHR", "LBY", "TUN", "DZA", "MAR",
)
_YEARS = ("2020", "2021", "2022", "2023")
_OUTLETS = ("Harbour Post", "valleytimes.example", "Southern Cross Daily", "bayherald.example", "North Sea Courier",
            "Example Wire", "Morning Ledger", "citydesk.example", "Evening Standard Example", "wire.example")
_NAMES = {"IRN": "Iran", "ISR": "Israel", "PSE": "Palestine", "USA": "United States", "EGY": "Egypt", "SAU": "Saudi Arabia",
          "TUR": "Turkey", "RUS": "Russia", "CHN": "China", "GBR": "United Kingdom", "FRA": "France", "DEU": "Germany",
          "JOR": "Jordan", "LBN": "Lebanon", "SYR": "Syria", "IRQ": "Iraq", "QAT": "Qatar", "ARE": "United Arab Emirates",
          "UKR": "Ukraine", "IND": "India", "PAK": "Pakistan", "AFG": "Afghanistan", "YEM": "Yemen", "OMN": "Oman",
          "KWT": "Kuwait", "BHR": "Bahrain", "LBY": "Libya", "TUN": "Tunisia", "DZA": "Algeria", "MAR": "Morocco"}


# ---------------------------------------------------------------- store
def build_store(path: Path, *, events: int) -> None:
    """A store of ``events`` events: synthetic analyses (2 events each) with varied actors, places and dates."""
    from eventlens.store import Store
    from eventlens.store import rows as R
    from eventlens.store.synthetic import replicate, sample_analysis

    base = sample_analysis(0).to_dict()
    n_articles = (events + 1) // 2
    rng = random.Random(7)
    with Store.open(path) as store:
        buf = R.empty_columns()
        for i, data in enumerate(replicate(base, n_articles)):
            a, b = rng.sample(_COUNTRIES, 2)
            ev_a, ev_b = data["events"]
            data["article"]["source"] = rng.choice(_OUTLETS)
            ev_a["confidence"], ev_b["confidence"] = round(rng.uniform(0.3, 0.95), 2), round(rng.uniform(0.3, 0.95), 2)
            ev_a["source"]["code"], ev_a["target"]["code"] = a + "GOV", b
            ev_b["source"]["code"], ev_b["target"]["code"] = b, a + "GOV"
            ev_a["location"] = dict(ev_a["location"], name=f"Place {b}", country=b,
                                    lat=rng.uniform(10, 50), lon=rng.uniform(-10, 80))
            data["actors"][0]["code"], data["actors"][1]["code"] = a + "GOV", b
            _vary_text(data, rng, a, b)
            R.add_analysis(buf, data)
            if (i + 1) % 5000 == 0:
                store.write_batch(buf)
                buf = R.empty_columns()
        store.write_batch(buf)
        store.checkpoint()


_VERBS = ("sent", "pledged", "delivered", "offered", "promised", "shipped", "granted", "loaned", "donated", "proposed",
          "announced", "approved", "blocked", "delayed", "withdrew", "cancelled", "expanded", "renewed", "signed", "drafted")
_THINGS = ("aid", "grain", "medicine", "fuel", "loans", "troops", "observers", "engineers", "vaccines", "tents", "water pumps",
           "food parcels", "cash transfers", "trade credits", "power lines", "rail cars", "fishing quotas", "visas", "permits",
           "seeds", "fertiliser", "satellite data", "doctors", "teachers", "police advisers")
_REACTIONS = ("criticised", "praised", "welcomed", "condemned", "questioned", "thanked", "accused", "warned", "urged", "blamed",
              "supported", "rejected", "mocked", "applauded", "doubted")
_TOPICS = ("the border", "the harbour", "the election", "the pipeline", "the dam", "the summit", "the blockade", "the census",
           "the tariffs", "the ceasefire", "the refugees", "the drought", "the floods", "the strike", "the debt talks")


def _name(code: str) -> str:
    return _NAMES.get(code, code.title())


def _vary_text(data: dict, rng: random.Random, a: str, b: str) -> None:
    """Give a copied article its own wording, so that search words match a realistic share of the store
    (each verb, thing, reaction or topic about 1 article in 15-25, a country name about 1 in 15)."""
    na, nb = _name(a), _name(b)
    p1 = f"{na} {rng.choice(_VERBS)} {rng.choice(_THINGS)} to {nb} on day {rng.randint(1, 900)}."
    p2 = f"{nb} {rng.choice(_REACTIONS)} {na} over {rng.choice(_TOPICS)}."
    text, s2 = f"{p1}\n\n{p2}", len(p1) + 2
    data["article"]["text"] = text
    (para1, para2), (sent1, sent2) = data["paragraphs"], data["sentences"]
    para1["end"] = sent1["end"] = len(p1)
    para2["start"], para2["end"] = s2, len(text)
    sent2["start"], sent2["end"] = s2, len(text)
    ev_a, ev_b = data["events"]
    ev_a["start"], ev_a["end"], ev_b["start"], ev_b["end"] = 0, len(p1), s2, len(text)
    for ev in (ev_a, ev_b):
        ev["trigger_start"] = ev["trigger_end"] = None
        for side in ("source", "target"):
            if ev.get(side):
                ev[side]["start"] = ev[side]["end"] = None
    for mention, name in zip(data["actors"], (na, nb)):
        mention["text"], mention["start"], mention["end"] = name, text.index(name), text.index(name) + len(name)
    for place in data["places"]:
        place["text"], place["start"], place["end"] = nb, s2, s2 + len(nb)
    data["passages"] = [dict(ps, start=s2, end=len(text)) for ps in data["passages"]]


def event_count(path: Path) -> int:
    from eventlens.store import Store

    with Store.open(path, read_only=True) as store:
        return store.count("events")


# ---------------------------------------------------------------- URLs
def make_urls(path: Path, *, n: int, seed: int = 11) -> dict[str, list[tuple[str, dict]]]:
    """Distinct dyad and timeline requests: (API URL, query-layer call) pairs, from the store's real dyads."""
    from eventlens.store import Store, queries

    with Store.open(path, read_only=True) as store:
        pairs = [(d["source"], d["target"]) for d in queries.dyads(store, limit=400)]
    rng = random.Random(seed)
    out: dict[str, list[tuple[str, dict]]] = {"dyad": [], "timeline": []}
    seen: set[str] = set()
    while len(out["dyad"]) < n or len(out["timeline"]) < n:
        src, tgt = rng.choice(pairs)
        y1 = rng.choice(_YEARS)
        y2 = rng.choice([y for y in _YEARS if y >= y1])
        kind = "dyad" if len(out["dyad"]) < n and (len(out["timeline"]) >= n or rng.random() < 0.5) else "timeline"
        if kind == "dyad":
            choice = rng.random()
            if choice < 0.4:  # the dyad page's summary
                path_, params, fn = "/api/dyads", {"source": src, "target": tgt, "since": y1, "until": y2}, "dyads"
            elif choice < 0.7:  # the dyad page's evidence list
                path_, params, fn = "/api/events", {"source": src, "target": tgt, "since": y1, "limit": 25}, "events"
            else:  # a node's dyads in the network page
                path_, params, fn = "/api/dyads", {"actor": src[:3], "since": y1, "until": y2, "limit": 100}, "dyads"
        else:
            if rng.random() < 0.5:
                path_, params, fn = "/api/timeline", {"source": src, "target": tgt, "since": y1}, "timeline"
            else:
                path_, params, fn = "/api/timeline", {"actor": src[:3], "until": y2, "interval": "month"}, "timeline"
        url = f"{path_}?{urlencode(params)}"
        if url in seen:
            continue
        seen.add(url)
        call = dict(params)
        if fn == "timeline":
            call.setdefault("limit", 500)
        out[kind].append((url, {"fn": fn, **call}))
    return out


def _filters(rng: random.Random, pairs: list[tuple[str, str]]) -> dict:
    """A random mix of the dashboard's filters, as a user would set them."""
    src, tgt = rng.choice(pairs)
    y1 = rng.choice(_YEARS)
    out: dict = {}
    pick = rng.random()
    if pick < 0.35:
        out["actor"] = rng.choice([src[:3], _NAMES.get(src[:3], src[:3])])
    elif pick < 0.55:
        out |= {"source": src[:3], "target": tgt[:3], "direction": rng.choice(["one", "either"])}
    if rng.random() < 0.6:
        out["since"] = y1
    if rng.random() < 0.4:
        out["until"] = rng.choice([y for y in _YEARS if y >= y1])
    for name, values, p_ in (("type", ["AID", "ACCUSE"], 0.2), ("quad", ["2", "3"], 0.15), ("outlet", list(_OUTLETS[:4]), 0.2),
                             ("min_confidence", ["0.5", "0.8"], 0.2), ("rollup", ["1"], 0.2), ("place", ["Place EGY", "IRN"], 0.1)):
        if rng.random() < p_:
            out[name] = rng.choice(values)
    return out


# every filtered endpoint: (path, extra parameters, needs a pair)
ENDPOINTS = (
    ("/api/events", {"limit": 25}, False), ("/api/dyads", {"limit": 50}, False), ("/api/timeline", {}, False),
    ("/api/series", {}, False), ("/api/pair", {}, True), ("/api/places", {"limit": 500}, False), ("/api/actors", {}, False),
    ("/api/outlets", {}, False), ("/api/coverage", {}, False), ("/api/attention", {}, False), ("/api/summary", {}, False),
    ("/api/network", {}, False), ("/api/articles", {}, False), ("/api/search/events", {}, False), ("/api/lookup", {}, False),
    ("/api/tone", {}, False), ("/api/frames", {}, False),
)
_ACTOR_ONLY = {"/api/actors": ("actor", "outlet", "since", "until", "rollup"), "/api/tone": ("actor", "outlet", "since", "until"),
               "/api/frames": ("outlet", "since", "until")}
_WORDS = ("aid", "criticised", "Iran OR Israel", '"sent aid"', "grain -Egypt", "the dam", "vacc*", "criticised Egypt",
          '"the border"', "medicine OR vaccines", "welcomed India", "Russia praised", "blockade", "pledged loans")


def endpoint_urls(path: Path, *, n: int, seed: int = 23) -> dict[str, list[str]]:
    """``n`` distinct URLs for every filtered endpoint, with random filters."""
    from eventlens.store import Store, queries

    with Store.open(path, read_only=True) as store:
        pairs = [(d["source"], d["target"]) for d in queries.dyads(store, limit=400)]
    rng = random.Random(seed)
    out: dict[str, list[str]] = {}
    for ep, extra, pair in ENDPOINTS:
        urls: set[str] = set()
        for _ in range(n * 20):
            if len(urls) >= n:
                break
            f = _filters(rng, pairs)
            if pair:
                src, tgt = rng.choice(pairs)
                f = {k: v for k, v in f.items() if k not in ("actor", "direction")} | {"source": src[:3], "target": tgt[:3]}
            if ep in _ACTOR_ONLY:
                f = {k: v for k, v in f.items() if k in _ACTOR_ONLY[ep]}
            if ep in ("/api/series", "/api/pair", "/api/attention", "/api/timeline"):
                f["interval"] = rng.choice(["month", "week", "quarter", "year"])
            if ep in ("/api/articles", "/api/search/events"):
                f = {k: v for k, v in f.items() if k in ("since", "until", "outlet", "actor", "type")} | {"q": rng.choice(_WORDS)}
            if ep == "/api/lookup":
                f = {"q": rng.choice(list(_NAMES.values()) + list(_COUNTRIES))[: rng.randint(2, 6)]}
            urls.add(f"{ep}?{urlencode(f | extra)}")
        out[ep] = sorted(urls)
    return out


def wait_for_index(base: str, timeout: float = 600) -> float:
    """Seconds until the server's search index is ready (it builds in the background at start)."""
    import httpx

    t = time.perf_counter()
    while time.perf_counter() - t < timeout:
        if httpx.get(base + "/api/status", timeout=5).json().get("search_index") == "ready":
            return time.perf_counter() - t
        time.sleep(0.5)
    raise RuntimeError("the search index was not built in time")


# ---------------------------------------------------------------- measuring
def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s)) - 1))]


def summary_ms(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50_ms": round(pct(values, 50) * 1000, 2), "p95_ms": round(pct(values, 95) * 1000, 2),
            "p99_ms": round(pct(values, 99) * 1000, 2), "max_ms": round(max(values) * 1000, 2)}


def baseline(path: Path, calls: list[dict]) -> list[float]:
    from eventlens.store import Store, queries

    times = []
    with Store.open(path, read_only=True) as store:
        store.con.execute("SET threads TO 1")  # as the server runs its queries (WebSettings.duckdb_threads)
        for call in calls:
            args = dict(call)
            fn = getattr(queries, args.pop("fn"))
            t = time.perf_counter()
            fn(store, **args)
            times.append(time.perf_counter() - t)
    return times


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_SERVER = (
    "import sys, uvicorn\n"
    "from pathlib import Path\n"
    "from eventlens.web import WebSettings, create_app\n"
    "app = create_app(settings=WebSettings(db=Path(sys.argv[1]), cache_entries=int(sys.argv[3]), search_dir=Path(sys.argv[4])))\n"
    "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), log_level='warning', access_log=False)\n"
)


_SERVER_ANY = (  # an older eventlens, whose settings may lack search_dir
    "import sys, uvicorn\n"
    "from pathlib import Path\n"
    "from eventlens.web import WebSettings, create_app\n"
    "kw = {'search_dir': Path(sys.argv[4])} if 'search_dir' in WebSettings.__dataclass_fields__ else {}\n"
    "app = create_app(settings=WebSettings(db=Path(sys.argv[1]), cache_entries=int(sys.argv[3]), **kw))\n"
    "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), log_level='warning', access_log=False)\n"
)


def interleaved(db: Path, urls: dict, *, src: Path, folder: Path) -> dict:
    """The dyad and timeline URLs on this checkout's server and on the one of ``src`` (another checkout's src/),
    both uncached, request by request in turn: on a shared machine both meet the same load."""
    with Server(db, cache_entries=0, search_dir=folder / "index") as ours, \
            Server(db, cache_entries=0, search_dir=folder / "index-b", src=src) as theirs:
        out: dict = {}
        for kind, pairs in urls.items():
            times: dict[str, list[float]] = {"this": [], "baseline": []}
            for i, (url, _) in enumerate(pairs):
                order = (("this", ours), ("baseline", theirs)) if i % 2 == 0 else (("baseline", theirs), ("this", ours))
                for name, server in order:
                    times[name] += sequential(server.base, [url])[0]
            out[kind] = {name: summary_ms(t) for name, t in times.items()}
        return out


class Server:
    """``eventlens.web`` under uvicorn in a child process on 127.0.0.1 (one worker)."""

    def __init__(self, db: Path, *, cache_entries: int, search_dir: Path, src: Path | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PYTHONPATH=str(src), PYTHONDONTWRITEBYTECODE="1") if src else None
        code = _SERVER if src is None else _SERVER_ANY
        self.proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(self.port), str(cache_entries), str(search_dir)], env=env)

    def __enter__(self) -> "Server":
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.base + "/api/status", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError("the web server did not start")
            time.sleep(0.2)

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def sequential(base: str, urls: list[str]) -> tuple[list[float], int]:
    import httpx

    times, errors = [], 0
    with httpx.Client(base_url=base, timeout=30) as client:
        for url in urls:
            t = time.perf_counter()
            r = client.get(url)
            times.append(time.perf_counter() - t)
            errors += r.status_code != 200
    return times, errors


_LUA = """
local urls = %s
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", urls[(i %% #urls) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKJSON {\\"requests\\":%%d,\\"duration_us\\":%%d,\\"status\\":%%d,\\"connect\\":%%d,\\"read\\":%%d,\\"write\\":%%d,\\"timeout\\":%%d,\\"p50_us\\":%%d,\\"p95_us\\":%%d,\\"p99_us\\":%%d}\\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def load_wrk(base: str, urls: list[str], *, duration: int, connections: int, threads: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_LUA % ("{" + ",".join(json.dumps(u) for u in urls) + "}"))
        script = f.name
    try:
        cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-s", script, base + "/"]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    finally:
        os.unlink(script)
    line = next(l for l in out.splitlines() if l.startswith("WRKJSON "))
    r = json.loads(line[len("WRKJSON "):])
    errors = r["status"] + r["connect"] + r["read"] + r["write"] + r["timeout"]
    return {"tool": " ".join(cmd[:5]), "requests": r["requests"], "seconds": r["duration_us"] / 1e6,
            "rps": round(r["requests"] / (r["duration_us"] / 1e6), 1), "errors": errors,
            "p50_ms": r["p50_us"] / 1000, "p95_ms": r["p95_us"] / 1000, "p99_ms": r["p99_us"] / 1000}


def load_httpx(base: str, urls: list[str], *, duration: int, connections: int) -> dict:
    import httpx

    async def run() -> dict:
        stop = time.perf_counter() + duration
        times: list[float] = []
        errors = 0
        counter = 0

        async def worker(client: httpx.AsyncClient) -> None:
            nonlocal errors, counter
            while time.perf_counter() < stop:
                url = urls[counter % len(urls)]
                counter += 1
                t = time.perf_counter()
                try:
                    r = await client.get(url)
                    errors += r.status_code != 200
                except httpx.HTTPError:
                    errors += 1
                times.append(time.perf_counter() - t)

        start = time.perf_counter()
        limits = httpx.Limits(max_connections=connections)
        async with httpx.AsyncClient(base_url=base, timeout=5, limits=limits) as client:
            await asyncio.gather(*(worker(client) for _ in range(connections)))
        seconds = time.perf_counter() - start
        s = summary_ms(times)
        return {"tool": f"httpx asyncio, {connections} connections", "requests": len(times), "seconds": seconds,
                "rps": round(len(times) / seconds, 1), "errors": errors,
                "p50_ms": s["p50_ms"], "p95_ms": s["p95_ms"], "p99_ms": s["p99_ms"]}

    return asyncio.run(run())


def load(base: str, urls: list[str], *, duration: int, connections: int) -> dict:
    if shutil.which("wrk"):
        return load_wrk(base, urls, duration=duration, connections=connections, threads=2)
    return load_httpx(base, urls, duration=duration, connections=connections)


def server_cpu_s(proc: subprocess.Popen) -> float:
    """CPU seconds (user + system) used so far by the server process and its children."""
    import psutil

    root = psutil.Process(proc.pid)
    total = 0.0
    for p in (root, *root.children(recursive=True)):
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def measured_load(server: "Server", urls: list[str], *, duration: int, connections: int) -> dict:
    """A throughput phase plus what it cost the server: CPU ms per request, and the machine's load average.

    On a shared machine the rate follows the other jobs' load; the CPU per
    request does much less, and ``cpus * 1000 / cpu_ms_per_request`` is the
    rate the server could sustain with every core to itself.
    """
    before_load, cpu0 = loadavg(), server_cpu_s(server.proc)
    r = load(server.base, urls, duration=duration, connections=connections)
    cpu = server_cpu_s(server.proc) - cpu0
    r["loadavg_before"], r["loadavg_after"] = before_load, loadavg()
    r["server_cpu_ms_per_request"] = round(cpu * 1000 / max(r["requests"], 1), 3)
    r["rps_if_cpus_free"] = round((os.cpu_count() or 1) * 1000 / max(r["server_cpu_ms_per_request"], 1e-3), 1)
    return r


# ---------------------------------------------------------------- main
def _args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="an existing store (>= --events events); default: build one")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--urls", type=int, default=300, help="distinct URLs per kind (dyad, timeline)")
    ap.add_argument("--endpoint-urls", type=int, default=60, help="distinct URLs per filtered endpoint")
    ap.add_argument("--duration", type=int, default=30, help="seconds per throughput phase (at most 120)")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--skip-uncached-load", action="store_true", help="skip the throughput phases without cache")
    ap.add_argument("--compare-src", type=Path, help="another checkout's src/ folder (e.g. main's): its server answers the "
                    "dyad and timeline URLs interleaved with this one's, as a baseline under the same load")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    require_extra(ap, "psutil", "httpx")
    return args


def _latency_phase(server: "Server", db: Path, urls: dict, by_endpoint: dict, result: dict) -> None:
    """Each URL once (a cache miss), then again (a hit); the in-process baseline for dyad and timeline."""
    for kind, pairs in urls.items():
        lat = result["latency"].setdefault(kind, {})
        lat["baseline_queries"] = summary_ms(baseline(db, [c for _, c in pairs]))
        cold, err_cold = sequential(server.base, [u for u, _ in pairs])
        warm, err_warm = sequential(server.base, [u for u, _ in pairs])
        lat["api_uncached"] = {**summary_ms(cold), "errors": err_cold}
        lat["api_cached"] = {**summary_ms(warm), "errors": err_warm}
        lat["p50_ratio_api_to_baseline"] = round(lat["api_uncached"]["p50_ms"] / max(lat["baseline_queries"]["p50_ms"], 1e-3), 2)
    for ep, ep_urls in by_endpoint.items():
        cold, errors = sequential(server.base, ep_urls)
        result["endpoints"][ep] = {**summary_ms(cold), "errors": errors}


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    duration = max(1, min(args.duration, 120))
    tmp = Path(tempfile.mkdtemp(prefix="eventlens-webbench-"))
    try:
        db = args.db
        if db is None:
            db = tmp / "bench.duckdb"
            t = time.perf_counter()
            build_store(db, events=args.events)
            print(f"built {db.name} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        n_events = event_count(db)
        if n_events < args.events:
            print(f"warning: the store has {n_events} events (< {args.events})", file=sys.stderr)
        urls, by_endpoint = make_urls(db, n=args.urls), endpoint_urls(db, n=args.endpoint_urls)
        result: dict = {"events": n_events, "cpus": os.cpu_count(), "loadavg_start": loadavg(), "latency": {}, "endpoints": {}, "load": {}}
        mixed = [u for pairs in urls.values() for u, _ in pairs]
        every = [u for ep_urls in by_endpoint.values() for u in ep_urls]
        with Server(db, cache_entries=4096, search_dir=tmp / "index") as server:
            result["index_build_s"] = round(wait_for_index(server.base), 1)
            _latency_phase(server, db, urls, by_endpoint, result)
            result["load"]["cached"] = measured_load(server, mixed, duration=duration, connections=args.connections)
        if not args.skip_uncached_load:
            with Server(db, cache_entries=0, search_dir=tmp / "index") as server:
                wait_for_index(server.base)
                result["load"]["uncached"] = measured_load(server, mixed, duration=duration, connections=args.connections)
                result["load"]["uncached_all_endpoints"] = measured_load(server, every, duration=duration,
                                                                         connections=args.connections)
        if args.compare_src:
            result["interleaved"] = interleaved(db, urls, src=args.compare_src, folder=tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result["targets"] = _targets(result)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0


def _targets(result: dict) -> dict:
    lat, eps = result["latency"], result["endpoints"]
    out = {
        "p95_uncached_below_100ms": all(lat[k]["api_uncached"]["p95_ms"] < 100 for k in lat),
        "p95_uncached_below_100ms_every_endpoint": all(e["p95_ms"] < 100 and not e["errors"] for e in eps.values()),
        "rps_cached_at_least_200_no_errors": result["load"]["cached"]["rps"] >= 200 and result["load"]["cached"]["errors"] == 0,
    }
    for name in ("uncached", "uncached_all_endpoints"):
        if name in result["load"]:
            u = result["load"][name]
            out[f"rps_{name}_at_least_200_no_errors"] = u["rps"] >= 200 and u["errors"] == 0
    return out


def render(r: dict) -> str:
    lines = [f"store: {r['events']} events; {r['cpus']} CPUs; loopback; load average at start {r['loadavg_start']}", "",
             f"{'latency (ms)':<34}{'p50':>8}{'p95':>8}{'p99':>8}{'n':>6}"]
    for kind, lat in r["latency"].items():
        for label in ("baseline_queries", "api_uncached", "api_cached"):
            s = lat[label]
            lines.append(f"{kind + ' ' + label:<34}{s['p50_ms']:>8.2f}{s['p95_ms']:>8.2f}{s['p99_ms']:>8.2f}{s['n']:>6}")
        lines.append(f"{kind + ' API/baseline p50 ratio':<34}{lat['p50_ratio_api_to_baseline']:>8.2f}")
    lines += ["", f"every filtered endpoint, uncached (each URL once; search index built in {r.get('index_build_s')} s):",
              f"{'endpoint':<34}{'p50':>8}{'p95':>8}{'p99':>8}{'n':>6}{'err':>5}"]
    for ep, e in r.get("endpoints", {}).items():
        lines.append(f"{ep:<34}{e['p50_ms']:>8.2f}{e['p95_ms']:>8.2f}{e['p99_ms']:>8.2f}{e['n']:>6}{e['errors']:>5}")
    for kind, both in r.get("interleaved", {}).items():
        for name, s in both.items():
            lines.append(f"{kind + ' interleaved, ' + name:<34}{s['p50_ms']:>8.2f}{s['p95_ms']:>8.2f}{s['p99_ms']:>8.2f}{s['n']:>6}")
    lines.append("")
    for label, s in r["load"].items():
        lines.append(f"load {label:<9} {s['rps']:>8.1f} req/s over {s['seconds']:.1f} s, {s['requests']} requests, "
                     f"{s['errors']} errors, p50 {s['p50_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms ({s['tool']})")
        lines.append(f"{'':<15}server CPU {s['server_cpu_ms_per_request']:.2f} ms/request -> {s['rps_if_cpus_free']:.0f} req/s "
                     f"with the {r['cpus']} CPUs free; load average {s['loadavg_before']} -> {s['loadavg_after']}")
    lines.append("")
    lines += [f"target {k}: {'met' if v else 'NOT met'}" for k, v in r["targets"].items()]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
