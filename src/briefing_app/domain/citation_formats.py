"""Citations in the styles officials paste into submissions, and as RIS and BibTeX for reference managers.

No Qt here. Three styles of one citation:

- ``house``: the application's own (domain.citation.full_citation), as shown in the detail pane and printed.
- ``harvard``: author or corporate author (year) Title. Publisher. Available at: URL. Harvard's "(Accessed:
  date)" is left out: the dataset does not record when a page was read, and a date is never invented.
- ``ons``: the ONS/GSS form for citing a release: publisher, released date, where, type of release, title.

Each citation ends with the source's licence or reuse terms where the data gives them; the dataset has no
licence field, so every source says "not stated" (never a guessed Open Government Licence).
RIS and BibTeX carry the same facts (type, authors or corporate authors, title, year and date, publisher,
URL, the licence note); every value is plain text, escaped for the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .catalogue import Catalogue
from .citation import full_citation
from .models import Finding, Recommendation, Source, SourceKind, SourceRole, format_partial_date

STYLES = {"house": "Current style", "harvard": "Harvard", "ons": "ONS/GSS"}
NOT_STATED = "not stated"

KIND_WORDS = {
    SourceKind.SURVEY_REPORT: "survey report",
    SourceKind.COMPENDIUM: "compendium",
    SourceKind.OFFICIAL_STATISTICS: "official statistics",
    SourceKind.REVIEW: "review",
    SourceKind.PRESS_RELEASE: "press release",
    SourceKind.NEWS_REPORT: "news article",
    SourceKind.ANALYSIS: "analysis",
    SourceKind.WHITE_PAPER: "white paper",
    SourceKind.BLOG: "blog post",
    SourceKind.GOVERNMENT_DOCUMENT: "government document",
    SourceKind.SCHEME_DESCRIPTION: "scheme description",
    SourceKind.SUMMARY: "summary",
}
RIS_TYPES = {
    SourceKind.SURVEY_REPORT: "RPRT", SourceKind.COMPENDIUM: "RPRT", SourceKind.OFFICIAL_STATISTICS: "DATA",
    SourceKind.REVIEW: "GOVDOC", SourceKind.PRESS_RELEASE: "PRESS", SourceKind.NEWS_REPORT: "NEWS",
    SourceKind.ANALYSIS: "RPRT", SourceKind.WHITE_PAPER: "RPRT", SourceKind.BLOG: "BLOG",
    SourceKind.GOVERNMENT_DOCUMENT: "GOVDOC", SourceKind.SCHEME_DESCRIPTION: "ELEC", SourceKind.SUMMARY: "ELEC",
}
BIBTEX_TYPES = {SourceKind.SURVEY_REPORT: "techreport", SourceKind.COMPENDIUM: "techreport",
                SourceKind.ANALYSIS: "techreport", SourceKind.WHITE_PAPER: "techreport",
                SourceKind.GOVERNMENT_DOCUMENT: "techreport", SourceKind.REVIEW: "techreport"}


def licence(source: Source) -> str:
    """The source's licence or reuse terms as the data gives them; "not stated" when it gives none."""
    return getattr(source, "licence", None) or NOT_STATED


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _date_words(source: Source) -> str:
    return format_partial_date(source.date) if source.date else "date not stated"


def _year(source: Source) -> str:
    return str(source.year) if source.year else "no date"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def harvard(source: Source, location: str | None = None) -> str:
    """Author (year) Title. Publisher. Available at: URL. — corporate author when no person is named."""
    # Names as the source gives them (turning "Niamh O Regan" into "O Regan, N." would be a guess).
    who = " and ".join(source.authors) if source.authors else " and ".join(source.publishers)
    parts = [f"{who} ({_year(source)}) {_sentence(source.title)}"]
    if source.authors:
        parts.append(_sentence(" and ".join(source.publishers)))
    if source.url:
        parts.append(f"Available at: {source.url}")
    if location:
        parts.append(f"({location})")
    return " ".join(parts)


def ons(source: Source, location: str | None = None) -> str:
    """Publisher, released date, where, type, title — the ONS/GSS order for citing a release."""
    parts = [" and ".join(source.publishers), f"released {_date_words(source)}"]
    if source.url:
        parts.append(source.url)
    parts += [KIND_WORDS.get(source.kind, str(source.kind)), source.title.rstrip(".")]
    if location:
        parts.append(location)
    return ", ".join(parts)


def format_citation(source: Source, style: str = "house", location: str | None = None) -> str:
    """One source's citation in ``style`` ("house", "harvard" or "ons"), with its licence or reuse terms."""
    if style == "house":
        text = full_citation(source, location)
    elif style == "harvard":
        text = harvard(source, location)
    elif style == "ons":
        text = ons(source, location)
    else:
        raise ValueError(f"Unknown citation style {style!r}; known: {', '.join(STYLES)}")
    # A URL at the end keeps its last character: no full stop glued to it (it would break the link).
    text = text.rstrip() if source.url and text.rstrip().endswith(source.url) else _sentence(text)
    return _one_line(f"{text} Licence or reuse terms: {licence(source)}.")


def item_citations(catalogue: Catalogue, item: Finding | Recommendation, style: str = "house") -> str:
    """What Copy citation puts on the clipboard in ``style``: the sources carrying the item first, then any it
    is only attributed to or cited for context, labelled as such; one a line."""
    lines = [format_citation(catalogue.sources[ref.source], style, ref.location) for ref in catalogue.cited_refs(item)]
    lines += [
        f"{'Attributed to, not seen there' if ref.role == SourceRole.UNDERLYING else 'Context only'}: "
        f"{format_citation(catalogue.sources[ref.source], style, ref.location)}"
        for ref in catalogue.uncited_refs(item)
    ]
    return "\n".join(lines) + "\n"


def sources_for(catalogue: Catalogue, sector: str | None = None) -> list[Source]:
    """Every source cited by the findings and recommendations of ``sector`` (all when None), in dataset order."""
    items: list[Finding | Recommendation] = [*catalogue.findings_in(sector), *catalogue.recommendations_in(sector)]
    wanted = {ref.source for item in items for ref in item.sources}
    return [source for source in catalogue.dataset.sources if source.id in wanted]


# ---- RIS ------------------------------------------------------------------------------------------------


def _ris_value(text: str) -> str:
    # A RIS line ends at a newline; a value is one line. Control characters have no place in it.
    return re.sub(r"[\x00-\x1f\x7f]", " ", _one_line(text))


def ris(sources: Iterable[Source]) -> str:
    """The sources as RIS records (one TY ... ER block each), for EndNote, Zotero, Mendeley, RefWorks."""
    lines: list[str] = []
    for source in sources:
        lines.append(f"TY  - {RIS_TYPES.get(source.kind, 'GEN')}")
        lines.append(f"ID  - {_ris_value(source.id)}")
        lines.append(f"TI  - {_ris_value(source.title)}")
        for author in source.authors:
            lines.append(f"AU  - {_ris_value(author)}")
        if not source.authors:
            # Corporate authors: RIS readers (EndNote, Zotero) take a name ending in a comma as one name.
            lines += [f"AU  - {_ris_value(publisher)}," for publisher in source.publishers]
        lines.append(f"PB  - {_ris_value(' and '.join(source.publishers))}")
        if source.year:
            lines.append(f"PY  - {source.year}")
        if source.date and "/" not in source.date:  # a range ("2021/2025") has no RIS date: PY gives its year
            lines.append(f"DA  - {_ris_value(source.date.replace('-', '/'))}")
        if source.url:
            lines.append(f"UR  - {_ris_value(source.url)}")
        lines.append(f"M3  - {KIND_WORDS.get(source.kind, str(source.kind))}")
        lines.append(f"N1  - Licence or reuse terms: {_ris_value(licence(source))}")
        lines.append(f"N1  - Short citation: {_ris_value(source.short)}")
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)  # RIS is specified with CRLF line ends


# ---- BibTeX ---------------------------------------------------------------------------------------------

# Braces as commands, not \{ \}: BibTeX counts an escaped brace too, so a lone one would end the value.
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&", "%": r"\%", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def bibtex_escape(text: str) -> str:
    """Plain text as a BibTeX value: TeX's special characters escaped, so braces always balance."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", _one_line(text))
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def _bibtex_key(source: Source, used: set[str]) -> str:
    key = re.sub(r"[^A-Za-z0-9:_-]", "", source.id.replace(".", "-")) or "source"
    base, n = key, 2
    while key in used:
        key, n = f"{base}-{n}", n + 1
    used.add(key)
    return key


def _bibtex_url(url: str) -> str:
    # url fields are verbatim in biblatex, but an unbalanced brace would still end the value.
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def bibtex(sources: Sequence[Source]) -> str:
    """The sources as BibTeX entries (@techreport for reports, @misc for the rest); UTF-8."""
    entries: list[str] = []
    used: set[str] = set()
    for source in sources:
        kind = BIBTEX_TYPES.get(source.kind, "misc")
        fields: list[tuple[str, str]] = []
        if source.authors:
            fields.append(("author", " and ".join(bibtex_escape(a) for a in source.authors)))
        else:
            # A corporate author in double braces, so it is not split into first and last names.
            fields.append(("author", " and ".join("{" + bibtex_escape(p) + "}" for p in source.publishers)))
        fields.append(("title", "{" + bibtex_escape(source.title) + "}"))
        if kind == "techreport":
            fields.append(("institution", bibtex_escape(" and ".join(source.publishers))))
        else:
            fields.append(("publisher", bibtex_escape(" and ".join(source.publishers))))
        if source.year:
            fields.append(("year", str(source.year)))
        if source.date and len(source.date) >= 7 and "/" not in source.date:
            fields.append(("month", str(int(source.date[5:7]))))
        if source.url:
            fields.append(("url", _bibtex_url(source.url)))
            fields.append(("howpublished", r"\url{" + _bibtex_url(source.url) + "}"))
        fields.append(("type", bibtex_escape(KIND_WORDS.get(source.kind, str(source.kind)))))
        fields.append(("note", bibtex_escape(f"Licence or reuse terms: {licence(source)}. {source.short}.")))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{kind}{{{_bibtex_key(source, used)},\n{body}\n}}\n")
    return "\n".join(entries)
