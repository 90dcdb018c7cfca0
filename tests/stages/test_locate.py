from __future__ import annotations

from eventlens.model import Analysis, Article, Event, Paragraph, Place, Sentence
from eventlens.stages.locate import EventLocator, main_place

TEXT = "Iran sent aid to Gaza from Qom. Officials spoke.\nA second paragraph without places."


def _place(text: str, name: str, country: str, lat: float, lon: float, *, kind: str = "toponym", code: str = "PPL", sentence: int = 0) -> Place:
    start = TEXT.index(text)
    return Place(text=text, start=start, end=start + len(text), name=name, country=country, lat=lat, lon=lon,
                 geonameid=None, feature_class="A" if code.startswith("PCL") else "P", feature_code=code, kind=kind, sentence=sentence)


def _analysis(places: list[Place]) -> Analysis:
    a = Analysis(article=Article(text=TEXT))
    p0_end = TEXT.index("\n")
    a.paragraphs = [Paragraph(index=0, start=0, end=p0_end), Paragraph(index=1, start=p0_end + 1, end=len(TEXT))]
    s1 = TEXT.index("Officials")
    a.sentences = [Sentence(index=0, paragraph=0, start=0, end=s1 - 1), Sentence(index=1, paragraph=0, start=s1, end=p0_end),
                   Sentence(index=2, paragraph=1, start=p0_end + 1, end=len(TEXT))]
    a.places = places
    return a


def _event(sentence: int, paragraph: int, start: int, end: int, trigger: str | None = None) -> Event:
    t0 = TEXT.index(trigger) if trigger else None
    return Event(source=None, target=None, cameo="070", plover="AID", quad_class=2, goldstein=7.0, paragraph=paragraph,
                 sentence=sentence, start=start, end=end, trigger=trigger or "", trigger_start=t0,
                 trigger_end=t0 + len(trigger) if trigger else None)


PLACES = [
    _place("Iran", "Iran", "IRN", 32.0, 53.0, code="PCLI"),
    _place("Gaza", "Gaza", "PSE", 31.5, 34.47),
    _place("Qom", "Qom", "IRN", 34.64, 50.88),
]


def test_contract() -> None:
    stage = EventLocator()
    assert stage.name == "locate"
    assert stage.requires == ("events", "places", "sentences", "paragraphs")
    assert stage.provides == ("event_locations",)


def test_sentence_place_nearest_trigger() -> None:
    a = _analysis(list(PLACES))
    a.events = [_event(0, 0, 0, 30, trigger="sent")]
    EventLocator()(a)
    loc = a.events[0].location
    assert loc["how"] == "sentence"
    assert loc["name"] == "Iran"  # nearest to "sent" without a parse
    assert set(loc) >= {"name", "country", "lat", "lon", "geonameid", "how"}


def test_sentence_place_attached_to_trigger_in_parse() -> None:
    from eventlens.nlp import load_spacy

    a = _analysis(list(PLACES))
    a.doc = load_spacy()(TEXT)
    a.events = [_event(0, 0, 0, 30, trigger="sent")]
    EventLocator()(a)
    assert a.events[0].location["name"] in {"Gaza", "Qom"}  # attached through "to"/"from", not the subject


def test_paragraph_then_article_then_none() -> None:
    s1 = TEXT.index("Officials")
    a = _analysis(list(PLACES))
    a.events = [_event(1, 0, s1, s1 + 15), _event(2, 1, TEXT.index("A second"), len(TEXT))]
    EventLocator()(a)
    assert a.events[0].location["how"] == "paragraph"
    assert a.events[0].location["name"] == "Qom"  # nearest earlier toponym in the paragraph
    assert a.events[1].location["how"] == "article"
    empty = _analysis([])
    empty.events = [_event(0, 0, 0, 10)]
    EventLocator()(empty)
    assert empty.events[0].location is None


def test_demonym_only_used_without_toponym() -> None:
    dem = _place("Officials", "Iran", "IRN", 32.0, 53.0, kind="demonym", code="PCLI", sentence=1)
    a = _analysis([dem])
    s1 = TEXT.index("Officials")
    a.events = [_event(1, 0, s1, s1 + 15)]
    EventLocator()(a)
    assert a.events[0].location["how"] == "sentence" and a.events[0].location["country"] == "IRN"


def test_main_place_prefers_towns_over_countries() -> None:
    assert main_place(list(PLACES)).name in {"Gaza", "Qom"}
    assert main_place([]) is None
