"""A small store built in code (no NLP) for the web tests and the browser test,
with one hostile article whose strings carry script and markup."""

from __future__ import annotations

from pathlib import Path

from eventlens.model import ActorMention, Analysis, Article, Event, EventActor, Paragraph, Place, Sentence, Tone

HOSTILE_SCRIPT = "<script>window.__pwned = 1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned = 2">'


def hostile_analysis() -> Analysis:
    """An article whose text, title, outlet, actor text and place name hold markup that must stay inert."""
    p1 = f"Iran sent aid to Gaza {HOSTILE_SCRIPT} today."
    p2 = f"Officials {HOSTILE_IMG} in Tehran welcomed the move."
    text = f"{p1}\n\n{p2}"
    s2 = len(p1) + 2
    art = Article(
        text=text, title=f"Hostile {HOSTILE_SCRIPT} title", date="2024-03-15",
        source=f"Outlet {HOSTILE_IMG}", url="javascript:alert(1)",
    )
    a = Analysis(article=art)
    a.paragraphs = [
        Paragraph(index=0, start=0, end=len(p1), tone=Tone(tone=1.0, word_count=8), frames=[{"frame": f"frame {HOSTILE_IMG}", "score": 0.5}]),
        Paragraph(index=1, start=s2, end=len(text), tone=Tone(tone=0.5, word_count=7)),
    ]
    a.sentences = [Sentence(index=0, paragraph=0, start=0, end=len(p1)), Sentence(index=1, paragraph=1, start=s2, end=len(text))]
    a.actors = [
        ActorMention(text="Iran", start=0, end=4, code="IRN", country="IRN", name=f"Iran {HOSTILE_SCRIPT}", sentence=0, rule="test"),
        ActorMention(text="Gaza", start=17, end=21, code="PSE", country="PSE", name="Gaza", sentence=0, rule="test"),
    ]
    tehran = text.index("Tehran")
    a.places = [Place(text="Tehran", start=tehran, end=tehran + 6, name=f"Tehran {HOSTILE_IMG}", country="IRN",
                      lat=35.69, lon=51.39, sentence=1, rule="test")]
    a.events = [
        Event(source=EventActor(text="Iran", code="IRN", start=0, end=4), target=EventActor(text="Gaza", code="PSE"),
              cameo="0731", plover="AID", quad_class=2, goldstein=7.4, paragraph=0, sentence=0, start=0, end=len(p1),
              trigger="sent", trigger_start=5, trigger_end=9,
              location={"name": f"Gaza {HOSTILE_SCRIPT}", "country": "PSE", "lat": 31.5, "lon": 34.45, "how": "test"},
              rule=f"rule {HOSTILE_IMG}"),
    ]
    a.tone = Tone(tone=0.8, positive=2.0, negative=1.2, polarity=3.2, word_count=15)
    return a


def build_store(path: Path, *, n: int = 40) -> Path:
    from eventlens.store import Store
    from eventlens.store.synthetic import sample_analysis

    analyses = [sample_analysis(i, date=f"2024-{1 + i % 6:02d}-{1 + i % 27:02d}") for i in range(n)]
    # after a gap of two months with no news (July, August): a continuous axis shows them as zero
    analyses += [sample_analysis(n + 5 * k, date=f"2024-09-{10 + k:02d}", source="Gap Gazette") for k in range(2)]
    analyses.append(hostile_analysis())
    with Store.open(path) as store:
        store.write_analyses(analyses)
    return path
