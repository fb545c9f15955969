"""Entity resolution across documents: one node per real entity, never two merged by guess."""

from __future__ import annotations

from kg.extract import extract
from kg.resolve import resolve


def entities_of(make_doc, *texts: str):
    facts = []
    for index, text in enumerate(texts):
        for items in extract(make_doc(text, f"doc{index}.txt")).values():
            facts.extend(items)
    return resolve(facts).entities


def places_named(entities, core: str):
    return [e for e in entities.values() if e.family == "place" and core in e.label]


def test_same_name_in_two_provinces_stays_two_places(make_doc) -> None:
    entities = entities_of(
        make_doc,
        "Report\n\nThe ministry helped Datong County of Qinghai Province build roads.\n",
        "Report\n\nThe bank lent money to Datong County of Shanxi Province for schools.\n",
    )
    datong = places_named(entities, "Datong County")
    assert len(datong) == 2
    assert {e.parent[1] for e in datong if e.parent} == {
        "https://w3id.org/cn-poverty-kg/ref/place/qinghai",
        "https://w3id.org/cn-poverty-kg/ref/place/shanxi",
    }


def test_a_name_mentioned_in_two_documents_is_one_entity_with_both_mentions(make_doc) -> None:
    entities = entities_of(
        make_doc,
        "Report\n\nThe ministry supported Zhenfeng County of Guizhou Province.\n",
        "News\n\nFarmers in Zhenfeng County harvested tea.\n",
    )
    zhenfeng = places_named(entities, "Zhenfeng County")
    assert len(zhenfeng) == 1
    assert {m.span.doc_id for m in zhenfeng[0].mentions} == {"doc0", "doc1"}


def test_a_ministry_by_name_and_abbreviation_is_one_organization(make_doc) -> None:
    entities = entities_of(
        make_doc,
        "Report\n\nThe Ministry of Industry and Information Technology sent cadres.\n",
        "News\n\nMIIT said broadband reached more villages.\n",
    )
    miit = [
        e for e in entities.values() if e.family == "org" and "Information Technology" in e.label
    ]
    assert len(miit) == 1 and len(miit[0].mentions) == 2
    assert "MIIT" in miit[0].alt_labels
