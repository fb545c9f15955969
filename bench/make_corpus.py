"""Generate a corpus in the seeds' genre for benchmarks: `python bench/make_corpus.py --count 1000`.

Documents are provincial yearbook chapters, ministry chapters (【heading】 sections) and news
items, built from the sentence templates of bench/corpus_templates.json with real names: provinces
and ministries from ontology/reference-*.ttl, counties and cities from kg/data/divisions.tsv,
surnames from kg/data/people.json, document-number prefixes from kg/data/policy_documents.json.
Every extractor has work: places, organizations, programs, policies, people, funding flows with
"of which" breakdowns (a few deliberately inconsistent, as sources are), cadres, counterpart
support, statistics; some files carry a Chinese site footer, some are HTML.

The same --seed and --count give the same files, byte for byte. Generated corpora are never
committed; the default folder is under /tmp.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Namespace

ROOT = Path(__file__).resolve().parent.parent
KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")
TEMPLATES = Path(__file__).with_name("corpus_templates.json")
NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
FOOTER = (
    "\n\n扫描下载手机客户端\n\n地址:北京朝阳区太阳宫北街1号 邮编100028\n\n"
    "版权所有©中国国际扶贫中心 未经许可不得复制 京ICP备2020039194号-2"
)
HTML_SHARE = 0.05
FOOTER_SHARE = 0.3
INCONSISTENT_SHARE = 0.08


@dataclass(frozen=True)
class Province:
    label: str  # "Henan Province"
    short: str  # "Henan"
    counties: tuple[str, ...]  # "Luanchuan County", ...
    cities: tuple[str, ...]  # "Luoyang City", ...


@dataclass(frozen=True)
class Names:
    """The real names documents are made of."""

    provinces: tuple[Province, ...]
    ministries: tuple[str, ...]
    organizations: tuple[str, ...]
    programs: tuple[str, ...]
    surnames: tuple[str, ...]
    syllables: tuple[str, ...]
    doc_prefixes: tuple[str, ...]


def load_names(root: Path = ROOT) -> Names:
    """Names from the ontology's reference data and kg/data (so they are real)."""
    graph = Graph()
    for name in ("places", "organizations", "programs"):
        graph.parse(root / "ontology" / f"reference-{name}.ttl", format="turtle")
    divisions = _divisions(root / "kg" / "data" / "divisions.tsv")
    provinces = []
    for node in sorted(graph.subjects(RDF.type, KG.Province)):
        code, short = graph.value(node, KG.divisionCode), graph.value(node, KG.shortName)
        counties = divisions.get((str(code)[:2], "county"), [])
        cities = divisions.get((str(code)[:2], "prefecture"), [])
        if counties and cities:
            label = str(graph.value(node, RDFS.label))
            provinces.append(Province(label, str(short), tuple(counties), tuple(cities)))

    def labels(kind: str) -> list[str]:
        return sorted(str(graph.value(n, RDFS.label)) for n in graph.subjects(RDF.type, KG[kind]))

    others = [*labels("Foundation"), *labels("Enterprise"), *labels("Association")]
    data = root / "kg" / "data"
    syllables = [
        line.strip()
        for line in (data / "pinyin_syllables.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and len(line.strip()) > 1
    ]
    policy = json.loads((data / "policy_documents.json").read_text(encoding="utf-8"))
    people = json.loads((data / "people.json").read_text(encoding="utf-8"))
    return Names(
        provinces=tuple(provinces),
        ministries=tuple(labels("Ministry")),
        organizations=tuple(others),
        programs=tuple(labels("Program")),
        surnames=tuple(people["surnames"]),
        syllables=tuple(syllables),
        doc_prefixes=tuple(sorted(policy["issuer_codes"])),
    )


def _divisions(path: Path) -> dict[tuple[str, str], list[str]]:
    """(province code prefix, level) -> "Pinyin County" / "Pinyin City" names."""
    found: dict[tuple[str, str], list[str]] = {}
    with path.open(encoding="utf-8") as file:
        rows = csv.DictReader((line for line in file if not line.startswith("#")), delimiter="\t")
        for row in rows:
            wanted = {"county": "County", "prefecture": "City"}.get(row["level"])
            if wanted and row["designator"] == wanted and "'" not in row["pinyin"]:
                name = f"{row['pinyin']} {wanted}"
                found.setdefault((row["code"][:2], row["level"]), []).append(name)
    return found


def yuan(units: int) -> str:
    """An amount given in units of 10,000 Yuan as reports write it: "4.418 billion"."""
    value = units * 10_000
    if value >= 10**9:
        return f"{value / 10**9:.5f}".rstrip("0").rstrip(".") + " billion"
    return f"{value / 10**6:.2f}".rstrip("0").rstrip(".") + " million"


class DocumentMaker:
    """Fills templates for one document; every random choice comes from one seeded Random."""

    def __init__(self, names: Names, templates: dict, rng: random.Random) -> None:
        self.names, self.templates, self.rng = names, templates, rng
        self.year = rng.randint(2001, 2020)
        self.province, self.province2 = rng.sample(names.provinces, 2)
        self.ministry = rng.choice(names.ministries)
        self.people = [self._person() for _ in range(3)]

    def _person(self) -> str:
        given = "".join(
            self.rng.choice(self.names.syllables) for _ in range(self.rng.randint(1, 2))
        )
        return f"{self.rng.choice(self.names.surnames)} {given.capitalize()}"

    def _count(self, low: int = 100, high: int = 400_000) -> str:
        value = self.rng.randint(low, high)
        return f"{value:,}" if self.rng.random() < 0.5 else str(value)

    def slots(self) -> dict[str, str]:
        """Values for every slot a template may use (drawn afresh for each sentence)."""
        rng, names, prov = self.rng, self.names, self.province
        counties = rng.sample(prov.counties, min(3, len(prov.counties)))
        parts = [rng.randint(500, 60_000) for _ in range(4)]
        total = sum(parts)
        if rng.random() < INCONSISTENT_SHARE:
            total = int(total * rng.choice((0.9, 1.07)))
        cadres = rng.randint(2, 10)
        group1 = rng.randint(1, cadres - 1)
        year = self.year + rng.choice((0, 0, 0, 1))
        listed = rng.sample(prov.counties, min(3, len(prov.counties)))
        county_list = ", ".join(c.removesuffix(" County") for c in listed[:-1])
        return {
            "year": str(year),
            "prev_year": str(year - 1),
            "month": rng.choice(self.templates["months"]),
            "province": prov.label,
            "province_short": prov.short,
            "province2": self.province2.label,
            "county": counties[0],
            "county2": counties[-1 if len(counties) < 2 else 1],
            "county3": rng.choice(self.province2.counties),
            "county_list": f"{county_list} and {listed[-1]}",
            "city": rng.choice(prov.cities),
            "town": self._person().split()[1] + " Town",
            "ministry": self.ministry,
            "ministry_short": self.ministry.removeprefix("Ministry of "),
            "org": rng.choice(names.organizations),
            "program": rng.choice(names.programs),
            "person": self.people[0],
            "person2": rng.choice(self.people[1:]),
            "post": rng.choice(self.templates["posts"]),
            "department": rng.choice(self.templates["departments"]),
            "role": rng.choice(self.templates["roles"]),
            "fund_name": rng.choice(self.templates["fund_names"]),
            "doc_number": f"{rng.choice(names.doc_prefixes)} [{year}] No. {rng.randint(1, 60)}",
            "total": yuan(total),
            **{f"part{i + 1}": yuan(part) for i, part in enumerate(parts)},
            "amount": yuan(rng.randint(50, 90_000)),
            "amount2": yuan(rng.randint(50, 300_000)),
            "millions": f"{rng.randint(100, 9_000) / 1000:g}",
            "millions2": f"{rng.randint(100, 40_000) / 1000:g}",
            "pct": f"{rng.randint(10, 999) / 10:g}",
            "count": self._count(),
            "count2": self._count(),
            "n_small": str(rng.randint(2, 60)),
            "n_small2": str(rng.randint(2, 400)),
            "n_small3": str(rng.randint(2, 90)),
            "cadres_word": NUMBER_WORDS[cadres - 1],
            "group1_word": NUMBER_WORDS[group1 - 1],
            "group2_word": NUMBER_WORDS[cadres - group1 - 1],
        }

    def sentences(self, topic: str, low: int, high: int) -> str:
        pool = self.templates["topics"][topic]
        fillers = self.templates["topics"]["filler"]
        wanted = self.rng.randint(low, high)  # distinct templates first, repeats only beyond
        chosen = self.rng.sample(pool, min(wanted, len(pool)))
        chosen += self.rng.choices(pool, k=wanted - len(chosen))
        chosen += self.rng.sample(fillers, self.rng.randint(1, 3))
        self.rng.shuffle(chosen)
        return " ".join(template.format(**self.slots()) for template in chosen)

    def document(self, genre: str) -> tuple[str, list[str]]:
        """The title and the paragraphs of one document."""
        spec = self.templates["genres"][genre]
        title = spec["title"].format(**self.slots())
        paragraphs = []
        for heading, topic, low, high in spec["sections"]:
            body = self.sentences(topic, low, high)
            if heading is None:
                paragraphs.append(body)
            else:
                paragraphs.append(f"【{heading.format(**self.slots())}】{body}")
        return title, paragraphs


def render_text(genre: str, title: str, paragraphs: list[str], rng: random.Random) -> str:
    if genre == "news":
        stamp = f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(2012, 2021)}, 3:42:56 AM"
        body = "\n\n".join(f"  {p}" for p in paragraphs)
        return f"Teller Report\n\n{title}\n\n{stamp}\n\n  China News Service, {body}\n"
    text = f"{title}\n\n" + "\n\n".join(f"      {p}" for p in paragraphs)
    return text + (FOOTER if rng.random() < FOOTER_SHARE else "") + "\n"


def render_html(title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"</head>\n<body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n"
    )


def make_corpus(out: Path, count: int, seed: int = 0, names: Names | None = None) -> list[Path]:
    """Write `count` documents into `out` (emptied first); returns their paths in order."""
    names = names or load_names()
    templates = json.loads(TEMPLATES.read_text(encoding="utf-8"))
    genres = list(templates["genres"])
    shares = [templates["genres"][g]["share"] for g in genres]
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    paths = []
    for index in range(count):
        rng = random.Random(f"{seed}-{index}")  # each document on its own: stable under --count
        genre = rng.choices(genres, shares)[0]
        title, paragraphs = DocumentMaker(names, templates, rng).document(genre)
        as_html = genre != "news" and rng.random() < HTML_SHARE
        text = (
            render_html(title, paragraphs)
            if as_html
            else render_text(genre, title, paragraphs, rng)
        )
        digest = hashlib.sha256(f"{seed}-{index}".encode()).hexdigest()[:16]
        path = out / f"{index:05d}_{digest}.{'html' if as_html else 'txt'}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100, help="documents (e.g. 100, 1000, 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="folder (default /tmp/kg-corpus-COUNT-SEED)")
    args = parser.parse_args(argv)
    out = args.out or Path(f"/tmp/kg-corpus-{args.count}-{args.seed}")
    paths = make_corpus(out, args.count, args.seed)
    size = sum(path.stat().st_size for path in paths)
    print(f"{len(paths)} documents, {size / 2**20:.1f} MB, in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
