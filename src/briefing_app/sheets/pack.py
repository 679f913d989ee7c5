"""A briefing pack: the user's own selection of findings, recommendations and charts, with notes.

No Qt here. A pack is saved as a small JSON file validated by :class:`PackFile` (with a schema version).
Items are kept by id, so a pack opened against another dataset edition keeps the items that edition
lacks: they are marked as missing (see :meth:`Pack.missing`) and stay in the file when it is saved again.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_serializer

from ..domain.catalogue import Catalogue
from ..domain.loading import decode_json_text, find_duplicate_keys, problems_from_validation_error, read_capped
from ..charts.spec import available_charts, chart_exists
from ..domain.models import VISIBLE_TEXT_PATTERN, ItemKind
from ..domain.problems import DatasetError, Problem
from ..storage.atomic import WriteError, atomic_write_text
from .pack_figures import KeptFigure, record

PACK_SCHEMA_VERSION = 1
PACK_FORMAT = "briefing-app-pack"
PACK_SUFFIX = ".brief.json"
MAX_PACK_BYTES = 4 * 1024 * 1024
MAX_NOTE_CHARS = 2_000
MAX_TITLE_CHARS = 200
# A pack is printed whole, so its size is capped to keep printing it to seconds: 200 items, of which at
# most 50 charts (each chart is a page of vectors: 100 charts took about 2 s and 200 MB to print).
MAX_PACK_ITEMS = 200
MAX_PACK_CHARTS = 50
DEFAULT_TITLE = "Briefing pack"


class PackItemModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ItemKind
    id: str = Field(min_length=1, max_length=200, pattern=VISIBLE_TEXT_PATTERN)
    note: str = Field(default="", max_length=MAX_NOTE_CHARS)
    # A finding's figures as they were when it was added, and the edition they came from (pack_figures.py);
    # absent in packs saved before figures were kept, which still open.
    edition: str | None = Field(default=None, max_length=100, pattern=VISIBLE_TEXT_PATTERN)
    figures: tuple[KeptFigure, ...] | None = Field(default=None, max_length=50)
    keep: bool = Field(default=False, description="Print the figures as recorded, not this edition's")

    @model_serializer(mode="wrap")
    def _leave_out_unrecorded(self, handler):
        data = handler(self)
        for key in ("edition", "figures"):
            if data.get(key) is None:
                data.pop(key, None)
        if not data.get("keep"):
            data.pop("keep", None)
        return data


class PackFile(BaseModel):
    """The JSON file of a briefing pack."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["briefing-app-pack"] = PACK_FORMAT
    schema_version: Literal[1] = PACK_SCHEMA_VERSION
    title: str = Field(default=DEFAULT_TITLE, max_length=MAX_TITLE_CHARS)
    edition: str | None = Field(default=None, max_length=200, pattern=VISIBLE_TEXT_PATTERN,
                                description="Id of the dataset edition the pack was made with")
    items: list[PackItemModel] = Field(default=[], max_length=MAX_PACK_ITEMS)

    @field_validator("items")
    @classmethod
    def _charts_capped(cls, items: list[PackItemModel]) -> list[PackItemModel]:
        charts = sum(1 for item in items if item.kind == ItemKind.CHART)
        if charts > MAX_PACK_CHARTS:
            raise ValueError(f"a pack holds at most {MAX_PACK_CHARTS} charts, not {charts}")
        return items


class PackError(Exception):
    """A pack file cannot be opened or saved; the message names the file and the place."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class PackChangedError(PackError):
    """The pack's file was changed by someone else since it was opened or last saved: saving would lose that."""


@dataclass
class PackItem:
    kind: ItemKind
    id: str
    note: str = ""
    edition: str | None = None  # the edition its figures were recorded from (pack_figures.py)
    figures: tuple[KeptFigure, ...] | None = None
    keep: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.id)


@dataclass
class Pack:
    """The pack being edited. Every change marks it modified until it is saved."""

    title: str = DEFAULT_TITLE
    items: list[PackItem] = field(default_factory=list)
    path: Path | None = None
    edition: str | None = None
    modified: bool = False
    # The SHA-256 of the file's bytes when it was opened or last saved: a save first checks the file still
    # holds them, so that another window (or program) saving the same pack meanwhile is not overwritten unseen.
    disk_digest: str | None = None

    # ---- editing --------------------------------------------------------------------------------
    def contains(self, kind: str, item_id: str) -> bool:
        return any(item.key == (kind, item_id) for item in self.items)

    def index_of(self, kind: str, item_id: str) -> int:
        for index, item in enumerate(self.items):
            if item.key == (kind, item_id):
                return index
        return -1

    def full_for(self, kind: str) -> str:
        """Why an item of this kind cannot be added ("" when it can): the pack's caps."""
        if len(self.items) >= MAX_PACK_ITEMS:
            return f"The briefing pack is full: it holds at most {MAX_PACK_ITEMS} items. Remove one, or start another pack."
        if kind == ItemKind.CHART and sum(1 for i in self.items if i.kind == ItemKind.CHART) >= MAX_PACK_CHARTS:
            return f"The briefing pack holds at most {MAX_PACK_CHARTS} charts. Remove one, or start another pack."
        return ""

    def add(self, kind: str, item_id: str, note: str = "", catalogue: Catalogue | None = None) -> bool:
        """Append an item; False (and no change) when the pack already holds it or is full (see full_for).
        With ``catalogue``, a finding's figures are recorded with their edition (pack_figures.py)."""
        if kind not in tuple(ItemKind):
            raise ValueError(f"unknown item kind {kind!r}")
        if self.contains(kind, item_id) or self.full_for(kind):
            return False
        self.items.append(PackItem(ItemKind(kind), item_id, note[:MAX_NOTE_CHARS]))
        if catalogue is not None:
            record(self.items[-1], catalogue)
        self.modified = True
        return True

    def remove(self, index: int) -> PackItem:
        item = self.items.pop(index)
        self.modified = True
        return item

    def move(self, index: int, new_index: int) -> None:
        """Move the item at ``index`` so that it ends up at ``new_index``."""
        if index == new_index:
            return
        item = self.items.pop(index)
        self.items.insert(new_index, item)
        self.modified = True

    def set_note(self, index: int, note: str) -> None:
        note = note[:MAX_NOTE_CHARS]
        if self.items[index].note != note:
            self.items[index].note = note
            self.modified = True

    def set_title(self, title: str) -> None:
        title = title[:MAX_TITLE_CHARS]
        if title != self.title:
            self.title = title
            self.modified = True

    def clear(self) -> None:
        if self.items:
            self.items.clear()
            self.modified = True

    # ---- against a dataset ----------------------------------------------------------------------
    def is_missing(self, item: PackItem, catalogue: Catalogue) -> bool:
        return not item_exists(catalogue, item.kind, item.id)

    def missing(self, catalogue: Catalogue) -> list[PackItem]:
        """Items the catalogue does not hold (kept, marked, never dropped)."""
        return [item for item in self.items if self.is_missing(item, catalogue)]

    # ---- file -----------------------------------------------------------------------------------
    def to_file_model(self) -> PackFile:
        return PackFile(
            title=self.title,
            edition=self.edition,
            items=[PackItemModel(kind=i.kind, id=i.id, note=i.note, edition=i.edition, figures=i.figures, keep=i.keep)
                   for i in self.items],
        )

    def to_json(self) -> str:
        return self.to_file_model().model_dump_json(indent=2) + "\n"

    def save(self, path: str | os.PathLike[str] | None = None, *, overwrite_changes: bool = False) -> Path:
        """Write the pack atomically; raise PackError with a readable reason (the old file is intact).

        Saving to the file the pack came from raises PackChangedError when that file no longer holds what
        was opened or last saved (another window saved the same pack, say), unless ``overwrite_changes``.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("the pack has no file yet: give a path")
        check = None if overwrite_changes else (lambda: self._check_unchanged(target))
        if check is not None:
            check()  # before any work; again at the last moment, just before the file is replaced
        text = self.to_json()
        try:
            atomic_write_text(target, text, before_replace=check)
        except WriteError as exc:
            raise PackError([Problem(str(target), "$", str(exc))]) from None
        self.path = target
        self.modified = False
        self.disk_digest = _digest(text.encode("utf-8"))
        return target

    def _check_unchanged(self, target: Path) -> None:
        if self.path is None or self.disk_digest is None or not _same_file(target, self.path):
            return
        try:
            current = _digest(read_capped(target, MAX_PACK_BYTES))
        except DatasetError as exc:
            if any("no such file" in problem.message for problem in exc.problems):
                return  # removed meanwhile: saving loses nothing
            current = None
        if current != self.disk_digest:
            raise PackChangedError([Problem(
                str(target), "$",
                "the file was changed by another program or window since this pack was opened or last saved; "
                "saving now would discard that change, so nothing was written",
            )])


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.realpath(one) == os.path.realpath(other)


def item_exists(catalogue: Catalogue, kind: str, item_id: str) -> bool:
    if kind == ItemKind.FINDING:
        return item_id in catalogue.findings
    if kind == ItemKind.RECOMMENDATION:
        return item_id in catalogue.recommendations
    if kind == ItemKind.CHART:
        return chart_exists(catalogue, item_id)
    return False


def item_title(catalogue: Catalogue, kind: str, item_id: str) -> str:
    """A one-line description of a pack item for lists; marks items the dataset lacks."""
    if kind == ItemKind.FINDING and item_id in catalogue.findings:
        finding = catalogue.findings[item_id]
        return f"{catalogue.headline_text(finding)} — {finding.statement}"
    if kind == ItemKind.RECOMMENDATION and item_id in catalogue.recommendations:
        rec = catalogue.recommendations[item_id]
        return f"{rec.title} (to {rec.target_body})"
    if kind == ItemKind.CHART and chart_exists(catalogue, item_id):
        return dict(available_charts(catalogue)).get(item_id, item_id)
    return f"Not in this dataset edition: {kind} {item_id!r}"


def parse_pack(data: bytes, name: str) -> Pack:
    try:
        text = decode_json_text(data, name)
        model = PackFile.model_validate_json(text)
    except DatasetError as exc:
        raise PackError(exc.problems) from None
    except ValidationError as exc:
        problems = problems_from_validation_error(exc, name)
        raise PackError(problems) from None
    except RecursionError:
        raise PackError([Problem(name, "$", "the JSON is nested too deeply")]) from None
    repeated = find_duplicate_keys(text, name)
    if repeated:
        raise PackError(repeated)
    return Pack(
        title=model.title,
        items=[PackItem(i.kind, i.id, i.note, i.edition, i.figures, i.keep) for i in model.items],
        edition=model.edition,
        modified=False,
    )


def open_pack(path: str | os.PathLike[str]) -> Pack:
    """Read and validate a pack file; raise PackError naming the file, the place and the reason."""
    target = Path(path)
    try:
        data = read_capped(target, MAX_PACK_BYTES)
    except DatasetError as exc:
        raise PackError(exc.problems) from None
    pack = parse_pack(data, str(target))
    pack.path = target
    pack.disk_digest = _digest(data)
    return pack


def new_pack(catalogue: Catalogue | None = None, title: str = DEFAULT_TITLE) -> Pack:
    return Pack(title=title, edition=catalogue.edition.id if catalogue else None)
