"""Curated sources and their aliases, resolved from an attribution phrase to a slug."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from claims.extraction.patterns import alternation

DEFAULT_CATALOG_PATH = (
    Path(__file__).resolve().parents[2] / "sources" / "data" / "canonical_sources.json"
)
# The slug of the generic "anyone else named" source (GUIDELINES: `other`).
OTHER_SLUG = "other"

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def normalise(text: str) -> str:
    """Folds curly apostrophes so one alias spelling matches both."""
    return text.translate(_APOSTROPHES)


@dataclass(frozen=True)
class CatalogSource:
    slug: str
    name: str
    parent: str | None = None
    kind: str = "other"
    side: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AliasMatch:
    slug: str
    start: int
    end: int


@dataclass
class SourceCatalog:
    """Sources with aliases; `resolve` maps a phrase to its most specific slug.

    >>> cat = SourceCatalog.from_records([
    ...     {"slug": "un", "name": "United Nations", "aliases": ["UN"]},
    ...     {"slug": "unhcr", "name": "UNHCR", "parent": "un",
    ...      "aliases": ["UN refugee agency"]}])
    >>> cat.resolve("figures from the UN refugee agency"), cat.root("unhcr")
    ('unhcr', 'un')
    """

    sources: dict[str, CatalogSource]
    _exact: dict[str, str] = field(default_factory=dict, repr=False)
    _folded: dict[str, str] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _cache: dict[str, str | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for source in self.sources.values():
            for alias in (source.name, *source.aliases):
                self._add_alias(normalise(alias).strip(), source.slug)
        # One alternation, longest alias first, so a sentence is scanned once
        # however many aliases there are.
        keys = sorted(set(self._exact) | set(self._folded), key=len, reverse=True)
        if keys:
            body = alternation(keys, ignorecase=True)
            self._pattern = re.compile(
                rf"(?<![^\W_])(?<!-)(?=\w)(?:{body})(?![\w-])", re.IGNORECASE
            )

    def _add_alias(self, alias: str, slug: str) -> None:
        if not alias:
            return
        # Acronyms ("UN", "WHO", "AP") match only as written, else "who" is WHO.
        if alias.isupper() or len(alias) <= 3:
            self._exact.setdefault(alias, slug)
        else:
            current = self._folded.get(alias.lower())
            if current is None or self.depth(slug) > self.depth(current):
                self._folded[alias.lower()] = slug

    @classmethod
    def from_records(cls, records: Iterable[Mapping]) -> SourceCatalog:
        sources = {}
        for r in records:
            sources[r["slug"]] = CatalogSource(
                slug=r["slug"],
                name=r.get("name") or r["slug"],
                parent=r.get("parent"),
                kind=r.get("kind") or "other",
                side=r.get("side"),
                aliases=tuple(r.get("aliases") or ()),
            )
        return cls(sources)

    @classmethod
    def from_json(cls, path: str | Path) -> SourceCatalog:
        with open(path, encoding="utf-8") as handle:
            return cls.from_records(json.load(handle))

    def depth(self, slug: str) -> int:
        depth, seen = 0, set()
        while slug in self.sources and self.sources[slug].parent and slug not in seen:
            seen.add(slug)
            slug = self.sources[slug].parent
            depth += 1
        return depth

    def root(self, slug: str) -> str:
        seen = set()
        while slug in self.sources and self.sources[slug].parent and slug not in seen:
            seen.add(slug)
            slug = self.sources[slug].parent
        return slug

    def side(self, slug: str | None) -> str | None:
        """The side a source speaks for ("ukraine", "russia"), from it or a parent."""
        seen = set()
        while slug in self.sources and slug not in seen:
            seen.add(slug)
            if self.sources[slug].side:
                return self.sources[slug].side
            slug = self.sources[slug].parent
        return None

    def get(self, slug: str | None) -> CatalogSource | None:
        return self.sources.get(slug) if slug else None

    def matches(self, text: str) -> list[AliasMatch]:
        """Every alias occurrence in `text`, left to right, longest at each place."""
        if self._pattern is None:
            return []
        found = []
        for m in self._pattern.finditer(normalise(text)):
            slug = self._exact.get(m.group()) or self._folded.get(m.group().lower())
            if slug is None:  # a case-sensitive alias met in the wrong case
                continue
            found.append(AliasMatch(slug, m.start(), m.end()))
        return found

    def resolve(self, phrase: str) -> str | None:
        """The most specific source named in `phrase`: longest alias, then deepest."""
        if phrase in self._cache:
            return self._cache[phrase]
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[phrase] = found = self._resolve(phrase)
        return found

    def _resolve(self, phrase: str) -> str | None:
        best = None
        for m in self.matches(phrase):
            key = (m.end - m.start, self.depth(m.slug))
            if best is None or key > best[0]:
                best = (key, m.slug)
        return best[1] if best else None

    @property
    def other_slug(self) -> str | None:
        return OTHER_SLUG if OTHER_SLUG in self.sources else None


_DEFAULT: SourceCatalog | None = None


def load_default_catalog() -> SourceCatalog:
    """The catalog of `sources/data/canonical_sources.json`, loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = SourceCatalog.from_json(DEFAULT_CATALOG_PATH)
    return _DEFAULT
