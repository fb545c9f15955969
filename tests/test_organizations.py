"""Organizations: gazetteer names and abbreviations, patterned names, parents and jurisdictions,
on passages written in the genre with names that are not in the seeds."""

from __future__ import annotations

from kg.extract.organizations import extract_organizations
from kg.model import Organization

WATER = (
    "Poverty Alleviation of Ministry of Water Resources\n\n"
    "【Overview】In 2012, the Department of Rural Water Resources and the Poverty Alleviation "
    "Office of the Ministry of Water Resources coordinated with the Jiangxi Provincial "
    "Department of Water Resources. The Leading Group of the ministry met twice. China Three "
    "Gorges Corporation donated funds through the China Foundation for Poverty Alleviation, "
    "and the Asian Development Bank and MOF reviewed the loans. Relevant departments and local "
    "governments at all levels supported the work. Wang Li, Director of the Finance Department "
    "of the Ministry of Agriculture, attended.\n\n"
    "【Education】Jiangxi Agricultural University, Nanchang University and Jiujiang College "
    "trained cadres; the CPC Jiangxi Provincial Committee and Jiangxi Provincial People’s "
    "Government praised them.\n"
)


def orgs(make_doc) -> dict[str, Organization]:
    return {o.org.name: o for o in extract_organizations(make_doc(WATER))}


def test_gazetteer_names_and_abbreviations(make_doc) -> None:
    found = orgs(make_doc)
    assert found["Ministry of Water Resources"].org.kind == "Ministry"
    assert found["Ministry of Finance"].mention.span.quote == "MOF"
    assert found["Asian Development Bank"].org.kind == "InternationalOrganization"
    assert found["China Foundation for Poverty Alleviation"].org.kind == "Foundation"


def test_sub_units_belong_to_the_body_named_or_to_the_reporting_ministry(make_doc) -> None:
    found = orgs(make_doc)
    office = found["Poverty Alleviation Office"].org
    assert office.kind == "Office" and office.parent is not None
    assert office.parent.name == "Ministry of Water Resources"
    department = found["Department of Rural Water Resources"].org
    assert department.parent is not None and department.parent.name == "Ministry of Water Resources"
    assert found["Leading Group"].org.kind == "LeadingGroup"
    finance = found["Finance Department"].org
    assert finance.parent is not None and finance.parent.name == "Ministry of Agriculture"


def test_provincial_bodies_get_their_jurisdiction_not_the_ministry(make_doc) -> None:
    found = orgs(make_doc)
    department = found["Jiangxi Provincial Department of Water Resources"].org
    assert department.parent is None
    assert department.jurisdiction is not None and "Jiangxi" in department.jurisdiction.name
    government = found["Jiangxi Provincial People’s Government"].org
    assert government.kind == "GovernmentBody"
    committee = found["CPC Jiangxi Provincial Committee"].org
    assert committee.kind == "PartyOrganization"


def test_coordinated_names_stay_apart(make_doc) -> None:
    found = orgs(make_doc)
    assert found["Jiangxi Agricultural University"].org.kind == "EducationalInstitution"
    assert "Nanchang University" in found
    assert "Jiujiang College" in found
    assert found["China Three Gorges Corporation"].org.kind == "Enterprise"


def test_generic_phrases_are_not_organizations(make_doc) -> None:
    names = set(orgs(make_doc))
    assert not any(name.lower().startswith(("relevant", "local")) for name in names)
    assert "Department" not in names and "Office" not in names
    assert not any(name.startswith(("Wang Li", "Director")) for name in names)


def test_same_short_name_in_different_bodies_is_kept_apart(make_doc) -> None:
    doc = make_doc(
        "Poverty Alleviation of Ministry of Commerce\n\n"
        "【Overview】The Poverty Alleviation Office of the Ministry of Commerce met the Gansu "
        "Provincial Poverty Alleviation Office.\n"
    )
    found = {o.org.name: o.org for o in extract_organizations(doc)}
    ministry_office = found["Poverty Alleviation Office"]
    provincial = found["Gansu Provincial Poverty Alleviation Office"]
    assert ministry_office.parent is not None
    assert ministry_office.parent.name == "Ministry of Commerce"
    assert provincial.parent is None and provincial.jurisdiction is not None


def test_prefecture_level_bodies_get_their_jurisdiction(make_doc) -> None:
    doc = make_doc(
        "Poverty Alleviation in Qinghai Province\n\n【Relocation】In 2016, the People's "
        "Government of Hainan Tibetan Autonomous Prefecture moved 3,000 people. The Yushu "
        "Prefecture Poverty Alleviation Office trained 500 cadres, and the Aohan Banner Civil "
        "Affairs Bureau helped 40 families.\n"
    )
    found = {o.org.name: o.org for o in extract_organizations(doc)}
    jurisdictions = {name: org.jurisdiction.name for name, org in found.items() if org.jurisdiction}
    assert jurisdictions.get("People's Government") == "Hainan Tibetan Autonomous Prefecture"
    assert jurisdictions.get("Yushu Prefecture Poverty Alleviation Office") == "Yushu Prefecture"
    assert jurisdictions.get("Aohan Banner Civil Affairs Bureau") == "Aohan Banner"


def test_a_department_of_the_report_s_body_has_that_body_as_named_in_the_text(make_doc) -> None:
    from kg.extract import extract
    from kg.resolve import resolve

    text = (
        "Fixed-point Assistance of China Minmetals Corporation of China\n\n"
        "【Overview】China Minmetals Corporation of China helps Fengxian County. Its Department "
        "of Corporate Culture ran the programme.\n"
    )
    found = extract(make_doc(text))
    facts = [f for items in found.values() for f in items]
    (department,) = [f for f in facts if isinstance(f, Organization) and f.org.kind == "Department"]
    resolution = resolve(facts)
    entity = resolution.entities[resolution.key_of(department.org)]
    assert entity.parent is not None and entity.parent in resolution.entities
