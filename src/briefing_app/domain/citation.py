"""Citations in one house style: a short form for tables and a full form for detail and print."""

from __future__ import annotations

from .models import Source


def short_citation(source: Source) -> str:
    return source.short


def full_citation(source: Source, location: str | None = None) -> str:
    """Publisher(s) (date). Title. URL. [Location.]"""
    publishers = " and ".join(source.publishers)
    authors = f" Authors: {', '.join(source.authors)}." if source.authors else ""
    parts = [f"{publishers} ({source.display_date}). {source.title}.{authors}"]
    if source.url:
        parts.append(source.url)
    if location:
        parts.append(f"Location: {location}.")
    return " ".join(parts)
