"""Does a text read as English? A cheap check, so that other languages get a warning, not silent empty results.

eventlens's parser, dictionaries and lexicons are English. A French or Spanish
article, or base64 pasted as text, is analysed without error but finds almost no
actors or events and a meaningless tone. This check counts the share of the
text's words that are common English function words
(``data/language/english-function-words-v1.txt``): English news runs at about
0.3 (median of GeoWebNews and TR-News; their lowest article 0.15), other
Latin-script languages (checked: Danish, Dutch, French, German, Italian,
Norwegian, Portuguese, Spanish) and encoded data at 0-0.03. Texts shorter than ``MIN_WORDS`` words
(headlines, captions) are not judged.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from ..errors import ResourceError

LEXICON = "english-function-words-v1.txt"
MIN_WORDS = 40
MIN_SHARE = 0.06
_WORDS = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """The word list, read once per process."""
    try:
        text = resources.files("eventlens.data").joinpath("language", LEXICON).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"word list {LEXICON} missing or unreadable in eventlens/data/language") from exc
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def english_share(text: str, *, limit: int = 20000) -> tuple[float, int]:
    """(share of words that are English function words, number of words) over the first ``limit`` words."""
    words = _WORDS.findall(text[: limit * 12])[:limit]
    if not words:
        return 0.0, 0
    known = function_words()
    return sum(w.lower() in known for w in words) / len(words), len(words)


def english_warning(text: str) -> str:
    """A warning when ``text`` does not read as English, else ''."""
    share, n = english_share(text)
    if n < MIN_WORDS or share >= MIN_SHARE:
        return ""
    return (f"the text does not read as English ({share:.0%} of its {n} words are common English words; English news "
            f"has 15-45%): eventlens analyses English, so its actors, events and tone are likely missing or wrong")
