"""The detail pane: everything about the current finding or recommendation, with links to related items.

The document is built block by block with QTextCursor.insertText, so dataset text is never read as HTML
and nothing is ever fetched (loadResource refuses every request).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QUrl, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextListFormat,
)
from PySide6.QtWidgets import QTextBrowser

from ..domain.catalogue import Catalogue
from ..domain.models import Finding, ItemKind, Recommendation
from . import look
from .describe import Block, Link, describe

DESCRIPTION = (
    "Everything about the chosen item: figures with their base, year, full source, confidence, caveats "
    "and linked items. Tab moves between links; Enter follows a link"
)
EMPTY_TEXT = "Choose a finding or a recommendation to see its figures, source, confidence and links."


class DetailBrowser(QTextBrowser):
    """A read-only, selectable document with keyboard-reachable links (Tab to a link, Enter to follow)."""

    linkActivated = Signal(str, str)  # (kind, id)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("detailBrowser")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setAccessibleName("Detail")
        self.set_back_keys("")
        self.anchorClicked.connect(self._on_anchor)
        self._blocks: list[Block] = []
        self.show_blocks([])

    def set_back_keys(self, keys: str) -> None:
        """Say in the pane's description that ``keys`` (the window's Back) go back."""
        self.setAccessibleDescription(f"{DESCRIPTION}; {keys} goes back." if keys else f"{DESCRIPTION}.")

    def loadResource(self, type: int, name: QUrl):  # noqa: A002 - Qt's parameter name
        # Nothing in the detail pane is ever loaded from a file or the network.
        return None

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, item_id = url.toString().partition(":")
        if kind in (ItemKind.FINDING, ItemKind.RECOMMENDATION) and item_id:
            self.linkActivated.emit(kind, item_id)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.show_blocks(self._blocks)  # link colours and heading sizes follow the new palette and font

    def links(self) -> list[tuple[str, str]]:
        """(kind, id) of every link in the document, in reading order."""
        return [(span.kind, span.id) for block in self._blocks for span in block.spans if isinstance(span, Link)]

    def show_blocks(self, blocks: list[Block]) -> None:
        self._blocks = blocks
        document = self.document()
        document.clear()
        cursor = QTextCursor(document)
        plain = QTextCharFormat()
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        colours = look.text_colours(self.palette())  # the palette's, made readable on its Base if they are not
        muted = QTextCharFormat()
        muted.setForeground(colours["muted"])
        title = QTextCharFormat(bold)
        # A relative size step (like HTML's <font size=+1>), so headings follow the system font size.
        title.setProperty(QTextFormat.Property.FontSizeAdjustment, 1)
        link = QTextCharFormat()
        link.setAnchor(True)
        link.setForeground(colours["link"])
        link.setFontUnderline(True)

        spacing = self.fontMetrics().height() * 0.6
        first = True

        def new_block(top: float = 0.0, indent: int = 0) -> None:
            nonlocal first
            block_format = QTextBlockFormat()
            block_format.setTopMargin(0 if first else top)
            block_format.setIndent(indent)
            if first:
                cursor.setBlockFormat(block_format)
                first = False
            else:
                cursor.insertBlock(block_format, plain)

        if not blocks:
            new_block()
            cursor.insertText(EMPTY_TEXT, muted)
        bullet_list = None
        for block in blocks:
            if block.style != "bullet":
                bullet_list = None
            if block.style == "kind":
                new_block()
                cursor.insertText(block.text, muted)
            elif block.style == "title":
                new_block(spacing / 3)
                cursor.insertText(block.text, title)
            elif block.style == "heading":
                new_block(spacing)
                cursor.insertText(block.text, bold)
            elif block.style == "subheading":
                new_block(spacing / 2)
                cursor.insertText(block.text, bold)
            elif block.style == "field":
                new_block()
                cursor.insertText(f"{block.label}: ", bold)
                cursor.insertText(block.text, plain)
            elif block.style == "bullet":
                new_block()
                if bullet_list is None:
                    list_format = QTextListFormat()
                    list_format.setStyle(QTextListFormat.Style.ListDisc)
                    bullet_list = cursor.createList(list_format)
                else:
                    bullet_list.add(cursor.block())
                for span in block.spans:
                    if isinstance(span, Link):
                        link.setAnchorHref(f"{span.kind}:{span.id}")
                        cursor.insertText(span.text, link)
                    else:
                        cursor.insertText(span, plain)
            else:
                new_block(spacing / 3)
                cursor.insertText(block.text, plain)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def show_item(self, catalogue: Catalogue, item: Finding | Recommendation | None) -> None:
        self.show_blocks(describe(catalogue, item) if item is not None else [])
