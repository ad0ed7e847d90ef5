"""A generated archive of news articles (2-4 KB, a few casualty figures each).

    .venv/bin/python bench/archive.py --articles 100 > archive.jsonl

Mostly narrative sentences, with three to six casualty figures per article, each
attributed ("Ukraine's General Staff said", "US officials estimated") and dated.
Deterministic for a seed; every article's text is unique (the ingest deduplicates).
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
from collections.abc import Iterator

NARRATIVE = (
    "Residents of {town} described long queues for bread and water as the power "
    "went out again on {weekday}.",
    "The road to {town} was cratered and lined with burned-out cars, and few "
    "vehicles risked the journey after dark.",
    "Local officials said repairs to the water network would take weeks, and "
    "schools in the district have moved their lessons online.",
    "Diplomats in {capital} met again to discuss a ceasefire, but neither side "
    "appeared ready to make concessions.",
    "Volunteers loaded vans with medicine, blankets and generators at a warehouse "
    "on the edge of {town}.",
    "Analysts said the front line had barely moved in months, with both armies dug "
    "into trenches and relying on drones.",
    "The mayor of {town} urged families with children to leave before winter, "
    "warning that heating could fail.",
    "Satellite images reviewed by journalists showed new fortifications south of "
    "{town}, including anti-tank ditches.",
    "A spokesperson for the regional administration said air raid sirens sounded "
    "for more than six hours overnight.",
    "Farmers near {town} said they could not harvest their fields because of mines "
    "left along the tree lines.",
    "The talks in {capital} were described as constructive, though no date was set "
    "for another round.",
    "Rail services between {town} and the capital resumed on {weekday} after a "
    "pause of several days.",
)
FIGURES = (
    "Ukraine's General Staff said on {date} that {n} Russian soldiers had been "
    "killed in the past day.",
    "US officials estimated that about {n} Russian troops have been killed or "
    "wounded since the invasion began.",
    "The UN human rights office said it had verified the deaths of {n} civilians "
    "in {town} as of {date}.",
    "Russia's Ministry of Defence said its forces destroyed {k} Ukrainian tanks "
    "near {town} on {date}.",
    "At least {k} civilians were killed and {m} wounded in the shelling of {town}, "
    "the regional governor said on {date}.",
    "British intelligence estimated on {date} that more than {n} Russian soldiers "
    "had been wounded.",
    "According to the UN refugee agency, some {n} people have fled {town} since "
    "{date}.",
    "Mediazona said it had confirmed the names of {n} Russian soldiers killed "
    "as of {date}.",
)
WORDS = {
    "town": [
        "Kharkiv",
        "Bakhmut",
        "Avdiivka",
        "Kherson",
        "Zaporizhzhia",
        "Pokrovsk",
        "Kupiansk",
        "Sumy",
        "Chasiv Yar",
        "Toretsk",
        "Vuhledar",
        "Izium",
    ],
    "capital": ["Geneva", "Istanbul", "Riyadh", "Vienna"],
    "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
}
START = datetime.date(2023, 1, 1)


def article(number: int, rng: random.Random) -> dict:
    """One article as the bulk API takes it: text, title, outlet, published date."""
    published = START + datetime.timedelta(days=rng.randrange(900))
    words = {key: rng.choice(values) for key, values in WORDS.items()}
    sentences = [
        rng.choice(NARRATIVE).format(**words) for _ in range(rng.randint(14, 26))
    ]
    for _ in range(rng.randint(3, 6)):
        figure = rng.choice(FIGURES).format(
            date=f"{published:%B} {published.day}",
            n=f"{rng.randrange(1_000, 400_000):,}",
            m=rng.randrange(5, 90),
            k=rng.randrange(2, 60),
            **words,
        )
        sentences.insert(rng.randrange(len(sentences) + 1), figure)
    # A dateline with the article's number keeps every text unique.
    lead = f"{words['town'].upper()}, {published:%B} {published.day} (No. {number}) -"
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return {
        "text": lead + " " + "\n\n".join(paragraphs),
        "title": f"Fighting around {words['town']}, report {number}",
        "outlet": rng.choice(
            ["Reuters", "Associated Press", "BBC", "Kyiv Independent"]
        ),
        "published": published.isoformat(),
    }


def articles(count: int, seed: int = 1) -> Iterator[dict]:
    rng = random.Random(seed)
    for number in range(count):
        yield article(number, rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for item in articles(args.articles, args.seed):
        sys.stdout.write(json.dumps(item) + "\n")


if __name__ == "__main__":
    main()
