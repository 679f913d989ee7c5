"""The domain layer: pydantic models, loading, checks, queries and citations. No Qt here."""

from .bundled import bundled_dataset_path, data_dir, resources_dir
from .catalogue import Catalogue, fold, format_value, search_words
from .citation import full_citation, short_citation
from .loading import load_dataset, parse_dataset
from .models import (
    Confidence,
    Dataset,
    Finding,
    Measure,
    Recommendation,
    Sector,
    SectorId,
    Source,
    Theme,
    Unit,
)
from .problems import DatasetError, Problem

__all__ = [
    "Catalogue", "Confidence", "Dataset", "DatasetError", "Finding", "Measure", "Problem",
    "Recommendation", "Sector", "SectorId", "Source", "Theme", "Unit", "bundled_dataset_path",
    "data_dir", "fold", "format_value", "full_citation", "load_dataset", "parse_dataset",
    "resources_dir", "search_words", "short_citation",
]


def load_catalogue(path=None) -> Catalogue:
    """Load and validate a dataset (the bundled one by default), index it and verify its edition's signature."""
    from pathlib import Path

    from .loading import parse_dataset, read_capped
    from .signing import verify_dataset_bytes

    path = Path(path or bundled_dataset_path())
    # Read once: the bytes that are checked against the signature are the bytes that are shown
    # (load_dataset is parse_dataset(read_capped(path))).
    data = read_capped(path)
    catalogue = Catalogue(parse_dataset(data, str(path)), str(path))
    edition = catalogue.edition
    catalogue.verification = verify_dataset_bytes(data, path, edition.id, edition.date_compiled)
    return catalogue
