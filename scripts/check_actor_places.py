"""Check: no actor's country contradicts the resolved place made from the same characters (issue #15).

    python scripts/check_actor_places.py [--shared DIR] [--limit N] [--show 20]

Runs ``segment``, ``places`` and ``actors`` over the GeoWebNews and TR-News articles (the shared data
folder's ``data/geoparsing/GWN.xml`` and ``TR-News.xml``) and counts the actor mentions whose country
was made from characters of the text (a country, town or demonym named in or next to it, the place in an
organisation's name, or the clue its passage's country was read from: the span ``evidence.country``
records, else the mention itself for a place word coded by the dictionary) where the geoparser resolved a
place of another country ("Birmingham workers" coded British while "Birmingham" resolved to Alabama).
Named organisations and people the dictionary knows are coded by what the dictionary knows of them,
not by a place in their name ("the Kurdistan Workers' Party"), and are not counted. Prints the count
(0 is the target) and the first contradictions. Exit status 1 when there is any.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from eventlens.actors.codes import cameo_country
from eventlens.shared_data import add_shared_argument, shared_from_args
from eventlens.model import ActorMention, Analysis, Article
from eventlens.stages import build_pipeline


def articles(shared: Path, limit: int | None) -> list[str]:
    """The article texts of GWN.xml and TR-News.xml."""
    texts: list[str] = []
    for name in ("GWN.xml", "TR-News.xml"):
        path = shared / "data" / "geoparsing" / name
        if not path.is_file():
            raise SystemExit(f"{path} is missing; pass --shared DIR")
        texts += [a.findtext("text") or "" for a in ET.parse(path).getroot().iter("article")]
    texts = [t for t in texts if t.strip()]
    return texts[:limit] if limit else texts


_PLACE_KINDS = frozenset({"country", "demonym", "metonym", "place"})


def grounding(m: ActorMention) -> tuple[int, int] | None:
    """The characters ``m``'s country was made from, or None (a known name, a surname, a party tag ...)."""
    country = m.evidence.get("country") or {}
    if isinstance(country.get("start"), int) and isinstance(country.get("end"), int) and country["end"] > country["start"]:
        return country["start"], country["end"]
    if country.get("from") == "dictionary" and m.kind in _PLACE_KINDS:
        return m.start, m.end
    return None


def contradictions(analysis: Analysis) -> list[str]:
    """``actor=CODE / place=COUNTRY`` for each actor whose country differs from the place made from its grounding."""
    out = []
    for m in analysis.actors:
        span = grounding(m) if m.country else None
        if span is None:
            continue
        for p in analysis.places:
            if p.country and p.start < span[1] and span[0] < p.end and cameo_country(p.country) != m.country:
                out.append(f"{m.text!r}={m.code} [{m.rule}] / place {p.text!r}={p.country} ({p.name}) | {analysis.text[max(m.start - 60, 0):m.end + 40]!r}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_shared_argument(parser)
    parser.add_argument("--limit", type=int, default=None, help="check only the first N articles")
    parser.add_argument("--show", type=int, default=20, help="how many contradictions to print")
    args = parser.parse_args()
    shared = shared_from_args(parser, args.shared, near=Path(__file__).resolve().parent)
    pipeline = build_pipeline(("segment", "places", "actors"))
    found: list[str] = []
    n_actors = 0
    texts = articles(shared, args.limit)
    for analysis in pipeline.pipe(Article(text=t) for t in texts):
        n_actors += sum(1 for m in analysis.actors if m.country)
        found += contradictions(analysis)
    print(f"{len(texts)} articles, {n_actors} actor mentions with a country")
    print(f"actors whose country contradicts the resolved place made from the same characters: {len(found)}")
    for line in found[: args.show]:
        print("  " + line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
