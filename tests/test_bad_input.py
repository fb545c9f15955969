"""A messy folder built through the CLI: bad files are named with their reason, good ones whole.

The mixed folder holds two seeds and five more good documents (GBK, UTF-16, HTML, a file name
with spaces and Chinese, UTF-8 with a few invalid bytes) beside files that cannot be reports:
empty, PDF, PNG, random bytes, footer-only, 100 MB, a link loop, a link to a FIFO, and (when
not root) an unreadable file; plus a folder link back to the root. Its graph must equal the
graph of the good documents alone.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Namespace

import kg.corpus
from kg.cli import main
from kg.corpus import load_corpus, read_document
from kg.errors import DocumentError

KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOOD_SEEDS = [
    SEEDS / "001_435bc1fb28c79676.txt",
    SEEDS / "002_ae47d85c029a33ab.txt",
]  # the shortest
MB = 2**20
BIG_FILE_MB = 100
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

FOOTER = (
    "扫描下载手机客户端\n\n"
    "地址:北京朝阳区太阳宫北街1号 邮编100028 电话:+86-10-84419655\n\n"
    "版权所有©中国国际扶贫中心 未经许可不得复制 京ICP备2020039194号-2\n"
)
GBK_TEXT = (
    "Poverty Alleviation in Anhui\n\n【Overview】 In 2011, Huoshan County (霍山县) of Anhui"
    " Province lifted 20,000 people out of poverty. The Anhui Provincial Poverty Alleviation"
    " Office invested 30 million Yuan (元).\n"
)
UTF16_TEXT = (
    "Relocation in Henan\n\n【Relocation】 Fengqiu, Guangshan and Shangcai County of Henan"
    " Province moved 5,853 households. The Henan Provincial Department of Finance paid.\n"
)
PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Site | Report</title></head><body>"
    "<nav>Home</nav><h1>Poverty Alleviation in Shandong</h1><p>In 2011, Tancheng County of"
    " Linyi City, Shandong Province, received 17 million Yuan from the Ministry of"
    " Finance.</p><footer>版权所有 Copyright 2021</footer></body></html>"
)
ODD_NAME_TEXT = (
    "Report 2011\n\n【Counterpart support】 Wuning and Yongxin counties of Jiangxi Province were"
    " supported by the Jiangxi Provincial Poverty Alleviation Office.\n"
)
DAMAGED = (  # UTF-8 with two runs of invalid bytes: \xff\xfe and \x81
    "Relief work in Ningxia\n\n【Overview】 In 2011, Yanchi County of Ningxia\udcff\udcfe received"
    " 40 million Yuan.\n\n【Towns】 Dashuikeng Town of Yanchi County built 12 roads \udc81 and"
    " the county’s schools.\n"
).encode("utf-8", errors="surrogateescape")
GOOD_EXTRAS = {
    "extra/gbk report.txt": GBK_TEXT.encode("gbk"),
    "extra/utf16.txt": UTF16_TEXT.encode("utf-16"),
    "extra/page.html": PAGE.encode("utf-8"),
    "extra/报告 report 2011.txt": ODD_NAME_TEXT.encode("utf-8"),
    "extra/damaged.txt": DAMAGED,
}
DAMAGED_WARNING = "replaced 3 invalid UTF-8 bytes with U+FFFD (first at line 3)"
BAD_FILES = {
    "bad/empty.txt": b"",
    "bad/scan.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "bad/photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(64),
    "bad/noise.txt": random.Random(9).randbytes(4096),
    "bad/footer-only.txt": FOOTER.encode("utf-8"),
}
REASONS = {
    "empty.txt": "empty file",
    "scan.txt": "binary data (looks like a PDF), not a text document",
    "photo.txt": "binary data (looks like a PNG image), not a text document",
    "noise.txt": "binary data",  # which kind of binary depends on the bytes drawn
    "footer-only.txt": "only boilerplate, no report text",
    "huge.txt": "file too large (100 MB; the limit is 10 MB: raise it with --max-size, up to 200"
    " MB)",
    "self-loop.txt": "symbolic link loop (the link leads back to itself)",
    "pipe.txt": "not a regular file",
    "named-pipe.txt": "not a regular file",  # the pipe itself, not a link to one
    **({} if IS_ROOT else {"locked.txt": "permission denied"}),
}


def kg_command() -> list[str]:
    """The installed `kg` script beside this Python, else the same entry point through -c."""
    script = Path(sys.executable).with_name("kg")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from kg.cli import main; main()"]


def run_measured(args: list[str], cwd: Path) -> tuple[int, str, str, int]:
    """Run kg in a child process: exit code, stdout, stderr and its own peak RSS in KB."""
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen([*kg_command(), *args], cwd=cwd, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
    return process.returncode, out.read_text(), err.read_text(), usage.ru_maxrss


def write_files(root: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def copy_good(root: Path) -> None:
    root.mkdir(parents=True)
    for seed in GOOD_SEEDS:
        shutil.copy(seed, root / seed.name)
    write_files(root, GOOD_EXTRAS)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(mixed folder, good-only folder); good files have the same relative paths in both."""
    base = tmp_path_factory.mktemp("bad-input")
    good, mixed = base / "good", base / "mixed"
    copy_good(good)
    copy_good(mixed)
    write_files(mixed, BAD_FILES)
    line = b"The county built roads and schools, and 2,000 people found work in 2011.\n"
    with (mixed / "bad" / "huge.txt").open("wb") as huge:
        block = line * (MB // len(line) + 1)
        for _ in range(BIG_FILE_MB):
            huge.write(block[:MB])
    (mixed / "bad" / "self-loop.txt").symlink_to("self-loop.txt")
    os.mkfifo(base / "fifo")
    (mixed / "bad" / "pipe.txt").symlink_to(base / "fifo")
    os.mkfifo(mixed / "bad" / "named-pipe.txt")
    (mixed / "bad" / "loop").symlink_to(mixed, target_is_directory=True)
    if not IS_ROOT:
        (mixed / "bad" / "locked.txt").write_text(GBK_TEXT)
        (mixed / "bad" / "locked.txt").chmod(0)
    return mixed, good


@pytest.fixture(scope="module")
def good_build(
    corpora: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Graph, int]:
    """The graph of the good documents alone, built by a real process, and its peak RSS (KB)."""
    _, good = corpora
    folder = tmp_path_factory.mktemp("good-build")
    code, _, stderr, rss = run_measured(["build", str(good), "-o", "out"], folder)
    assert code in (0, 1), stderr  # no document fails; SHACL may find violations
    return graph_of(folder / "out"), rss


def graph_of(out: Path) -> Graph:
    return Graph().parse(out / "graph.ttl", format="turtle")


def failed_in_log(out: Path) -> dict[str, str]:
    log = json.loads((out / "build-log.json").read_text())
    return {Path(d["file"]).name: d["reason"] for d in log["documents"] if d["status"] == "failed"}


def assert_reasons(reasons: dict[str, str]) -> None:
    assert set(reasons) == set(REASONS)
    for name, expected in REASONS.items():
        assert reasons[name].startswith(expected), (name, reasons[name])


def assert_failures_printed(output: str, mixed: Path) -> None:
    for name, expected in REASONS.items():
        line = next(line for line in output.splitlines() if f"/bad/{name}:" in line)
        assert line.startswith(f"  failed: {mixed}/bad/{name}: {expected}"), line
    assert "Traceback" not in output


def test_mixed_folder_through_the_cli(
    corpora: tuple[Path, Path], good_build: tuple[Graph, int], tmp_path: Path
) -> None:
    mixed, _ = corpora
    result = CliRunner().invoke(main, ["build", str(mixed), "-o", str(tmp_path / "mixed")])
    assert result.exit_code == 3, result.output
    built = len(GOOD_SEEDS) + len(GOOD_EXTRAS)
    assert f"documents: {built} built, {len(REASONS)} failed" in result.output
    assert_failures_printed(result.output, mixed)
    assert f"  warning: {mixed}/extra/damaged.txt: {DAMAGED_WARNING}" in result.output
    assert_reasons(failed_in_log(tmp_path / "mixed"))
    log = json.loads((tmp_path / "mixed" / "build-log.json").read_text())
    damaged = next(d for d in log["documents"] if d["file"].endswith("damaged.txt"))
    assert damaged["status"] == "built" and DAMAGED_WARNING in damaged["warnings"]

    mixed_graph, good_graph = graph_of(tmp_path / "mixed"), good_build[0]
    documents = set(good_graph.subjects(RDF.type, KG.SourceDocument))
    assert len(documents) == built
    mentions = set(good_graph.subjects(RDF.type, KG.Mention))
    for extra in ("gbk-report", "utf16", "page", "damaged"):
        assert any(f"/document/{extra}/mention/" in m for m in mentions), extra
    assert set(mixed_graph) == set(good_graph)  # the same entities, mentions, everything


def test_mixed_folder_in_a_real_process_with_bounded_memory(
    corpora: tuple[Path, Path], good_build: tuple[Graph, int], tmp_path: Path
) -> None:
    mixed, _ = corpora
    code, stdout, stderr, mixed_rss = run_measured(["build", str(mixed), "-o", "out"], tmp_path)
    assert code == 3, stderr
    assert_failures_printed(stderr, mixed)
    assert f"documents: {len(GOOD_SEEDS) + len(GOOD_EXTRAS)} built" in stdout
    assert_reasons(failed_in_log(tmp_path / "out"))
    good_graph, good_rss = good_build
    assert set(graph_of(tmp_path / "out")) == set(good_graph)
    # The 100 MB file is refused before a byte is read: holding it (bytes, then text) would
    # add at least its size to the peak; allow 50 MB of noise between the two runs.
    assert mixed_rss < good_rss + 50 * 1024, (mixed_rss, good_rss)


def test_max_size_refuses_larger_files_and_reads_smaller_ones(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_files(corpus, {"small.txt": GBK_TEXT.encode(), "large.txt": (GBK_TEXT * 8).encode()})
    small, large = (corpus / "small.txt").stat().st_size, (corpus / "large.txt").stat().st_size
    assert small < 1024 < large
    result = CliRunner().invoke(
        main, ["build", str(corpus), "-o", str(tmp_path / "out"), "--max-size", "1KB"]
    )
    assert result.exit_code == 3, result.output
    assert "documents: 1 built, 1 failed" in result.output
    size = f"{large / 1024:.2f} KB"
    assert (
        f"large.txt: file too large ({size}; the limit is 1 KB: raise it with --max-size,"
        " up to 200 MB)"
    ) in result.output
    result = CliRunner().invoke(
        main, ["build", str(corpus), "-o", str(tmp_path / "out"), "--max-size", "0.5MB"]
    )
    assert "documents: 2 built, 0 failed" in result.output, result.output


def test_the_hard_ceiling_holds_whatever_limit_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.txt"
    path.write_text(GBK_TEXT)
    monkeypatch.setattr(kg.corpus, "_MAX_BYTES", 100)
    with pytest.raises(DocumentError) as caught:
        read_document(path, "report", max_bytes=10**12)
    assert (
        caught.value.reason
        == f"file too large ({path.stat().st_size} bytes; kg reads files up to 100 bytes)"
    )


def test_a_file_that_grows_after_stat_is_still_cut_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit holds on the bytes read, not only on the size stat() reported."""
    path = tmp_path / "growing.txt"
    path.write_text(GBK_TEXT)
    real_stat = Path.stat

    def stat_reports_small(self: Path, *args, **kwargs) -> os.stat_result:
        info = real_stat(self, *args, **kwargs)
        if self.name != "growing.txt":
            return info
        return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))

    monkeypatch.setattr(Path, "stat", stat_reports_small)
    with pytest.raises(DocumentError, match=r"file too large \(101 bytes; the limit is 100 bytes"):
        read_document(path, "growing", max_bytes=100)


def test_invalid_utf8_is_replaced_and_said(tmp_path: Path) -> None:
    """A UTF-8 report with a few bad bytes keeps its text; each bad run becomes U+FFFD."""
    path = tmp_path / "damaged.txt"
    path.write_bytes(DAMAGED)
    doc = read_document(path, "damaged")
    assert doc.encoding == "utf-8"
    assert doc.warnings[0] == DAMAGED_WARNING
    assert doc.original.count("\ufffd") == 2  # \xff\xfe is one run, \x81 another
    assert "【Overview】" in doc.original and "county’s" in doc.original
    assert "Ningxia received" in doc.text  # U+FFFD is dropped from the text extractors read
    assert [s.title for s in doc.sections] == ["Relief work in Ningxia", "Overview", "Towns"]


def test_legacy_encodings_are_not_taken_for_damaged_utf8(tmp_path: Path) -> None:
    """GBK has many bytes invalid as UTF-8 and few valid sequences: it stays GBK, no warning."""
    path = tmp_path / "gbk.txt"
    path.write_bytes((GBK_TEXT + "霍山县扶贫开发工作成效显著。" * 3).encode("gbk"))
    doc = read_document(path, "gbk")
    assert doc.encoding == "gb18030"
    assert not [w for w in doc.warnings if "U+FFFD" in w]
    assert "霍山县" in doc.original


def test_unreadable_file_is_named_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(GBK_TEXT)
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("running as root: chmod 000 does not stop root from reading the file")
    _, failures = load_corpus([tmp_path])
    assert [(f.path.name, f.reason) for f in failures] == [("locked.txt", "permission denied")]


def test_permission_denied_is_reported_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same path as the test above, reached by making open() fail the way chmod 000 does."""
    path = tmp_path / "locked.txt"
    path.write_text(GBK_TEXT)
    real_open = Path.open

    def refuse(self: Path, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    _, failures = load_corpus([tmp_path])
    assert [(f.path.name, f.reason) for f in failures] == [("locked.txt", "permission denied")]
