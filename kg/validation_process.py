"""SHACL for a big graph in an interpreter of its own, which also writes graph.ttl.

In the build's process, turbo's one run holds about five times the N-Triples text beside the
store and the dumps, and slices (kg.sliced_validation), faster on their own, spend time in
Python that took turns with the dumps for the interpreter lock. A forked child copied the
build's pages as they were written. A new interpreter shares neither. It streams graph.ttl
from the staged graph.nt (pyoxigraph needs nothing else) and says so on a line of its own, then
validates the file in slices, reading it in passes, a piece at a time, each in ASCII where that
is smaller (kg.ntriples.NTriplesFile): it never holds the whole text, a gigabyte for 10,000
documents. The slices' runs are looked up in, and put into, the build's cache of runs
(kg.validation_cache). It writes both reports and prints its counts as JSON. On the 10k
graph it takes 116-127 s, graph.ttl 8-11 s of them, against the build's 122-142 s of other
outputs; void.ttl, which describes graph.ttl, waits only for that line.

It makes turbo's runs itself, the build's outputs having the other core, until the build
writes WIDEN on its stdin (once it only waits, its store set aside): the runs left then go to
`--jobs` worker processes (kg.workers.Jobs, kg.validation_pool), with the same report.

It is started as a command (`python -I -c`, given the build's sys.path), not with
multiprocessing's spawn, which would import the caller's main module again (a script without a
`__main__` guard would build twice). It ends itself when its stdin closes, so it does not
outlive a build that is killed.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pyoxigraph as ox
from rdflib import URIRef

from kg.oxgraph import OxGraph
from kg.validate import ValidationReport
from kg.workers import Jobs

if TYPE_CHECKING:
    from kg.validation_cache import RunCache

# Below this many characters of N-Triples, starting an interpreter (about a second) costs more
# than the process saves; the build then validates in a thread of its own process.
SPAWN_AT_CHARS = 50_000_000
TURTLE_WRITTEN = "graph.ttl written"
WIDEN = b"widen\n"  # what the build writes on the process's stdin once it only waits
_STDERR_SHOWN = 4_000  # characters of the child's stderr a failure message quotes (its end)


class ValidationProcess:
    """Writes graph.ttl from `ntriples_file` and validates it, in a new interpreter:
    turtle_written() waits for the one, result() for the other."""

    def __init__(
        self,
        ntriples_file: Path,
        namespaces: list[tuple[str, URIRef]],
        base: str,
        out_dir: Path,
        turtle_prefixes: dict[str, str],
        run_cache: RunCache | None = None,
        jobs: int = 1,
    ) -> None:
        """`turtle_prefixes`: graph.ttl's (kg.turtle.prefixes_of_lines, which the build works
        out from the lines it holds: here it would cost one more pass over the file). `run_cache`:
        where turbo's runs are looked up and put (kg.validation_cache); the keys the process
        used, and its runs taken and made, are added to it when result() returns. `jobs`: the
        worker processes it may make turbo's runs in once widen() is called (one process till
        then: the build's outputs have the other core)."""
        self.out_dir = out_dir
        self.run_cache = run_cache
        request = {
            "ntriples_file": str(ntriples_file),
            "prefixes": [[prefix, str(namespace)] for prefix, namespace in namespaces],
            "turtle_prefixes": turtle_prefixes,
            "base": base,
            "out_dir": str(out_dir),
            "run_cache": None
            if run_cache is None
            else [str(run_cache.entries.folder), str(run_cache.entries.write_to)],
            "jobs": jobs,
        }
        # stderr to a file: a pipe nobody reads until result() would stop the child once full.
        # stdout holds two short lines (the child points its own fd 1 at stderr). stdin stays
        # open: the child ends itself when it closes, as it does when the build is killed.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by result or stop)
        # -I: no current folder, PYTHONPATH or user site first on the path; the child is given
        # the build's own path instead, so it imports what the build imports
        start = "import sys, json; sys.path[:] = json.loads(sys.argv[1]); " + _MAIN
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-c", start, json.dumps(sys.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._stdin, self._stdout = self._process.stdin, self._process.stdout
        self._turtle_seconds: float | None = None
        self.jobs_at_end: int | None = None  # the workers it could use at the end, once known
        try:  # a few hundred bytes: the pipe takes them at once
            self._stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            self._stdin.flush()
        except BaseException:
            self.stop()
            raise

    def is_running(self) -> bool:
        """Whether the process has not ended yet (its result may still be unread)."""
        return self._process.poll() is None

    def widen(self) -> None:
        """Let the process make its runs in `jobs` workers from now on: the build only waits."""
        if self._stdin.closed:  # result() or stop() came first
            return
        with contextlib.suppress(OSError):  # it has ended: result() says how
            self._stdin.write(WIDEN)
            self._stdin.flush()

    def turtle_written(self) -> None:
        """Wait until graph.ttl is in place (the first thing the process does)."""
        self._read_turtle_line()

    def _read_turtle_line(self) -> None:
        if self._turtle_seconds is None:
            line = self._stdout.readline().decode("utf-8")
            said, _, seconds = line.rstrip("\n").partition(" in ")
            if said != TURTLE_WRITTEN:
                self._failed()
            self._turtle_seconds = float(seconds)

    def result(self) -> tuple[ValidationReport, dict[str, float]]:
        """The report (its graph read back from validation.ttl, so with the content-hash IRIs
        written there instead of blank nodes) and the process's seconds per stage."""
        self._read_turtle_line()
        line = self._stdout.readline()
        if not line:
            self._failed()
        self._process.wait()
        if self._process.returncode != 0:
            self._failed()
        self._close()
        counts = json.loads(line)
        self.jobs_at_end = counts["jobs"]
        if self.run_cache is not None:
            self.run_cache.used.update(counts["cache_used"])
            self.run_cache.hits += counts["cache_hits"]
            self.run_cache.made += counts["cache_made"]
        graph = OxGraph.from_file(self.out_dir / "validation.ttl", ox.RdfFormat.TURTLE)
        text = (self.out_dir / "validation.txt").read_text(encoding="utf-8")
        report = ValidationReport(
            counts["conforms"], graph, text, counts["violations"], counts["warnings"]
        )
        assert self._turtle_seconds is not None
        return report, {
            "turtle": self._turtle_seconds,
            "validate": counts["seconds"],
            "validation.ttl and .txt": counts["reports_seconds"],
        }

    def stop(self) -> None:
        """End the process at once (the build failed or was interrupted)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._close()

    def _close(self) -> None:
        for stream in (self._stdin, self._stdout, self._stderr):
            with contextlib.suppress(OSError):  # a closed pipe's buffer cannot be flushed
                stream.close()

    def _failed(self) -> NoReturn:
        if self._process.poll() is None:
            self._process.kill()  # it said something unexpected: its work is no use
        self._process.wait()
        self._stderr.seek(0)
        told = self._stderr.read().decode("utf-8", "replace")[-_STDERR_SHOWN:]
        self._close()
        code = self._process.returncode
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit {code}"
        if code == -signal.SIGKILL:
            how += ", which the system does when it runs out of memory"
        raise RuntimeError(f"SHACL validation failed in its process ({how}):\n{told}")


_MAIN = "from kg.validation_process import main; main()"


def _read_request() -> tuple[dict, bytes]:
    """The request's line on stdin, and what came after it."""
    received = b""
    # the file descriptor, not sys.stdin: its buffer would keep what the listener must read
    while b"\n" not in received:
        more = os.read(0, 1 << 16)
        if not more:
            raise SystemExit("kg's validation process: no request on stdin")
        received += more
    line, _, rest = received.partition(b"\n")
    return json.loads(line), rest


def _listen_to_the_build(jobs: Jobs, heard: bytes) -> None:
    """Widen `jobs` when the build says so; exit when stdin closes: the build has ended
    (killed, it cannot stop this process)."""
    listen(jobs, heard, 0)  # the file descriptor, not sys.stdin: its lock would stop the exit
    os._exit(3)


def listen(jobs: Jobs, heard: bytes, fd: int) -> None:
    """Widen `jobs` once WIDEN has come on `fd`, after what was `heard` before; return at its
    end."""
    while True:
        if WIDEN in heard:
            jobs.widen()
        heard = heard[-len(WIDEN) :]  # a word cut between two reads is found whole
        received = os.read(fd, 4096)
        if not received:
            return
        heard += received


def main() -> None:
    """Read the request on stdin, write the files, report on stdout (see the module)."""
    from kg.bundle import write_reports
    from kg.ntriples import NTriplesFile
    from kg.output import atomic_writer
    from kg.turtle import write_turtle_of_file
    from kg.validate import validate_ntriples
    from kg.validation_cache import RunCache

    said = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever else is printed, by Python or by a library, goes to stderr
    request, heard = _read_request()
    jobs = Jobs(1, request["jobs"])
    if WIDEN in heard:  # it came with the request: widened before any run, not by a thread
        jobs.widen()
    threading.Thread(target=_listen_to_the_build, args=(jobs, heard), daemon=True).start()
    out_dir = Path(request["out_dir"])
    start = time.perf_counter()
    ntriples_file = Path(request["ntriples_file"])
    text = NTriplesFile(ntriples_file)  # read in passes, never held whole (kg.ntriples)
    namespaces = [(prefix, URIRef(namespace)) for prefix, namespace in request["prefixes"]]
    with atomic_writer(out_dir / "graph.ttl", "wb") as turtle_file:  # streamed from graph.nt
        write_turtle_of_file(ntriples_file, turtle_file, request["turtle_prefixes"])
    turtle = time.perf_counter()
    said.write(f"{TURTLE_WRITTEN} in {turtle - start}\n")
    said.flush()
    folders = request["run_cache"]
    cache = None if folders is None else RunCache(Path(folders[0]), Path(folders[1]))
    report = validate_ntriples(text, namespaces, jobs=jobs, cache=cache, base=request["base"])
    validated = time.perf_counter()
    write_reports(report, out_dir, request["base"])
    counts = {
        "conforms": bool(report.conforms),
        "violations": report.violations,
        "warnings": report.warnings,
        "seconds": validated - turtle,
        "reports_seconds": time.perf_counter() - validated,
        "cache_used": sorted(cache.used) if cache is not None else [],
        "cache_hits": cache.hits if cache is not None else 0,
        "cache_made": cache.made if cache is not None else 0,
        "jobs": int(jobs),
    }
    said.write(json.dumps(counts) + "\n")
    said.close()


if __name__ == "__main__":
    main()
