"""The source catalog: aliases, most specific match, roots and the JSON file's shape."""

import json

from claims.extraction.catalog import (
    DEFAULT_CATALOG_PATH,
    SourceCatalog,
    load_default_catalog,
)

ROOTS = {
    "ukrainian-military",
    "ukrainian-government",
    "russian-military",
    "russian-government",
    "us-government",
    "uk-government",
    "nato",
    "un",
    "media",
    "ngo",
    "other",
}
KINDS = {
    "military",
    "government",
    "intelligence",
    "international_organisation",
    "media",
    "ngo",
    "person",
    "other",
}


def small() -> SourceCatalog:
    return SourceCatalog.from_records(
        [
            {
                "slug": "un",
                "name": "United Nations",
                "aliases": ["UN", "United Nations"],
            },
            {
                "slug": "ohchr",
                "name": "OHCHR",
                "parent": "un",
                "aliases": ["UN human rights office"],
            },
            {"slug": "other", "name": "Other", "aliases": ["experts"]},
        ]
    )


def test_resolve_picks_the_longest_alias_then_the_deepest_source() -> None:
    catalog = small()
    assert catalog.resolve("a spokesperson for the UN human rights office") == "ohchr"
    assert catalog.resolve("the United Nations") == "un"
    assert catalog.root("ohchr") == "un"


def test_acronyms_match_only_in_capitals() -> None:
    catalog = small()
    assert catalog.resolve("un-named people and unclear data") is None
    assert catalog.resolve("the UN says") == "un"


def test_curly_and_straight_apostrophes_match_alike() -> None:
    catalog = load_default_catalog()
    assert catalog.resolve("Ukraine\u2019s Armed Forces") == catalog.resolve(
        "Ukraine's Armed Forces"
    )
    assert (
        catalog.root(catalog.resolve("Ukraine's Armed Forces")) == "ukrainian-military"
    )


def test_default_catalog_resolves_real_reporting_phrases_to_their_roots() -> None:
    catalog = load_default_catalog()
    cases = {
        "American intelligence": "us-government",
        "the Pentagon": "us-government",
        "the Kremlin": "russian-government",
        "Kiev": "ukrainian-government",
        "Russia's defence ministry": "russian-military",
        "UN refugee agency": "un",
        "Human Rights Watch": "ngo",
        "Mediazona": "media",
        "Western officials": "other",
        "British Defence Secretary": "uk-government",
        "NATO officials": "nato",
    }
    for phrase, root in cases.items():
        assert catalog.root(catalog.resolve(phrase)) == root, phrase


def test_json_file_has_the_shape_the_data_migration_loads() -> None:
    records = json.loads(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))
    slugs = {r["slug"] for r in records}
    assert len(slugs) == len(records)
    for r in records:
        assert set(r) == {
            "slug",
            "name",
            "kind",
            "country",
            "parent",
            "side",
            "aliases",
        }
        assert r["kind"] in KINDS and r["side"] in ("ukraine", "russia", None)
        assert r["parent"] is None or r["parent"] in slugs
        assert r["country"] is None or (
            len(r["country"]) == 2 and r["country"].isupper()
        )
    assert {r["slug"] for r in records if r["parent"] is None} == ROOTS
