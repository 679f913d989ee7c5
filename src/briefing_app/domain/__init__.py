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
    """Load and validate a dataset (the bundled one by default) and index it."""
    path = path or bundled_dataset_path()
    return Catalogue(load_dataset(path), str(path))
