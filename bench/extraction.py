"""Throughput of the extraction engine (run by hand): characters and claims per second.

    .venv/bin/python bench/extraction.py [--runs 5]

Corpora:

- "seeds repeated": the seed articles repeated to 1 MB.
- "stress": generated from sentence templates written for this benchmark, with a
  casualty figure (or a date, age or amount the engine must skip) in nearly every
  sentence: about eight times the claim density of real articles, the worst case.
- "realistic": the same figure sentences diluted with narrative filler sentences
  (written for this benchmark, most without any number) to the claim density of
  real articles (the seeds have about 1,600 claims per MB).

The generated corpora run at 1 MB and 10 MB; a 10 MB / 1 MB time ratio near 10
shows the cost per character does not grow with the amount of text.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.extraction import extract_claims, load_default_catalog  # noqa: E402

TEMPLATES = (
    "The shelling of {town} killed {n} civilians and wounded {m} others, "
    "the regional governor said.",
    "According to the {side} military, more than {n} enemy soldiers have been "
    "killed since {month} {day}.",
    "{side_cap} forces lost about {n} tanks, {m} armoured vehicles and {k} "
    "helicopters, officials said.",
    "Some {n} people have fled the fighting, the UN refugee agency said on {weekday}.",
    "A {age}-year-old man was among the {k} people detained at the protest in {town}.",
    "The ministry said it had released {n} prisoners in an exchange brokered "
    "by {country}.",
    "Aid worth ${n} million reached {town} in {year}, the report added.",
    "Residents described long queues for bread and water as the power went out again.",
    "Between {m} and {n} fighters are thought to have died in the battle for {town}.",
    "\u201cWe buried {k} of our men yesterday,\u201d said a commander who gave "
    "only his first name.",
    "It is estimated that {n} soldiers have been wounded in {k} months of war.",
    "Nearly {p}% of the {n} troops deployed are now out of action, analysts say.",
)
# Narrative sentences without casualty figures, the bulk of a real article.
FILLER = (
    "Residents of {town} said the nights had become the hardest part of the war.",
    "The {side} delegation arrived in {country} on {weekday} for talks that "
    "diplomats described as cautious.",
    "Shops in the centre of {town} reopened briefly before the sirens sounded again.",
    "Analysts say the front line has barely moved since {month}, despite heavy "
    "fighting.",
    "The governor urged people to stay in shelters and to follow official channels "
    "for updates.",
    "Video shared on social media appeared to show smoke rising over the outskirts "
    "of {town}.",
    "Officials in {country} declined to comment on the reports when contacted.",
    "Volunteers have been delivering food, medicine and generators to villages near "
    "the front.",
    "The talks on {weekday} ended without agreement, and a new round has not been "
    "scheduled.",
    "Teachers in {town} have moved lessons online, and many families have left for "
    "the west.",
    "The claims could not be independently verified.",
    "{side_cap} officials accused the other side of targeting energy infrastructure "
    "ahead of winter.",
    "A spokesman for the mission said its monitors had been denied access to the area.",
    "Engineers worked through the night to restore the water supply to the city.",
    "The session of parliament on {month} {day} was devoted almost entirely to "
    "defence spending.",
    "Human rights groups called for an independent investigation into the strike.",
)
WORDS = {
    "town": ["Kharkiv", "Rafah", "Lashio", "Stepanakert", "Bakhmut", "Khan Younis"],
    "side": ["Ukrainian", "Russian", "Israeli", "Azerbaijani"],
    "country": ["Turkey", "the UAE", "Qatar", "Saudi Arabia"],
    "month": ["January", "March", "July", "October"],
    "weekday": ["Monday", "Wednesday", "Friday", "Sunday"],
}


def generated(size: int, seed: int = 1, figure_share: float = 1.0) -> str:
    """`size` characters of paragraphs; `figure_share` of the sentences come from the
    figure templates, the rest from the filler."""
    rng = random.Random(seed)
    parts, total = [], 0
    while total < size:
        paragraph = []
        for _ in range(rng.randint(2, 5)):
            side = rng.choice(WORDS["side"])
            # (no draw at share 1, so the stress corpus is the one measured before)
            filler = figure_share < 1 and rng.random() >= figure_share
            pool = FILLER if filler else TEMPLATES
            sentence = rng.choice(pool).format(
                town=rng.choice(WORDS["town"]),
                side=side,
                side_cap=side,
                country=rng.choice(WORDS["country"]),
                month=rng.choice(WORDS["month"]),
                weekday=rng.choice(WORDS["weekday"]),
                day=rng.randint(1, 28),
                year=rng.randint(2014, 2024),
                age=rng.randint(18, 80),
                p=rng.randint(2, 40),
                n=f"{rng.randint(100, 90_000):,}",
                m=rng.randint(10, 99),
                k=rng.randint(2, 9),
            )
            paragraph.append(sentence)
        text = " ".join(paragraph) + "\n\n"
        parts.append(text)
        total += len(text)
    return "".join(parts)


def seeds(size: int) -> str:
    text = "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))
    )
    return (text + "\n\n") * (size // (len(text) + 2) + 1)


# The share of figure sentences that gives the seeds' density of claims per MB.
REALISTIC_SHARE = 0.12


def measure(name: str, text: str, runs: int) -> float:
    catalog = load_default_catalog()
    # one document per article-sized chunk, as the service would call it
    chunks = [text[i : i + 5000] for i in range(0, len(text), 5000)]
    times, claims = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        claims = sum(len(extract_claims(chunk, catalog)) for chunk in chunks)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"{name:22} {len(text) / 1e6:6.2f} MB  {median:7.2f} s  "
        f"{len(text) / median / 1e6:6.2f} MB/s  {claims / median:9.0f} claims/s  "
        f"({claims} claims, {claims / (len(text) / 1e6):.0f} per MB)",
        flush=True,
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--runs", type=int, default=5, help="runs per corpus; the median is shown"
    )
    args = parser.parse_args()
    load_default_catalog()
    measure("seeds repeated", seeds(1_000_000), args.runs)
    for label, share in (("realistic", REALISTIC_SHARE), ("stress", 1.0)):
        small = measure(f"{label} 1 MB", generated(1_000_000, 1, share), args.runs)
        large = measure(
            f"{label} 10 MB",
            generated(10_000_000, 1, share),
            max(1, args.runs // 2),
        )
        print(f"{label:22} 10 MB / 1 MB time ratio {large / small:5.2f} (10 = linear)")


if __name__ == "__main__":
    main()
