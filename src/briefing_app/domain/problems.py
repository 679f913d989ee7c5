"""A readable problem found in a dataset or pack file: the file, the place (a JSON path) and the reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


class DatasetError(Exception):
    """Raised when a dataset cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def json_path(loc: tuple[object, ...]) -> str:
    """('findings', 3, 'measures', 0, 'value') -> '$.findings[3].measures[0].value'."""
    out = "$"
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part)
            out += f".{text}" if text.replace("_", "").replace("-", "").isalnum() else f"[{text!r}]"
    return out
