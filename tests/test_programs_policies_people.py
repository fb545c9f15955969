"""Programs, policy documents and people, on passages written in the genre with unseen names."""

from __future__ import annotations

from kg.extract import extract
from kg.extract.people import extract_people
from kg.extract.policies import extract_policies
from kg.extract.programs import extract_programs

GANSU = (
    "Poverty Alleviation of Ministry of Commerce\n\n"
    "【Overview】In 2013, Minister Gao Hucheng attended the meeting. Vice Minister Fang Aiqing "
    "and Liu Jun, Director of the Department of Market System Development of the Ministry of "
    "Commerce, visited Gansu. Secretary of Gansu Provincial Party Committee Wang Sanyun said "
    "that the Rain and Dew Plan and the whole village advancement had worked. Wang Sanyun also "
    "praised the Spring Bud Project and the new rural endowment insurance.\n\n"
    "【Policy】The ministry implemented the “Opinions of the General Office of the State Council "
    "on Further Promoting the Development of Rural Commerce” (Guo Ban Fa [2012] No. 45) "
    "(hereinafter referred to as the No. 45 Document of the General Office of the State Council). "
    "The No. 45 Document of the General Office of the State Council set targets. Comrade Zhao "
    "Min \u2013 a poverty alleviation cadre was praised. The students realized their university "
    "dream. The Exhibition on Rural Commerce Achievements was held.\n"
)


def test_programs_by_reference_name_alias_and_pattern(make_doc) -> None:
    programs = extract_programs(make_doc(GANSU))
    names = {p.program.name for p in programs}
    assert {"Rain Plan", "Entire Village Advancement", "New Rural Endowment Insurance"} <= names
    assert "Spring Bud Project" in names
    rain = next(p for p in programs if p.program.name == "Rain Plan")
    assert rain.mention.span.quote == "Rain and Dew Plan" and rain.program.ref is not None


def test_everyday_phrases_events_and_awards_are_not_programs(make_doc) -> None:
    names = {p.program.name for p in extract_programs(make_doc(GANSU))}
    assert "University Dream Action" not in names  # "realized their university dream"
    assert not any("Exhibition" in name for name in names)


def test_policy_with_title_number_and_short_form_is_one_document(make_doc) -> None:
    policies = extract_policies(make_doc(GANSU))
    full = policies[0]
    assert full.title.startswith("Opinions of the General Office of the State Council on Further")
    assert full.number == "Guo Ban Fa [2012] No. 45"
    assert full.year == 2012
    assert full.issuer is not None and full.issuer.name == "General Office of the State Council"
    assert "No. 45 Document of the General Office of the State Council" in full.aliases
    # The later short form is its own mention of the same issuer and serial number.
    short = policies[1]
    assert (short.serial, short.issuer) == ("45", full.issuer)


def test_people_with_posts_and_organizations(make_doc) -> None:
    people = {}
    for person in extract_people(make_doc(GANSU)):
        people.setdefault(person.name, person)
    assert people["Gao Hucheng"].post == "Minister"
    assert people["Gao Hucheng"].org is not None
    assert people["Gao Hucheng"].org.name == "Ministry of Commerce"  # the reporting ministry
    assert people["Fang Aiqing"].post == "Vice Minister"
    liu = people["Liu Jun"]
    assert liu.post == "Director" and liu.org is not None
    assert liu.org.name == "Department of Market System Development"
    assert liu.org.parent is not None and liu.org.parent.name == "Ministry of Commerce"
    wang = people["Wang Sanyun"]
    assert wang.post == "Secretary" and wang.org is not None
    assert wang.org.name == "Gansu Provincial Party Committee"
    assert people["Zhao Min"].post == "poverty alleviation cadre"


def test_a_marked_name_is_found_again_when_bare_and_unmarked_names_are_not_people(
    make_doc,
) -> None:
    people = extract_people(make_doc(GANSU))
    wang = [p for p in people if p.name == "Wang Sanyun"]
    assert [p.mention.rule for p in wang] == ["person.post-before", "person.repeated"]
    doc = make_doc("Report\n\nHua County and Song County grew. He Said was not a name.\n")
    assert extract_people(doc) == []


def test_all_extractors_share_one_pass(make_doc) -> None:
    facts = extract(make_doc(GANSU))
    assert {"places", "organizations", "programs", "policies", "people"} <= set(facts)
    assert all(facts[name] for name in ("organizations", "programs", "policies", "people"))


def test_a_post_in_lower_case_after_a_name_and_its_comma(make_doc) -> None:
    doc = make_doc(
        "Report\n\nThe meeting was chaired by Zhao Lei, vice governor of Gansu Province, and "
        "attended by Sun Tao, director of the Gansu Provincial Poverty Alleviation Office.\n"
    )
    people = {p.name: p for p in extract_people(doc)}
    assert people["Zhao Lei"].post == "vice governor"
    assert people["Sun Tao"].post == "director"
    assert people["Sun Tao"].org is not None


def test_one_role_spelt_two_ways_has_one_label_whatever_the_order(tmp_path) -> None:
    from rdflib import RDFS, Graph, URIRef

    from kg.pipeline import build

    texts = {
        "a.txt": "Report A\n\nThe plan was drafted by Zhou Qiang, deputy director of the office.\n",
        "b.txt": "Report B\n\nThe plan was signed by Deputy Director Wu Bin in 2012.\n",
    }
    labels = []
    for order in (["a.txt", "b.txt"], ["b.txt", "a.txt"]):
        folder = tmp_path / "-".join(order)
        folder.mkdir()
        paths = []
        for name in order:
            (folder / name).write_text(texts[name], encoding="utf-8")
            paths.append(folder / name)
        result = build(paths, folder / "out", use_cache=False)
        assert result.report.conforms, result.report.text
        graph = Graph().parse(folder / "out" / "graph.ttl")
        role = URIRef("https://w3id.org/cn-poverty-kg/id/role/deputy-director")
        labels.append(sorted(str(label) for label in graph.objects(role, RDFS.label)))
    assert labels == [["Deputy Director"], ["Deputy Director"]]


def test_company_posts_and_a_village_first_secretary(make_doc) -> None:
    doc = make_doc(
        "Report\n\nGeneral Manager Zhao Gang visited the county in 2017. In 2018, Qian Bo was "
        "appointed first secretary of Dagou Village.\n"
    )
    people = {p.name: p for p in extract_people(doc)}
    assert people["Zhao Gang"].post == "General Manager"
    assert people["Qian Bo"].post == "first secretary"


def test_one_person_with_one_post_spelt_two_ways_conforms(tmp_path) -> None:
    from kg.pipeline import build

    (tmp_path / "a.txt").write_text(
        "Report\n\nZhao Lei, Vice Governor of Gansu Province, visited Linxia County. Later, "
        "Zhao Lei, vice governor of Gansu Province, inspected Dingxi City.\n",
        encoding="utf-8",
    )
    result = build([tmp_path / "a.txt"], tmp_path / "out", use_cache=False)
    assert result.report.conforms, result.report.text


def test_a_post_after_an_article_or_became(make_doc) -> None:
    from kg.extract.people import extract_people

    text = (
        "Report\n\nThe bureau sent four cadres to Lanping County; Fang Yulin, a section chief "
        "of the bureau, led them. Tang Meiyun became first secretary of Maoping Village.\n"
    )
    found = {(p.name, p.post, p.mention.rule) for p in extract_people(make_doc(text))}
    assert found == {
        ("Fang Yulin", "section chief", "person.post-after"),
        ("Tang Meiyun", "first secretary", "person.appointed"),
    }
