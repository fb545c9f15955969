"""kg: a citable knowledge graph of China's poverty-alleviation record, from English reports."""

__version__ = "0.1.0"
# minted IRIs' base unless --base says otherwise; here, not in kg.graph, so that `kg build` can
# name it before it loads rdflib (kg.up_to_date's fingerprint)
DEFAULT_BASE = "https://w3id.org/cn-poverty-kg/id/"
