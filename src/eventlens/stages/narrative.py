"""The ``narrative`` stage: focal actors, frames, actor-targeted sentiment and
narrative departure per paragraph, passages per article (docs/narrative.md)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..errors import ConfigError
from ..model import ActorMention, Analysis, Departure, Passage
from ..narrative.cohesion import add_token, load_idf, name_key, normalise
from ..narrative.departure import SETTINGS_FILE, Profile, load_settings, passage_reasons, passages, score_paragraphs
from ..narrative.departure import reads as departure_reads
from ..narrative.focus import aggregate_tone, as_focus_list, focus_key, paragraph_focus, tone_list
from ..narrative.frames import LEXICON_FILE, frame_scores, load_lexicon
from ..narrative.targeted import MODEL_FILE, features, load_model
from ..narrative.targeted_encoder import DEFAULT_MODEL, EncoderSentiment
from ..narrative.valence import lexicon_versions


#: limits that keep the stage near-linear in the article's size (docs/limits.md)
MAX_DEPARTURE_PARAGRAPHS = 400
MAX_TONE_MENTIONS_PER_SENTENCE = 32
_LONG_SENTENCE = 512  # tokens: a longer sentence is read as a window of this size around each target


class NarrativeLens:
    """Fills ``paragraph.focus/frames/actor_tone/departure``, ``analysis.actor_tone`` and ``analysis.passages``."""

    name = "narrative"
    requires: tuple[str, ...] = ("paragraphs", "sentences", "actors", "events", "tone")
    provides: tuple[str, ...] = ("focus", "frames", "actor_tone", "departure", "passages")

    def __init__(self, *, settings: str = SETTINGS_FILE, sentiment_model: str = MODEL_FILE, frames: str = LEXICON_FILE,
                 sentiment: str = "encoder", departure: str = "rules", model: str = DEFAULT_MODEL,
                 max_departure_paragraphs: int = MAX_DEPARTURE_PARAGRAPHS,
                 max_tone_mentions: int = MAX_TONE_MENTIONS_PER_SENTENCE) -> None:
        """``sentiment``: "encoder" (the default: the shared encoder's head, :mod:`eventlens.narrative.targeted_encoder`)
        or "lexical" (the linear model ``sentiment_model``). ``departure``: "rules" (the block model of
        ``settings``) or "encoder" (with MiniLM paragraph embeddings, :mod:`eventlens.narrative.departure_encoder`).
        ``model`` names the encoder model. "ml", the former name of "encoder", is accepted for one release.
        ``max_departure_paragraphs``: an article with more paragraphs gets no departure scores (the model
        compares every paragraph with every other), with a warning; ``max_tone_mentions``: actor tone is scored
        for at most this many mentions per sentence (each costs a pass over its sentence), with a warning."""
        sentiment = "encoder" if sentiment == "ml" else sentiment
        departure = "encoder" if departure == "ml" else departure
        if sentiment not in ("lexical", "encoder"):
            raise ConfigError(f"narrative: sentiment must be 'encoder' or 'lexical', not {sentiment!r}")
        if departure not in ("rules", "encoder"):
            raise ConfigError(f"narrative: departure must be 'rules' or 'encoder', not {departure!r}")
        self.departure = departure
        self.max_departure_paragraphs = max_departure_paragraphs
        self.max_tone_mentions = max_tone_mentions
        self.sentiment = sentiment
        self.model = model
        self.settings_name = settings
        self.model_name = sentiment_model
        self.frames_name = frames

    def __call__(self, analysis: Analysis) -> Analysis:
        doc = analysis.doc
        if doc is None:
            raise ConfigError("narrative: the analysis has no spaCy doc; run the 'segment' stage first")
        settings = load_settings(self.settings_name)
        lexicon = load_lexicon(self.frames_name)
        profiles, words_per, tone_items = self.profiles(analysis)
        article_items: list[tuple[str, float]] = []
        for i, paragraph in enumerate(analysis.paragraphs):
            article_items.extend(tone_items.get(i, []))
            paragraph.focus = as_focus_list(profiles[i].focus)
            paragraph.frames = frame_scores(words_per[i], lexicon=lexicon, hits=profiles[i].frames)
            paragraph.actor_tone = tone_list(aggregate_tone(tone_items.get(i, [])))  # the reported model (lexical or ml)
        analysis.actor_tone = tone_list(aggregate_tone(article_items))
        if len(profiles) > self.max_departure_paragraphs:  # departure compares every paragraph with every other
            analysis.meta.setdefault("warnings", []).append(
                f"narrative departure not scored: {len(profiles):,} paragraphs, over the {self.max_departure_paragraphs:,}"
                "-paragraph limit of the departure model (docs/limits.md); focus, frames and tone are given as usual")
            analysis.passages = []
            self._record_versions(analysis, settings)
            return analysis
        # the encoder departure model is loaded only here
        if self.departure == "encoder":
            from ..narrative.departure_encoder import load_ml_settings, score_analysis

            scored = score_analysis(analysis, profiles)
            settings = load_ml_settings()  # the scoring model's own settings name it and set the reasons' floor
        else:
            scored = score_paragraphs(profiles, settings=settings, idf=load_idf(settings.get("idf", "idf-v1.tsv")))
        departure_version = settings.get("version", self.settings_name)
        analysis.passages = []
        for paragraph, s in zip(analysis.paragraphs, scored):
            paragraph.departure = Departure(score=s.score, flagged=s.flagged)
        blocks = passages(scored)
        name_forms = self._name_forms(doc) if blocks else {}  # only the reasons need them
        for block in blocks:
            reasons = passage_reasons(profiles, block, scored=scored, settings=settings, name_forms=name_forms)
            index = len(analysis.passages)
            first, last = analysis.paragraphs[block[0]], analysis.paragraphs[block[-1]]
            analysis.passages.append(
                Passage(paragraphs=list(block), start=first.start, end=last.end, score=max(scored[i].score for i in block), reasons=reasons)
            )
            for i in block:
                dep = analysis.paragraphs[i].departure
                if dep is not None:
                    dep.passage = index
                    dep.reasons = list(reasons)
        self._record_versions(analysis, settings, departure_version=departure_version)
        return analysis

    def _record_versions(self, analysis: Analysis, settings: Any, *, departure_version: str | None = None) -> None:
        """``meta.rules.narrative``: the lexicons and models that ran (``departure`` None when it was not scored;
        ``valence`` and ``polarity``: the word lists of the lexical sentiment model's features)."""
        analysis.meta.setdefault("rules", {})["narrative"] = {
            "frames": load_lexicon(self.frames_name).version,
            "sentiment": EncoderSentiment(model=self.model).version if self.sentiment == "encoder" else load_model(self.model_name).version,
            "departure": departure_version,
            **lexicon_versions(),
        }
        if self.sentiment == "encoder":  # the departure profiles' stance comes from the lexical model they were fitted on
            analysis.meta["rules"]["narrative"]["departure_stance"] = load_model(self.model_name).version

    def profiles(self, analysis: Analysis) -> tuple[list[Profile], list[list[str]], dict[int, list[tuple[str, float]]]]:
        """Per-paragraph profiles (focus, frames, stance, words), the words and the (code, score) tone items.

        The profiles' ``stance`` always comes from the base model ``sentiment_model``: both departure
        models (the base one and the ``[train]`` one) were fitted on it. With ``sentiment="ml"`` the
        returned tone items (the reported ``actor_tone``) are the ML head's."""
        doc = analysis.doc
        lexicon = load_lexicon(self.frames_name)
        n = len(analysis.paragraphs)
        profiles = [Profile() for _ in range(n)]
        words_per: list[list[str]] = [[] for _ in range(n)]
        self._read_tokens(analysis, doc, profiles, words_per)
        self._read_entities(analysis, doc, profiles)
        focus = paragraph_focus(analysis)
        tone_items = self._actor_tone(analysis, doc, ml=self.sentiment == "encoder")
        # departure features use the stance the departure models were fitted on (the base model), whatever reports
        # tone; an article the departure model will not read (too few or too many paragraphs) needs none
        if self.sentiment != "encoder":
            stance_items = tone_items
        elif self._departure_reads(n):
            stance_items = self._actor_tone(analysis, doc, ml=False)
        else:
            stance_items = {}
        for i in range(n):
            profiles[i].frames = lexicon.hits(words_per[i])
            profiles[i].focus = focus[i] if i < len(focus) else {}
            profiles[i].stance = aggregate_tone(stance_items.get(i, []))
        return profiles, words_per, tone_items

    def _departure_reads(self, paragraphs: int) -> bool:
        """Whether the departure model scores an article of this many paragraphs (it gives 0 below its
        ``min_paragraphs`` and is not run above ``max_departure_paragraphs``)."""
        if paragraphs > self.max_departure_paragraphs:
            return False
        if self.departure == "encoder":
            from ..narrative.departure_encoder import load_ml_settings

            return departure_reads(paragraphs, settings=load_ml_settings())
        return departure_reads(paragraphs, settings=load_settings(self.settings_name))

    @staticmethod
    def _read_tokens(analysis: Analysis, doc: Any, profiles: list[Profile], words_per: list[list[str]]) -> None:
        paragraphs = analysis.paragraphs
        if not paragraphs:
            return
        p = 0
        last = len(paragraphs) - 1
        for token in doc:
            if token.is_punct or token.is_space:
                continue
            while p < last and paragraphs[p + 1].start <= token.idx:
                p += 1
            low = token.lower_
            words_per[p].append(low)
            prof = profiles[p]
            prof.n_words += 1
            add_token(prof.terms, prof.names, lower=low, pos=token.pos_, is_stop=token.is_stop, ent_type=token.ent_type_, numbers=prof.numbers)

    @staticmethod
    def _name_forms(doc: Any) -> dict[str, str]:
        """The first form the text writes each name key in ("israel" -> "Israel"), for the reasons."""
        forms: dict[str, str] = {}
        for token in doc:
            if token.ent_type_ and (key := name_key(lower=token.lower_, is_stop=token.is_stop, ent_type=token.ent_type_)) is not None:
                forms.setdefault(key, token.text)
        return forms

    @staticmethod
    def _read_entities(analysis: Analysis, doc: Any, profiles: list[Profile]) -> None:
        """People named (PERSON entities), countries of resolved places and sentence counts per paragraph."""
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                words = tuple(normalise(t.lower_) for t in ent if t.is_alpha and len(t) > 1)
                if words:
                    profiles[analysis.paragraph_of(ent.start_char)].people.append(words)
        for place in analysis.places:
            if place.country:
                prof = profiles[analysis.paragraph_of(place.start)]
                prof.places[place.country] = prof.places.get(place.country, 0.0) + 1.0
        for sentence in analysis.sentences:
            if 0 <= sentence.paragraph < len(profiles):
                profiles[sentence.paragraph].sentences += 1

    def _actor_tone(self, analysis: Analysis, doc: Any, *, ml: bool) -> dict[int, list[tuple[str, float]]]:
        """(code, score) per paragraph, one per actor mention with a country-level code (``ml``: the encoder's head)."""
        mentions: list[tuple[str, int, tuple[int, int], ActorMention]] = []  # (code, paragraph, token span, mention)
        for mention in analysis.actors:
            key = focus_key(mention)
            if key is None:
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            mentions.append((key, analysis.paragraph_of(mention.start), (span.start, span.end), mention))
        spans = self._capped(analysis, doc, list(dict.fromkeys(where for _, _, where, _ in mentions)))
        kept = set(spans)
        mentions = [m for m in mentions if m[2] in kept]
        if ml and mentions:
            scored = EncoderSentiment(model=self.model).score(analysis, [m for *_, m in mentions])
            values = [r.score for r in scored]
        else:
            model = load_model(self.model_name)
            cache = {where: model.predict(features(doc, where[0], where[1], sentence=_context(doc, where))).score for where in spans}
            values = [cache[where] for _, _, where, _ in mentions]
        out: dict[int, list[tuple[str, float]]] = defaultdict(list)
        for (key, paragraph, _, _), value in zip(mentions, values):
            out[paragraph].append((key, value))
        return out

    def _capped(self, analysis: Analysis, doc: Any, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``spans`` with at most ``max_tone_mentions`` per sentence (the first ones); a warning says how many were left."""
        per: dict[int, int] = defaultdict(int)
        kept = []
        for where in spans:
            sent = analysis.sentence_of(doc[where[0]].idx)
            per[sent] += 1
            if per[sent] <= self.max_tone_mentions:
                kept.append(where)
        if len(kept) < len(spans):
            over = sum(1 for n in per.values() if n > self.max_tone_mentions)
            warnings = analysis.meta.setdefault("warnings", [])
            if not any(w.startswith("actor tone") for w in warnings):  # the _actor_tone pass may run twice (ml)
                warnings.append(f"actor tone scored for the first {self.max_tone_mentions} actor mentions of each sentence "
                                f"only: {len(spans) - len(kept):,} mentions in {over:,} sentence(s) left unscored (docs/limits.md)")
        return kept


def _context(doc: Any, where: tuple[int, int]) -> Any:
    """The sentence of the target at tokens ``where``, or a window of :data:`_LONG_SENTENCE` tokens around it in a
    longer sentence (so one target costs a bounded pass, whatever the sentence's length)."""
    sent = doc[where[0]].sent
    if len(sent) <= _LONG_SENTENCE:
        return sent
    half = _LONG_SENTENCE // 2
    return doc[max(sent.start, where[0] - half):min(sent.end, where[1] + half)]
