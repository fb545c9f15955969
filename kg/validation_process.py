"""SHACL for a big graph in an interpreter of its own, which writes validation.ttl and .txt.

In the build's process, turbo's one run holds about five times the N-Triples text beside the
store and the dumps, and slices (kg.sliced_validation), faster on their own, spend time in
Python that took turns with the dumps for the interpreter lock. A forked child copied the
build's pages as they were written. A new interpreter (`python -m kg.validation_process`)
shares neither: it reads the staged graph.nt, validates it in slices, writes both reports and
prints its counts as JSON. It is started as a command, not with multiprocessing's spawn, which
would import the caller's main module again (a script without a `__main__` guard would build
twice).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import URIRef

import kg
from kg.oxgraph import OxGraph
from kg.validate import ValidationReport

# Below this many characters of N-Triples, starting an interpreter (about a second) costs more
# than the process saves; the build then validates in a thread of its own process.
SPAWN_AT_CHARS = 50_000_000
REPORT_FILES = ("validation.ttl", "validation.txt")
_STDERR_SHOWN = 4_000  # characters of the child's stderr a failure message quotes (its end)


class ValidationProcess:
    """Validates `ntriples_file` in a new interpreter; result() waits for its report."""

    def __init__(
        self, ntriples_file: Path, namespaces: list[tuple[str, URIRef]], base: str, out_dir: Path
    ) -> None:
        self.out_dir = out_dir
        request = {
            "ntriples_file": str(ntriples_file),
            "prefixes": [[prefix, str(namespace)] for prefix, namespace in namespaces],
            "base": base,
            "out_dir": str(out_dir),
        }
        package_root = str(Path(kg.__file__).resolve().parent.parent)
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (package_root, path)))}
        # files, not pipes: a pipe nobody reads until result() would stop the child once full
        self._stdout = tempfile.TemporaryFile()  # noqa: SIM115 (closed by result or stop)
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            [sys.executable, "-m", "kg.validation_process"],
            stdin=subprocess.PIPE,
            stdout=self._stdout,
            stderr=self._stderr,
            env=env,
        )
        assert self._process.stdin is not None
        with self._process.stdin as stdin:  # a few hundred bytes: the pipe takes them at once
            stdin.write(json.dumps(request).encode("utf-8"))

    def result(self) -> tuple[ValidationReport, float]:
        """The report (its graph read back from validation.ttl, so with the content-hash IRIs
        written there instead of blank nodes) and the child's seconds of validating."""
        self._process.wait()
        stdout, stderr = _read(self._stdout), _read(self._stderr)
        if self._process.returncode != 0:
            told = stderr.decode("utf-8", "replace")[-_STDERR_SHOWN:]
            raise RuntimeError(
                f"SHACL validation failed in its process (exit {self._process.returncode}):\n{told}"
            )
        counts = json.loads(stdout)
        graph = OxGraph.from_file(self.out_dir / "validation.ttl", ox.RdfFormat.TURTLE)
        text = (self.out_dir / "validation.txt").read_text(encoding="utf-8")
        report = ValidationReport(
            counts["conforms"], graph, text, counts["violations"], counts["warnings"]
        )
        return report, counts["seconds"]

    def stop(self) -> None:
        """End the process at once (the build failed or was interrupted)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._stdout.close()
        self._stderr.close()


def _read(file: IO[bytes]) -> bytes:
    file.seek(0)
    data = file.read()
    file.close()
    return data


def main() -> None:
    """Read the request on stdin, write the reports, print the counts as JSON on stdout."""
    from kg.bundle import validation_turtle
    from kg.ntriples import narrow_literals
    from kg.output import write_bytes, write_text
    from kg.validate import validate_ntriples

    request = json.loads(sys.stdin.buffer.read())
    out_dir = Path(request["out_dir"])
    start = time.perf_counter()
    text = narrow_literals(Path(request["ntriples_file"]).read_bytes())  # half the memory
    namespaces = [(prefix, URIRef(namespace)) for prefix, namespace in request["prefixes"]]
    report = validate_ntriples(text, namespaces, sliced=True)
    seconds = time.perf_counter() - start
    del text
    write_bytes(out_dir / "validation.ttl", validation_turtle(report.graph, request["base"]))
    write_text(out_dir / "validation.txt", report.text)
    counts = {
        "conforms": bool(report.conforms),
        "violations": report.violations,
        "warnings": report.warnings,
        "seconds": seconds,
    }
    sys.stdout.write(json.dumps(counts))


if __name__ == "__main__":
    main()
