"""Sentence splitting alone: syntok's time a document, on the paragraphs kg.corpus.segment gives
it, and, where blingfire is installed (it is not a dependency of kg), blingfire's time and how
many paragraphs it splits otherwise. Figures for a decision about the splitter, never
assertions.

Usage: python bench/segment_bench.py --corpus DIR [--documents 300]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from syntok.segmenter import analyze

from kg.corpus import plan_corpus, read_document
from kg.corpus.segment import paragraphs

Splitter = Callable[[str], list[int]]


def syntok_starts(paragraph: str) -> list[int]:
    """Where each of syntok's sentences begins."""
    return [tokens[0].offset for part in analyze(paragraph) for tokens in part if tokens]


def blingfire_splitter() -> Splitter | None:
    try:
        import blingfire
    except ImportError:
        return None

    def starts(paragraph: str) -> list[int]:
        return [start for start, _ in blingfire.text_to_sentences_and_offsets(paragraph)[1]]

    return starts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--documents", type=int, default=300)
    args = parser.parse_args()
    planned = islice(plan_corpus([args.corpus]), args.documents)  # as kg build finds them
    docs = [read_document(path, doc_id) for path, doc_id, _ in planned if doc_id is not None]
    texts = [
        doc.text[start:end]
        for doc in docs
        for section in doc.sections
        for start, end in paragraphs(doc.text, section.start, section.end)
    ]
    print(f"{len(docs)} documents, {len(texts)} paragraphs, {sum(map(len, texts)):,} characters")
    splitters: dict[str, Splitter | None] = {
        "syntok": syntok_starts,
        "blingfire": blingfire_splitter(),
    }
    reference: list[list[int]] = []
    for name, splitter in splitters.items():
        if splitter is None:
            print(f"{name:<10} not installed")
            continue
        started = time.perf_counter()
        found = [splitter(text) for text in texts]
        seconds = time.perf_counter() - started
        line = f"{name:<10} {seconds * 1000 / len(docs):6.2f} ms a document"
        if reference:
            differ = sum(1 for ours, theirs in zip(reference, found, strict=True) if ours != theirs)
            line += f", {differ} of {len(texts)} paragraphs split otherwise than syntok"
            line += f" ({sum(map(len, found))} sentences against {sum(map(len, reference))})"
        else:
            reference = found
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
