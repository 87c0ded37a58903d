"""JSON Schemas for place and claim files, generated from :mod:`geo.vocabulary`.

The published copies live in ``schema/`` (files point at them with ``"$schema"`` so that an editor
validates while typing); ``python -m geo schema`` rewrites them and a test checks they are current.
"""

from __future__ import annotations

import json
from pathlib import Path

from geo.vocabulary import CLAIM_KINDS, CLAIMANTS, HOLDERS, NAME_LANGUAGES, PLACE_KINDS, RECIPIENTS, SOURCE_KINDS

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
ID_PATTERN = "^[a-z][a-z0-9_]*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

SOURCE = {
    "type": "object",
    "description": "Where a reader can check the claim: title, publisher, date, URL and the kind of source.",
    "required": ["title", "publisher", "date", "url", "kind"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "publisher": {"type": "string", "minLength": 1},
        "date": {
            "type": "string",
            "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?|n\.d\.)$",
            "description": "publication date, YYYY[-MM[-DD]] or n.d.",
        },
        "url": {"type": "string", "pattern": "^https?://[^\\s]+$"},
        "kind": {
            "enum": list(SOURCE_KINDS),
            "description": "how strong the source is: " + "; ".join(f"{k}: {v}" for k, v in SOURCE_KINDS.items()),
        },
    },
}
#: Where a place's coordinates and names come from (its kind is optional: usually a reference work).
PLACE_SOURCE = {
    **SOURCE,
    "description": "Where the place's coordinates and names come from.",
    "required": ["title", "publisher", "date", "url"],
}
POSITION_SOURCE = {
    **SOURCE,
    "description": "Where the place's coordinates come from, when that is not its place_source (a village "
    "named by an announcement and placed by a gazetteer or an encyclopaedia article).",
    "required": ["title", "publisher", "date", "url"],
}
NAMES = {
    "type": "object",
    "description": "The place's names: " + ", ".join(f"{k} ({v})" for k, v in NAME_LANGUAGES.items()),
    "required": ["en"],
    "additionalProperties": False,
    "properties": {lang: {"type": "string", "minLength": 1} for lang in NAME_LANGUAGES},
}
POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"const": "Point"},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 3},
    },
}


POLYGON = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {"type": {"enum": ["Polygon", "MultiPolygon"]}, "coordinates": {"type": "array", "minItems": 1}},
}


def _collection(feature: dict, title: str) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "$schema": {"type": "string"},
            "features": {"type": "array", "items": feature},
        },
    }


def claim_feature_schema() -> dict:
    return {
        "type": "object",
        "required": ["type", "properties", "geometry"],
        "properties": {
            "type": {"const": "Feature"},
            "geometry": {
                "oneOf": [{"type": "null"}, POINT, POLYGON],
                "description": "null, or the new place the claim adds: a Point (a settlement, a height) "
                "or a Polygon (an area, with place_kind 'area')",
            },
            "properties": {
                "type": "object",
                "required": ["place", "claimant", "claim", "date", "source"],
                "additionalProperties": False,
                "properties": {
                    "place": {
                        "type": "string",
                        "pattern": ID_PATTERN,
                        "description": "id of the place the claim is about",
                    },
                    "claimant": {"enum": list(CLAIMANTS), "description": "who makes the claim"},
                    "claim": {"enum": list(CLAIM_KINDS), "description": "what the claim says"},
                    "holder": {
                        "enum": [*HOLDERS, None],
                        "description": "holder, when the kind of claim does not imply it",
                    },
                    "to": {"enum": [*RECIPIENTS, None], "description": "recipient of a handed_over place"},
                    "date": {"type": "string", "pattern": DATE_PATTERN},
                    "date_earliest": {"type": ["string", "null"], "pattern": DATE_PATTERN},
                    "date_latest": {"type": ["string", "null"], "pattern": DATE_PATTERN},
                    "statement": {"type": ["string", "null"], "description": "the claim in the claimant's own terms"},
                    "source": SOURCE,
                    "note": {"type": ["string", "null"]},
                    "except": {
                        "type": "array",
                        "items": {"type": "string", "pattern": ID_PATTERN},
                        "minItems": 1,
                        "description": "places inside the claim's place that the text leaves out (e.g. a "
                        "district handed over 'except the Lachin corridor'): the claim does not "
                        "speak for what lies in them",
                    },
                    "place_names": NAMES,
                    "place_kind": {"enum": list(PLACE_KINDS)},
                    "district": {"type": "string", "pattern": ID_PATTERN},
                    "place_source": PLACE_SOURCE,
                    "position_source": POSITION_SOURCE,
                },
            },
        },
    }


def place_feature_schema() -> dict:
    return {
        "type": "object",
        "required": ["type", "properties", "geometry"],
        "properties": {
            "type": {"const": "Feature"},
            "id": {"type": "string"},
            "geometry": {"type": "object", "required": ["type", "coordinates"]},
            "properties": {
                "type": "object",
                "required": ["id", "kind", "names", "source"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": ID_PATTERN},
                    "kind": {"enum": list(PLACE_KINDS)},
                    "names": NAMES,
                    "parent": {"type": ["string", "null"], "pattern": ID_PATTERN},
                    "area_km2": {"type": ["number", "null"]},
                    "source": PLACE_SOURCE,
                },
            },
        },
    }


def schemas() -> dict[str, dict]:
    """File name in ``schema/`` -> schema."""
    return {
        "claims.schema.json": _collection(claim_feature_schema(), "Karabakh control map: claim records"),
        "places.schema.json": _collection(place_feature_schema(), "Karabakh control map: places"),
    }


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = directory / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
