#!/usr/bin/env python3
"""Derive eventlens's CAMEO verb-pattern lexicon from the PETRARCH2 dictionary.

Reads ``CAMEO.2.0.txt`` (PETRARCH2 CAMEO verb dictionary, MIT licence,
Copyright (c) 2015 Open Event Data Alliance) and ``CAMEO2PLOVER-2021.txt``
(CC BY-SA 4.0, Open Event Data Alliance) and writes eventlens's own data files
under ``src/eventlens/data/events/``:

* ``cameo_verbs.tsv``  verbs (lemma, inflections, default code), synonym sets
  and verb patterns (subject words, object words, prepositional phrases -> code)
  re-expressed in eventlens's format (facts: which verb + object means which
  CAMEO code). Attribution sits in the file header.
* ``cameo2plover.tsv`` CAMEO code -> PLOVER 2.0 type and mode.

The hand-written additions (``additions.tsv``), the CAMEO code table
(``cameo_codes.tsv``) and the rule word lists (``rules.json``) are edited by
hand and are not touched here.

Usage::

    python scripts/build_verb_lexicon.py [--shared DIR]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from eventlens.shared_data import add_shared_argument, shared_from_args

VERSION = "1.0"
HERE = Path(__file__).resolve().parents[1]
OUT = HERE / "src" / "eventlens" / "data" / "events"

_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_CODE = re.compile(r"\[([^\]]*)\]")


def _first_code(raw: str) -> str:
    """``[042:043]`` -> ``042``; ``[:173]`` -> ``173``; ``[---]`` -> ``---``."""
    parts = [p.strip() for p in raw.split(":") if p.strip()]
    return parts[0] if parts else "---"


def _word(token: str) -> str:
    """PETRARCH word -> eventlens form: lowercase, ``_`` joins multiword, trailing ``_`` dropped."""
    token = token.strip().rstrip("_").lower()
    return token


def _tokenize(text: str) -> list[str]:
    out: list[str] = []
    for tok in re.findall(r"\{|\}|\(|\)|[^\s{}()]+", text):
        out.append(tok)
    return out


def _elements(tokens: list[str]) -> tuple[list[str], str]:
    """Words and sets among ``tokens`` (braces flattened) and the actor role marker, if any."""
    words: list[str] = []
    role = ""
    for tok in tokens:
        if tok in "{}":
            continue
        if tok == "$":
            role = "src"
        elif tok == "+":
            role = "tgt"
        elif tok in ("^", "%", "*", "|"):
            continue
        elif tok.startswith("&"):
            words.append("&" + tok[1:].lower())
        else:
            alts = [a for a in (_word(part) for part in tok.split("/")) if a and re.match(r"^[a-z0-9][a-z0-9'_.-]*$", a)]
            if alts:
                words.append("|".join(alts))
            else:
                words.append("?")  # a word we cannot express: the caller drops the pattern
    return words, role


def parse_pattern(body: str) -> tuple[list[str], list[str], list[tuple[str, list[str], str]]] | None:
    """``- SUBJ * OBJ (PREP X) ...`` -> (subject words, object words, preps)."""
    tokens = _tokenize(body)
    if "*" not in tokens:
        return None
    star = tokens.index("*")
    subject, _ = _elements(tokens[:star])
    words: list[str] = []
    preps: list[tuple[str, list[str], str]] = []
    rest = tokens[star + 1 :]
    i = 0
    loose: list[str] = []
    while i < len(rest):
        tok = rest[i]
        if tok == "(":
            j = i + 1
            depth = 1
            while j < len(rest) and depth:
                depth += {"(": 1, ")": -1}.get(rest[j], 0)
                j += 1
            inner = rest[i + 1 : j - 1]
            if inner:
                prep = _word(inner[0])
                inner_words, role = _elements(inner[1:])
                if prep and not prep.startswith("&"):
                    preps.append((prep, inner_words, role))
            i = j
            continue
        loose.append(tok)
        i += 1
    words, _ = _elements(loose)
    return subject, words, preps


def inflect(base: str) -> set[str]:
    """Regular English inflections of a verb (PETRARCH generates these the same way)."""
    forms = {base}
    vowels = "aeiou"
    if re.search(r"(s|x|z|ch|sh)$", base):
        forms.add(base + "es")
    elif len(base) > 1 and base.endswith("y") and base[-2] not in vowels:
        forms.add(base[:-1] + "ies")
    else:
        forms.add(base + "s")
    if base.endswith("e"):
        forms.add(base + "d")
        forms.add((base[:-1] if not base.endswith("ee") else base) + "ing")
    elif len(base) > 1 and base.endswith("y") and base[-2] not in vowels:
        forms.add(base[:-1] + "ied")
        forms.add(base + "ing")
    else:
        forms.add(base + "ed")
        forms.add(base + "ing")
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", base) and len(base) <= 6:
            forms.add(base + base[-1] + "ed")
            forms.add(base + base[-1] + "ing")
    return forms


def build_verbs(src: Path) -> list[str]:
    lines = src.read_text(encoding="utf-8", errors="replace").splitlines()
    rows: list[str] = []
    sets: dict[str, list[str]] = {}
    block = ""
    block_code = "---"
    in_patterns = False
    current_set: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip() if not raw.startswith("- ") else raw.rstrip()
        if "VERB PATTERNS" in raw:
            in_patterns = True
            current_set = None
            continue
        if raw.startswith("~"):
            continue
        if not in_patterns:
            if raw.startswith("&"):
                current_set = raw[1:].strip().lower()
                sets[current_set] = []
            elif raw.startswith("+") and current_set:
                w = _word(raw[1:].split("#")[0].strip())
                if w:
                    sets[current_set].append(w)
            continue
        m = _HEADER.match(raw)
        if m:
            block = m.group(1).lower()
            block_code = _first_code(m.group(2))
            continue
        if not line.strip():
            continue
        if raw.startswith("-"):
            body, _, comment = raw[1:].partition("#")
            cm = _CODE.search(body)
            if not cm:
                continue
            code = _first_code(cm.group(1))
            parsed = parse_pattern(body[: cm.start()])
            if parsed is None:
                continue
            subject, words, preps = parsed
            if "?" in subject or "?" in words or any("?" in ws for _, ws, _ in preps):
                continue
            origin = " ".join(w.lower() for w in re.findall(r"[A-Za-z]+", comment))
            prep_txt = ";".join(f"{p}:{','.join(ws)}:{role}" for p, ws, role in preps)
            rows.append("\t".join(["P", block, code, " ".join(subject), " ".join(words), prep_txt, origin]))
            continue
        # a verb line: WORD {FORMS} [CODE]  or  +MULTI_WORD {FORMS} [CODE]
        text = line.strip()
        cm = _CODE.search(text)
        code = _first_code(cm.group(1)) if cm else ""
        text = _CODE.sub("", text)
        forms_m = re.search(r"\{([^}]*)\}", text)
        extra = forms_m.group(1).split() if forms_m else []
        head = re.sub(r"\{[^}]*\}", "", text).strip().split()
        if not head:
            continue
        word = head[0].lstrip("+").lower()
        parts = [p for p in word.split("_") if p]
        if not parts or not re.match(r"^[a-z][a-z'-]*$", parts[0]):
            continue
        lemma, required = parts[0], parts[1:]
        forms = set(inflect(lemma)) if len(parts) == 1 or not extra else {lemma}
        for f in extra:
            fp = [p for p in f.lstrip("+").lower().split("_") if p]
            if fp:
                forms.add(fp[0])
        if len(parts) > 1:
            forms |= inflect(lemma)
        rows.append("\t".join(["V", block, code or block_code, lemma, " ".join(sorted(forms)), " ".join(required)]))
    set_rows = ["\t".join(["S", name, " ".join(dict.fromkeys(words))]) for name, words in sets.items() if words]
    return set_rows + rows


def build_plover(src: Path) -> list[str]:
    rows = []
    for raw in src.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,\s*([^,#]*?)\s*(?:,\s*([^#]*?))?\s*(?:#\s*(.*))?$", raw)
        if not m:
            continue
        code, plover, mode, context, name = m.groups()
        rows.append("\t".join([code, plover, (mode or "").strip(), (context or "").strip(), (name or "").strip()]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_shared_argument(parser)
    args = parser.parse_args()
    events = shared_from_args(parser, args.shared, near=HERE, needs="data/events/CAMEO.2.0.txt") / "data" / "events"
    verbs = build_verbs(events / "CAMEO.2.0.txt")
    header = [
        f"# eventlens CAMEO verb lexicon, version {VERSION}",
        "# Derived by scripts/build_verb_lexicon.py from CAMEO.2.0.txt, the PETRARCH2 CAMEO verb",
        "# pattern dictionary (MIT licence, Copyright (c) 2015 Open Event Data Alliance,",
        "# github.com/openeventdata/petrarch2 @ 676801c). Facts (verb, object, code) re-expressed.",
        "# Rows: S set words | V block code lemma forms required-words | P block code subject words preps origin",
        "# preps: prep:word,word:role;...  role src/tgt marks where an actor sits; &name = synonym set",
    ]
    (OUT / "cameo_verbs.tsv").write_text("\n".join(header + verbs) + "\n", encoding="utf-8")
    plover = build_plover(events / "CAMEO2PLOVER-2021.txt")
    header = [
        f"# CAMEO -> PLOVER 2.0 map, version {VERSION}",
        "# Derived from CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8, 17-Sep-2021), CC BY-SA 4.0,",
        "# Open Event Data Alliance, github.com/openeventdata/PLOVER @ 5e0c24f. CAMEO 01x/02x are dropped by PLOVER.",
        "# code\tplover\tmode\tcontext\tname",
    ]
    (OUT / "cameo2plover.tsv").write_text("\n".join(header + plover) + "\n", encoding="utf-8")
    print(f"wrote {len(verbs)} verb rows and {len(plover)} PLOVER rows to {OUT}")


if __name__ == "__main__":
    main()
