"""Graphs in the shape `kg build` makes, for tests, the benchmark and the README's screenshots.

`funding_sample()` is small and hand-made, so its figures can be checked by hand (see the tests);
`synthetic_graph(n)` scales to any number of entities with the same classes, facts and provenance.
"""

from __future__ import annotations

import random
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV

from kg.vocab import KG, QB, SCHEMA

ID = Namespace("https://w3id.org/cn-poverty-kg/id/")
_FAMILY = {"place": SCHEMA.AdministrativeArea, "org": ORG.Organization}


class _Builder:
    def __init__(self) -> None:
        self.g = Graph()
        for prefix, ns in (("kg", KG), ("schema", SCHEMA), ("org", ORG), ("prov", PROV)):
            self.g.bind(prefix, ns)
        self.mentions = 0

    def document(self, key: str, title: str) -> URIRef:
        doc = ID[f"document/{key}"]
        self.g.add((doc, RDF.type, KG.SourceDocument))
        self.g.add((doc, DCTERMS.title, Literal(title)))
        self.g.add((doc, KG.fileName, Literal(f"{key}.txt")))
        return doc

    def cite(self, node: URIRef, doc: URIRef, quote: str, sentence: str) -> None:
        """A mention of `node` in `doc`, inside `sentence` (offsets are made up but consistent)."""
        g, n = self.g, self.mentions
        self.mentions += 1
        start = n * 1000
        sent = URIRef(f"{doc}/sentence/{start}-{start + len(sentence)}")
        mention = URIRef(f"{doc}/mention/{start}-{start + len(quote)}")
        g.add((sent, RDF.type, KG.Sentence))
        g.add((sent, KG.document, doc))
        g.add((sent, KG.quote, Literal(sentence)))
        g.add((mention, RDF.type, KG.Mention))
        g.add((mention, KG.document, doc))
        g.add((mention, KG.quote, Literal(quote)))
        g.add((mention, KG.rule, Literal("sample")))
        g.add((mention, KG.inSentence, sent))
        g.add((node, PROV.wasDerivedFrom, mention))

    def entity(self, path: str, cls: URIRef, label: str, parent: URIRef | None = None) -> URIRef:
        node = ID[path]
        family = {"place": "place", "org": "org"}.get(path.split("/")[0])
        self.g.add((node, RDF.type, cls))
        if family:
            self.g.add((node, RDF.type, _FAMILY[family]))
        self.g.add((node, RDFS.label, Literal(label)))
        if parent is not None:
            prop = SCHEMA.containedInPlace if family == "place" else ORG.subOrganizationOf
            self.g.add((node, prop, parent))
        return node

    def flow(self, key: str, amount: str | None, **roles: object) -> URIRef:
        node = ID[f"flow/{key}"]
        g = self.g
        g.add((node, RDF.type, KG.FundingFlow))
        if amount is not None:
            money = ID[f"flow/{key}/amount"]
            g.add((money, RDF.type, SCHEMA.MonetaryAmount))
            g.add((money, SCHEMA.value, Literal(Decimal(amount), datatype=XSD.decimal)))
            g.add((money, SCHEMA.currency, Literal("CNY")))
            g.add((node, KG.amount, money))
        for name in ("funder", "recipient", "program", "partOf"):
            if roles.get(name) is not None:
                g.add((node, KG[name], roles[name]))  # type: ignore[arg-type]
        if roles.get("year"):
            g.add((node, KG.year, Literal(str(roles["year"]), datatype=XSD.gYear)))
        roles.setdefault("flowKind", "allocation")  # as every flow kg extracts has a kind
        for name in ("qualifier", "flowKind"):
            if roles.get(name):
                g.add((node, KG[name], Literal(roles[name])))
        return node


def funding_sample(hostile: str | None = None) -> Graph:
    """Eight funding flows among Anhui places, two ministries and Shanghai, plus a cadre
    assignment, counterpart support and a statistic. `hostile` replaces one organization's label
    and one quote, to test escaping."""
    b = _Builder()
    anhui_doc = b.document("anhui-2011", "Poverty Alleviation in Anhui Province, 2011")
    mof_doc = b.document("mof-2012", "Ministry of Finance: Work Report 2012")
    china = b.entity("place/china", KG.Country, "China")
    anhui = b.entity("place/anhui-province", KG.Province, "Anhui Province", china)
    huoshan = b.entity("place/huoshan-county", KG.County, "Huoshan County", anhui)
    jinzhai = b.entity("place/jinzhai-county", KG.County, "Jinzhai County", anhui)
    shanghai = b.entity("place/shanghai", KG.Municipality, "Shanghai", china)
    council = b.entity("org/state-council", KG.GovernmentBody, "State Council")
    mof = b.entity("org/ministry-of-finance", KG.Ministry, "Ministry of Finance", council)
    office_label = hostile or "Anhui Provincial Poverty Alleviation Office"
    office = b.entity("org/anhui-office", KG.Office, office_label)
    b.g.add((office, KG.jurisdiction, anhui))
    rain = b.entity("program/rain-plan", KG.Program, "Rain Plan")
    village = b.entity("program/entire-village", KG.Program, "Entire Village Advancement")
    s_huoshan = (
        "In 2011 Huoshan County invested 4.418 billion Yuan in poverty alleviation, of which"
        " 1.029 billion Yuan came from the central government."
    )
    flows = {
        "huoshan-total": ("4418000000", dict(recipient=huoshan, program=village, year=2011)),
        "huoshan-central": ("1029000000", dict(funder=mof, recipient=huoshan, year=2011)),
        "mof-anhui": ("10000000000", dict(funder=mof, recipient=anhui, program=rain, year=2011)),
        "mof-anhui-share": (
            "2000000000",
            dict(funder=mof, recipient=anhui, program=rain, year=2011),
        ),
        "anhui-jinzhai": (
            "350000000",
            dict(funder=anhui, recipient=jinzhai, program=rain, year=2011, qualifier="moreThan"),
        ),
        "anhui-huoshan": (
            "120000000",
            dict(funder=anhui, recipient=huoshan, program=village, year=2012),
        ),
        "shanghai-jinzhai": ("50000000", dict(funder=shanghai, recipient=jinzhai, year=2012)),
        "jinzhai-pension": (
            "55",
            dict(funder=anhui, recipient=jinzhai, year=2012, flowKind="rate"),
        ),
        "rain-plan-2012": ("300000000", dict(program=rain, year=2012)),
    }
    nodes = {key: b.flow(key, amount, **roles) for key, (amount, roles) in flows.items()}
    b.g.add((nodes["huoshan-central"], KG.partOf, nodes["huoshan-total"]))
    b.g.add((nodes["mof-anhui-share"], KG.partOf, nodes["mof-anhui"]))
    for key in ("huoshan-total", "huoshan-central"):
        b.cite(nodes[key], anhui_doc, "4.418 billion Yuan", s_huoshan)
    b.cite(huoshan, anhui_doc, "Huoshan County", s_huoshan)
    b.cite(mof, anhui_doc, "central government", s_huoshan)
    for key, node in nodes.items():
        if key not in ("huoshan-total", "huoshan-central"):
            b.cite(node, mof_doc, key, f"The ministry reports the {key} flow.")
    for node in (anhui, jinzhai, shanghai, china, council, rain, village):
        b.cite(node, mof_doc, "name", "Names as the ministry report writes them.")
    b.cite(mof, mof_doc, "Ministry of Finance", "The Ministry of Finance allocated funds.")
    b.cite(office, anhui_doc, office_label, hostile or "The office reported to the province.")
    cadres = ID["cadres/mof-2010"]
    b.g.add((cadres, RDF.type, KG.CadreAssignment))
    b.g.add((cadres, KG.sendingOrganization, mof))
    b.g.add((cadres, KG.hostPlace, huoshan))
    b.g.add((cadres, KG.hostPlace, jinzhai))
    b.g.add((cadres, KG.cadreCount, Literal(6)))
    b.g.add((cadres, KG.startYear, Literal("2010", datatype=XSD.gYear)))
    b.cite(cadres, mof_doc, "six cadres", "The ministry sent six cadres to Huoshan and Jinzhai.")
    support = ID["support/shanghai-jinzhai"]
    b.g.add((support, RDF.type, KG.CounterpartSupport))
    b.g.add((support, KG.supporter, shanghai))
    b.g.add((support, KG.supportedPlace, jinzhai))
    b.g.add((support, KG.year, Literal("2012", datatype=XSD.gYear)))
    b.cite(support, mof_doc, "counterpart", "Shanghai gave counterpart support to Jinzhai County.")
    stat = ID["statistic/huoshan-incidence-2011"]
    b.g.add((stat, RDF.type, QB.Observation))
    b.g.add((stat, KG.subject, huoshan))
    b.g.add((stat, KG.indicator, Literal("poverty incidence")))
    b.g.add((stat, KG.value, Literal(Decimal("12.5"), datatype=XSD.decimal)))
    b.g.add((stat, KG.unit, Literal("percent")))
    b.g.add((stat, KG.year, Literal("2011", datatype=XSD.gYear)))
    b.cite(stat, anhui_doc, "12.5%", "Poverty incidence in Huoshan County fell to 12.5% in 2011.")
    return b.g


def synthetic_graph(entities: int, seed: int = 7) -> Graph:
    """About `entities` places, organizations and programs with funding flows (half as many),
    cadre assignments, counterpart support and statistics, each cited in one of many documents."""
    rnd = random.Random(seed)
    b = _Builder()
    docs = [
        b.document(f"doc-{i:04d}", f"Synthetic report {i}") for i in range(max(2, entities // 50))
    ]
    provinces = [
        b.entity(f"place/province-{i}", KG.Province, f"Province {i}")
        for i in range(max(2, min(34, entities // 30)))
    ]
    programs = [
        b.entity(f"program/program-{i}", KG.Program, f"Program {i}")
        for i in range(max(2, min(40, entities // 50)))
    ]
    ministries = [
        b.entity(f"org/ministry-{i}", KG.Ministry, f"Ministry {i}")
        for i in range(max(2, min(30, entities // 40)))
    ]
    places, orgs = list(provinces), list(ministries)
    while len(places) + len(orgs) + len(programs) < entities:
        i = len(places) + len(orgs)
        if rnd.random() < 0.7:
            parent = rnd.choice(places[: max(len(provinces), len(places) // 3)])
            places.append(b.entity(f"place/county-{i}", KG.County, f"County {i}", parent))
        else:
            org = b.entity(f"org/office-{i}", KG.Office, f"Office {i}", rnd.choice(ministries))
            b.g.add((org, KG.jurisdiction, rnd.choice(places)))
            orgs.append(org)
    for node in places + orgs + programs:
        b.cite(node, rnd.choice(docs), "name", f"A sentence naming {node.rsplit('/', 1)[-1]}.")
    for i in range(entities // 2):
        funder = rnd.choice(ministries + provinces) if rnd.random() < 0.8 else rnd.choice(orgs)
        roles = dict(
            funder=funder if rnd.random() > 0.03 else None,
            recipient=rnd.choice(places),
            program=rnd.choice(programs) if rnd.random() < 0.7 else None,
            year=rnd.randint(2005, 2015),
        )
        amount = str(rnd.randint(1, 9999) * 10 ** rnd.randint(3, 7))
        b.cite(b.flow(f"f{i}", amount, **roles), rnd.choice(docs), "Yuan", f"Flow {i} sentence.")
    for i in range(entities // 20):
        node = ID[f"cadres/c{i}"]
        b.g.add((node, RDF.type, KG.CadreAssignment))
        b.g.add((node, KG.sendingOrganization, rnd.choice(orgs)))
        b.g.add((node, KG.hostPlace, rnd.choice(places)))
        b.g.add((node, KG.cadreCount, Literal(rnd.randint(1, 12))))
        b.cite(node, rnd.choice(docs), "cadres", f"Cadre assignment {i}.")
    return b.g
