"""report.html for people: the case x target matrix, one card per failing case, the filters, links to the
case files and each nexe's capability sheet.  The page is parsed (html.parser), not searched with patterns."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from harness.results import ERROR, FAIL, PASS, SCAN, UNSUPPORTED, XPASS, CaseResult, RunRecord, render_html
from harness.results.html import anchor, file_href

# -- a small DOM: enough to ask for elements by tag, id, class and attribute ----------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Any:
        for c in self.children:
            if isinstance(c, Element):
                yield c
                yield from c.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return [e for e in self.iter() if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
                and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def ancestors(self) -> list[Element]:
        out, e = [], self.parent
        while e is not None:
            out.append(e)
            e = e.parent
        return out


class Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.at = self.root
        self.ids: dict[str, Element] = {}
        self.duplicate_ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        e = Element(tag, {k: v or "" for k, v in attrs}, self.at)
        self.at.children.append(e)
        if "id" in e.attrs:
            if e.attrs["id"] in self.ids:
                self.duplicate_ids.append(e.attrs["id"])
            self.ids[e.attrs["id"]] = e
        if tag not in VOID:
            self.at = e

    def handle_endtag(self, tag: str) -> None:
        e: Element | None = self.at
        while e is not None and e.tag != tag:
            e = e.parent
        if e is not None and e.parent is not None:
            self.at = e.parent

    def handle_data(self, data: str) -> None:
        self.at.children.append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert not tree.duplicate_ids, f"ids must be unique: {tree.duplicate_ids[:5]}"
    return tree


# -- records -----------------------------------------------------------------------------------------


def item(name: str, target: str, verdict: str, opt: str = "-O2", **actual: Any) -> CaseResult:
    mismatches: tuple[tuple[str, Any, Any], ...] = ()
    if verdict == FAIL:
        mismatches = (("run.user_code", 3, actual.get("user_code", 7)),)
    run = {"exit_code": 0, "user_code": 7, "exit_state": "ok", "validator_state": 0, "outcome": "exited",
           "outputs": {}} | actual
    if target == SCAN:
        run = {"loads": True, "valid": True, "scanner": "harness.scan", "traps": [],
               "reachable_functions": ["exit", "pwrite"]} | actual
    return CaseResult(case=name, area=name.split("/")[0], description=f"about {name}", target=target, opt=opt,
                      verdict=verdict, duration_s=0.1, expectation={"user_code": 3}, actual=run,
                      mismatches=mismatches, nodeid=f"cases/{name}.toml::{target}{opt}")


def record(*results: CaseResult, **extra: Any) -> RunRecord:
    return RunRecord(run_id="R", started="2024-01-01T00:00:00+00:00", finished="2024-01-01T00:00:05+00:00",
                     harness_version="0.1.0", targets=("ref", "zerovm"), target_info={}, results=results, **extra)


MIXED = record(
    item("a/both", SCAN, PASS), item("a/both", "ref", FAIL, user_code=4), item("a/both", "zerovm", FAIL, user_code=5),
    item("a/fine", SCAN, PASS), item("a/fine", "ref", PASS), item("a/fine", "zerovm", PASS),
    item("a/fine", "zerovm", PASS, opt="-O0"),
    item("b/one", SCAN, PASS), item("b/one", "ref", UNSUPPORTED), item("b/one", "zerovm", XPASS),
    replace(item("b/broken", "broken", ERROR, opt=""), actual={}, message="CaseError: bad toml"),
)


def matrix_rows(tree: Tree) -> list[Element]:
    [table] = tree.root.find_all("table", cls="mx")
    [body] = table.find_all("tbody")
    return body.find_all("tr")


# -- the matrix ----------------------------------------------------------------------------------------


def test_the_matrix_has_one_row_per_case_and_a_cell_per_target_and_level() -> None:
    tree = parse(render_html(MIXED))
    [table] = tree.root.find_all("table", cls="mx")
    heads = [th.text() for th in table.find_all("th", cls="c")]
    assert heads == ["case file", "scan -O2", "ref -O2", "zerovm -O0", "zerovm -O2"]
    rows = matrix_rows(tree)
    assert [r.attrs["data-case"] for r in rows] == ["a/both", "a/fine", "b/broken", "b/one"], "one row per case"
    for row in rows:
        assert len(row.find_all("td", cls="c")) == len(heads), row.attrs["data-case"]
    cells = {r.attrs["data-case"]: [td.text().strip() for td in r.find_all("td", cls="c")] for r in rows}
    assert cells["a/both"] == ["—", PASS, FAIL, "—", FAIL]
    assert cells["a/fine"] == ["—", PASS, PASS, PASS, PASS]
    assert cells["b/one"] == ["—", PASS, UNSUPPORTED, "—", XPASS]
    assert cells["b/broken"] == [ERROR, "—", "—", "—", "—"]
    # Every item keeps its anchor (the baseline section links to them), and every link inside the page lands.
    for r in MIXED.results:
        cell = tree.ids[anchor(r.case, r.target, r.opt)]
        assert cell.tag == "td" and r.verdict in cell.text()
    hrefs = [a.attrs["href"] for a in tree.root.find_all("a") if a.attrs.get("href", "").startswith("#")]
    missing = [h for h in hrefs if unquote(h[1:]) not in tree.ids]
    assert not missing, missing
    assert tree.ids["area-a"].attrs["data-case"] == "a/both" and tree.ids["area-b"].attrs["data-case"] == "b/broken"
    # A failing cell links to its card, a passing one to the case's capability sheet.
    assert tree.ids[anchor("a/both", "ref", "-O2")].find_all("a")[0].attrs["href"] == "#card-item-a/both-ref-O2"
    assert tree.ids[anchor("a/fine", "ref", "-O2")].find_all("a")[0].attrs["href"] == "#sheet-a/fine"
    # The old list of every item once per target is gone: one verdict per cell, no second table of items.
    assert len(tree.root.find_all("td", id=anchor("a/fine", "ref", "-O2"))) == 1


def test_one_failure_card_per_failing_case_lists_each_target_it_fails_on() -> None:
    tree = parse(render_html(MIXED))
    [section] = tree.root.find_all("section", id="failures")
    cards = section.find_all("div", cls="card")
    assert [c.attrs["data-case"] for c in cards] == ["a/both", "b/broken", "b/one"]
    both = cards[0]
    items = both.find_all("div", cls="item")
    assert [i.attrs["id"] for i in items] == ["card-item-a/both-ref-O2", "card-item-a/both-zerovm-O2"]
    text = " ".join(both.text().split())
    assert "fails on FAIL ref -O2, FAIL zerovm -O2" in text
    assert "run.user_code: expected 3, got 4" in text and "run.user_code: expected 3, got 5" in text
    expected = [td.text() for td in both.find_all("td", cls="exp")]
    actual = [td.text() for td in both.find_all("td", cls="act")]
    assert (expected, actual) == (["3", "3"], ["4", "5"]), "each target's expected vs actual"
    assert "not failing on scan -O2" in text
    one = " ".join(cards[2].text().split())
    assert "fails on XPASS zerovm -O2" in one and "not failing on scan -O2, ref -O2" in one
    # The same mismatch on a second target is said once, not tabled twice.
    same = record(item("c/same", "ref", FAIL), item("c/same", "zerovm", FAIL))
    [card] = parse(render_html(same)).root.find_all("div", cls="card")
    assert len(card.find_all("td", cls="exp")) == 1
    assert "The same fields differ as on ref -O2" in card.text()


def test_the_filters_come_from_a_small_script_and_nothing_is_hidden_without_it() -> None:
    html = render_html(MIXED)
    tree = parse(html)
    [script] = tree.root.find_all("script")
    code = script.text()
    assert len(code) < 4000, "a small script"
    assert "filters" in code and "data-v" in code and "data-a" in code and "createElement" in code
    assert "src" not in script.attrs and "http" not in code, "inline and offline"
    # Without JavaScript: no control is shown, and no row, card or sheet starts hidden.
    assert not tree.root.find_all("input") and not tree.root.find_all("select")
    for e in tree.root.iter():
        assert "hidden" not in e.attrs and "hide" not in e.classes, e.tag
        assert "display:none" not in e.attrs.get("style", "").replace(" ", ""), e.tag
    # What the script filters on is in the markup: every row's area and verdicts.
    rows = {r.attrs["data-case"]: r for r in matrix_rows(tree)}
    assert rows["b/one"].attrs["data-a"] == "b" and set(rows["b/one"].attrs["data-v"].split()) == {PASS, UNSUPPORTED,
                                                                                                   XPASS}
    assert [td.text() for td in rows["a/fine"].find_all("td", cls="k")] == ["fine about a/fine"], "name, description"
    # Cards and sheets follow their case's row.
    followers = [e.attrs["data-case"] for e in tree.root.iter() if "data-case" in e.attrs and e.tag != "tr"]
    assert set(followers) == {"a/both", "a/fine", "b/one", "b/broken"}


# -- links to the case files --------------------------------------------------------------------------


def corpus(root: Path) -> Path:
    area = root / "cases" / "a"
    area.mkdir(parents=True)
    (area / "both.toml").write_text("")
    (area / "both.c").write_text("")
    (area / "fine.toml").write_text("")  # its program is missing: only its .toml is linked
    return area


def test_links_to_the_case_files_resolve_from_where_the_report_is_written(tmp_path: Path) -> None:
    area = corpus(tmp_path)
    files = {"a/both": {"toml": str(area / "both.toml"), "source": str(area / "both.c")},
             "a/fine": {"toml": str(area / "fine.toml"), "source": str(area / "fine.c")}}
    rec = replace(MIXED, results=tuple(replace(r, actual={**r.actual, "case_files": files[r.case]})
                                       if r.case in files else r for r in MIXED.results))
    for out in (tmp_path / "results" / "R", tmp_path / "elsewhere" / "deep" / "run"):
        tree = parse(render_html(rec, out))
        links = {(row.attrs["data-case"], a.attrs["href"]) for row in matrix_rows(tree) for a in row.find_all("a")
                 if not a.attrs["href"].startswith("#")}
        assert {case for case, _ in links} == {"a/both", "a/fine"}
        for _, href in links:
            assert not href.startswith(("/", "file:")), "relative from the run directory"
            assert (out / unquote(href)).resolve().is_file(), href
        assert sorted(Path(h).name for c, h in links if c == "a/fine") == ["fine.toml"], "only files that exist"
        assert sorted(Path(h).name for c, h in links if c == "a/both") == ["both.c", "both.toml"]
        [card] = [c for c in tree.root.find_all("div", cls="card") if c.attrs.get("data-case") == "a/both"]
        assert [a.text() for a in card.find_all("div", cls="files")[0].find_all("a")] == [
            "both.toml", "both.c", "capability sheet"]
    # Not knowing where the page goes: absolute file:// URLs.
    tree = parse(render_html(rec))
    hrefs = [a.attrs["href"] for a in tree.root.find_all("a") if a.attrs["href"].startswith("file:")]
    assert hrefs and all(Path(unquote(urlparse(h).path)).is_file() for h in hrefs)
    assert file_href(Path("/etc/hostname"), Path("/tmp/x")).startswith("file:///"), "nothing in common but /"


def test_an_older_record_links_through_its_nodeids_under_the_default_results_dir(tmp_path: Path) -> None:
    corpus(tmp_path)
    tree = parse(render_html(MIXED, tmp_path / "results" / "R"))
    [row] = [r for r in matrix_rows(tree) if r.attrs["data-case"] == "a/both"]
    assert [a.attrs["href"] for a in row.find_all("a") if not a.attrs["href"].startswith("#")] == [
        "../../cases/a/both.toml", "../../cases/a/both.c"]
    assert not [a for r in matrix_rows(tree) if r.attrs["data-case"] == "b/one" for a in r.find_all("a")
                if not a.attrs["href"].startswith("#")], "no files, no links"


# -- capability sheets ------------------------------------------------------------------------------------

CHANNEL_PROGRAM = r"""#include <stdio.h>
#include <zvm.h>

int main(void)
{
  char buf[16];
  int d = zvm_find_channel("/dev/out");
  int n = zvm_pread(zvm_find_channel("/dev/stdin"), buf, sizeof buf, 0);
  int a = zvm_pwrite(d, "ABCDEF", 6, 0);
  printf("%d %d\n", n, a);
  return 0;
}
"""
CHANNEL_CASE = """description = "reads its stdin, writes six bytes to /dev/out"
source = "prog.c"
stdin = "hello"
memory = 33554432
timeout = 7

[[channel]]
alias = "/dev/out"
puts = 3
put_size = 100

[run]
stdout = "5 6\\n"

[run.outputs]
"/dev/out" = "ABCDEF"
"""


def _corpus(pytester: pytest.Pytester, area: str, files: dict[str, str]) -> Path:
    """A corpus of one area in the pytester directory, run by the harness's plugin; the area's folder."""
    pytester.makeconftest('pytest_plugins = ["harness.plugin"]\n')
    folder = pytester.path / "cases" / area
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_the_capability_sheet_names_the_channels_quotas_and_what_moved(pytester: pytest.Pytester) -> None:
    area = _corpus(pytester, "demo", {"prog.c": CHANNEL_PROGRAM, "chan.toml": CHANNEL_CASE})
    out = pytester.path / "results" / "run"
    result = pytester.runpytest("cases", "-p", "no:cacheprovider", "--target", "ref", f"--results={out}")
    result.assert_outcomes(passed=2)
    doc = json.loads((out / "results.json").read_text())
    [run] = [r for r in doc["results"] if r["target"] == "ref"]
    given = run["actual"]["given"]
    assert (given["memory"], given["timeout"]) == (32 << 20, 7)
    assert [(c["alias"], c["puts"], c["put_size"]) for c in given["channels"]][-1] == ("/dev/out", 3, 100)
    assert given["channels"][0] == {"alias": "/dev/stdin", "type": 0, "gets": 1 << 30, "get_size": 1 << 30,
                                    "puts": 0, "put_size": 0, "input_bytes": 5}
    assert run["actual"]["case_files"] == {"toml": str(area / "chan.toml"), "source": str(area / "prog.c")}

    tree = parse((out / "report.html").read_text())
    sheet = tree.ids["sheet-demo/chan"]
    assert sheet.tag == "details" and "open" not in sheet.attrs, "collapsed: the page stays light"
    summary = sheet.find_all("summary")[0]  # its own; the static scan's details inside have theirs
    summary_text = " ".join(summary.text().split())
    assert summary_text.startswith("demo/chan — can call pread pwrite exit"), "leads with what it can call"
    assert "4 channels (/dev/out)" in summary_text
    [given_table, did_table] = [t for t in sheet.find_all("table", cls="dd")]
    channels = {tr.find_all("td")[0].text(): [td.text() for td in tr.find_all("td")]
                for tr in given_table.find_all("tbody")[0].find_all("tr")}
    assert channels == {"/dev/out": ["/dev/out", "sequential", "0", "0", "3", "100", "collected output"]}
    text = " ".join(sheet.text().split())
    # The three standard streams, with the harness's quotas, are said in one line; what differs is tabled.
    assert "and the standard streams, sequential, 2^30 calls and bytes each way they go: /dev/stdin (5 bytes of " \
           "input), /dev/stdout, /dev/stderr." in text
    assert "memory 32 MiB" in text and "timeout 7 s" in text
    [did] = did_table.find_all("tbody")[0].find_all("tr")
    cells = [td.text().strip() for td in did.find_all("td")]
    assert cells[0] == "PASS ref -O2" and cells[1] == "exited"
    calls = dict(part.split("×") for part in cells[2].split())
    assert {"pread", "pwrite", "exit"} <= set(calls) and int(calls["pwrite"]) >= 2, calls
    # reads, bytes read, writes, bytes written: the 5 bytes of stdin in, "ABCDEF" and "5 6\n" out (zerovm's
    # accounting counts a read that meets the end of the input too).
    assert int(cells[3]) >= 1 and cells[4:7] == ["5", "2", "10"], cells
    assert "/dev/out 6" in cells[7] and "/dev/stdout 4" in cells[7]
    # The matrix row reaches the sheet, and names what it can call.
    [row] = matrix_rows(tree)
    assert row.find_all("td", cls="k")[0].find_all("a")[0].attrs["href"] == "#sheet-demo/chan"
    assert "pread pwrite exit" in " ".join(row.text().split())
    links = [a.attrs["href"] for a in row.find_all("a") if not a.attrs["href"].startswith("#")]
    assert [(out / h).resolve() for h in links] == [area / "chan.toml", area / "prog.c"]


def test_a_cluster_sheet_gives_each_node_its_channels_and_use() -> None:
    node = {"channels": [{"alias": "/dev/in", "type": 0, "gets": 4, "get_size": 64, "puts": 0, "put_size": 0,
                          "uri": "tcp:{b}"}], "memory": 1 << 26, "timeout": 3, "options": []}
    actual = {"nodes": [{"name": "a", "outcome": "exited", "accounting": {"local_gets": 1, "net_gets": 2,
                                                                             "net_get_bytes": 40},
                         "outputs": {"/dev/stdout": "hi"}},
                        {"name": "b", "outcome": "killed-timeout", "accounting": {}, "outputs": {}}],
              "given": {"nodes": [{"name": "a", **node}, {"name": "b", **node}]}}
    rec = record(replace(item("n/pair", "zerovm", PASS), actual=actual))
    sheet = parse(render_html(rec)).ids["sheet-n/pair"]
    given, did = sheet.find_all("table", cls="dd")
    assert [[td.text() for td in tr.find_all("td")][:2] for tr in given.find_all("tbody")[0].find_all("tr")] == [
        ["a", "/dev/in"], ["b", "/dev/in"]]
    rows = [[td.text().strip() for td in tr.find_all("td")] for tr in did.find_all("tbody")[0].find_all("tr")]
    assert rows[0][:7] == ["PASS zerovm -O2 node a", "exited", "—", "3", "40", "0", "0"]
    assert rows[1][:4] == ["PASS zerovm -O2 node b", "killed-timeout", "—", "no report"]
    text = " ".join(sheet.text().split())
    assert "node a: memory 64 MiB" in text and "node b: timeout 3 s" in text


# -- what a reviewer must be able to read --------------------------------------------------------------------


def css_rules(html: str) -> list[tuple[list[str], dict[str, str]]]:
    """The page's stylesheet as (selectors, declarations) per rule (comments dropped)."""
    [style] = parse(html).root.find_all("style")
    css = re.sub(r"/\*.*?\*/", "", style.text(), flags=re.S)
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        decls = dict((k.strip(), v.strip()) for k, _, v in (d.partition(":") for d in body.split(";")) if v.strip())
        rules.append(([s.strip() for s in selectors.split(",")], decls))
    return rules


def declared(html: str, selector: str, prop: str) -> str | None:
    return next((d[prop] for sels, d in css_rules(html) if selector in sels and prop in d), None)


def test_control_bytes_in_outputs_show_as_escapes_and_lines_stay() -> None:
    # channels/files_after_close: a random-write channel's file holds a zero-filled gap; a browser drops NULs.
    outputs = {"/dev/rand_out": "ab\0\0cd", "/dev/rw_new": "\0\0xyz", "/dev/stdout": "line 1\nline 2\n"}
    failing = replace(item("c/gap", "zerovm", FAIL, outputs=outputs, stderr="bell\x07 esc\x1b[0m", report="0\n",
                           errno=None, wall_s=0.01),
                      mismatches=(("run.outputs[/dev/rand_out]", "ab\0\0cd", "ab\x01cd"),
                                  ("run.outputs[/dev/stdout]", "line 1\nline 2\n", "line 1\n")))
    ref = item("c/gap", "ref", PASS, outputs={"/dev/rand_out": "ab\0\0cd"})
    zvm = item("c/gap", "zerovm", PASS, opt="-O0", outputs={"/dev/rand_out": "ab\x7fcd"})
    html = render_html(record(failing, ref, zvm, replace(ref, opt="-O0")))
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", html), "no control byte reaches the page raw"
    tree = parse(html)
    [card] = tree.ids["failures"].find_all("div", cls="card")
    cells = [td.text() for td in card.find_all("td") if td.classes & {"exp", "act"}]
    assert cells == ["ab\\u0000\\u0000cd", "ab\\u0001cd", "line 1\nline 2\n", "line 1\n"]
    pres = [p.text() for p in card.find_all("pre")]
    assert "\\u0000\\u0000xyz" in pres and "line 1\nline 2\n" in pres
    assert "bell\\u0007 esc\\u001b[0m" in pres
    # The differential section escapes the same way.
    [diff] = tree.root.find_all("section", id="differential")
    assert "ab\\u0000\\u0000cd" in diff.text() and "ab\\u007fcd" in diff.text()


def test_link_targets_clear_the_sticky_filter_bar_and_values_keep_their_lines() -> None:
    html = render_html(MIXED)
    assert declared(html, "#filters", "position") == "sticky"
    margin = declared(html, "[id]", "scroll-margin-top")
    assert margin is not None and float(re.sub(r"[a-z]+$", "", margin)) > 0, "every anchor target clears the bar"
    # Expected/actual cells of failure cards and of the differential keep line breaks.
    rec = record(item("d/x", "ref", FAIL, outputs={"/dev/stdout": "a\nb"}),
                 item("d/x", "zerovm", FAIL, user_code=9, outputs={"/dev/stdout": "a\nc"}))
    html = render_html(rec)
    tree = parse(html)
    value_cells = [td for sec in ("failures", "differential") for td in tree.ids[sec].find_all("td")
                   if td.classes & {"exp", "act", "val"}]
    assert len([td for td in tree.ids["differential"].find_all("td") if "val" in td.classes]) >= 2
    for td in value_cells:
        assert any(declared(html, f"td.{c}", "white-space") == "pre-wrap" for c in td.classes), td.classes


def test_the_matrix_reads_each_description_whole_under_its_case() -> None:
    tree = parse(render_html(MIXED))
    [table] = tree.root.find_all("table", cls="mx")
    heads = [th.text() for th in table.find_all("th")]
    assert "description" not in heads, "no column of its own, squeezed to a few characters"
    row = {r.attrs["data-case"]: r for r in matrix_rows(tree)}["a/fine"]
    [cell] = [td for td in row.find_all("td") if "k" in td.classes]
    assert cell.find_all("a")[0].text() == "fine" and cell.find_all("div", cls="d")[0].text() == "about a/fine"
    html = render_html(MIXED)
    assert declared(html, "table.mx td.d", "text-overflow") is None and \
        declared(html, "table.mx td.nm .d", "white-space") in (None, "normal"), "the description wraps"


def test_a_sheet_says_what_its_matrix_row_counts_outside_policy() -> None:
    # accounting/memory_etag_invalid: a raw syscall and no trap call; the matrix said "1 outside policy" and the
    # sheet "can call no trap function".
    scan = item("acc/raw", SCAN, PASS, reachable_functions=[],
                traps=[{"address": 0x20000, "kind": "syscall", "slot": None, "function": None,
                        "within_policy": False, "allowed_by_zerovm": False, "in_function": "_start",
                        "reason": None}])
    tree = parse(render_html(record(scan, item("acc/raw", "zerovm", PASS))))
    [row] = matrix_rows(tree)
    assert "1 outside policy" in row.text()
    sheet = tree.ids["sheet-acc/raw"]
    summary = " ".join(sheet.find_all("summary")[0].text().split())
    assert "no trap function" in summary and "1 trap site outside policy: syscall" in summary, summary
    assert "1 trap site outside policy: syscall" in " ".join(sheet.text().split())


def test_case_file_links_are_absolute_from_a_run_directory_outside_the_repository(tmp_path: Path) -> None:
    area = corpus(tmp_path / "repo")
    files = {"toml": str(area / "both.toml"), "source": str(area / "both.c")}
    rec = replace(MIXED, results=tuple(replace(r, actual={**r.actual, "case_files": files})
                                       for r in MIXED.results if r.case == "a/both"))
    for out, relative in ((tmp_path / "repo" / "results" / "R", True), (tmp_path / "runs" / "R", False)):
        [row] = matrix_rows(parse(render_html(rec, out)))
        hrefs = [a.attrs["href"] for a in row.find_all("a") if not a.attrs["href"].startswith("#")]
        assert len(hrefs) == 2
        if relative:  # inside the checkout: moves with it
            assert hrefs == ["../../cases/a/both.toml", "../../cases/a/both.c"]
        else:  # /tmp/run: ../repo/cases/... would break as soon as the run directory alone moves
            assert [unquote(urlparse(h).path) for h in hrefs] == [files["toml"], files["source"]]
            assert all(h.startswith("file:///") for h in hrefs)


WRITER = r"""#include <zvm.h>
void _start(void) { zvm_pwrite(1, "hi\n", 3, 0); zvm_exit(0); }
"""
QUIET = r"""#include <zvm.h>
void _start(void) { zvm_exit(0); }
"""
CLUSTER_CASE = """description = "two nodes, two programs"
[build]
runtime = false

[[node]]
name = "a"
source = "writer.c"
[node.run]
stdout = "hi\\n"

[[node]]
name = "b"
source = "quiet.c"
[node.run]
"""


def test_a_cluster_sheet_says_what_each_node_program_can_call(pytester: pytest.Pytester) -> None:
    _corpus(pytester, "net", {"writer.c": WRITER, "quiet.c": QUIET, "two.toml": CLUSTER_CASE})
    out = pytester.path / "results" / "run"
    result = pytester.runpytest("cases", "-p", "no:cacheprovider", "--target", "ref", f"--results={out}")
    result.assert_outcomes(passed=1)
    [run] = json.loads((out / "results.json").read_text())["results"]
    scans = {s["node"]: s for s in run["actual"]["node_scans"]}
    assert scans["a"]["reachable_functions"] == ["pwrite", "exit"] and scans["b"]["reachable_functions"] == ["exit"]
    sheet = parse((out / "report.html").read_text()).ids["sheet-net/two"]
    summary = " ".join(sheet.find_all("summary")[0].text().split())
    assert summary.startswith("net/two — can call pwrite exit"), summary
    reach = {li.text().split(":")[0]: li.text().split(":")[1].split() for li in sheet.find_all("li")}
    assert reach == {"node a": ["pwrite", "exit"], "node b": ["exit"]}
    scans_shown = [" ".join(d.find_all("summary")[0].text().split()) for d in sheet.find_all("details")]
    assert [s.split(":")[0] for s in scans_shown] == ["static scan at -O2 node a", "static scan at -O2 node b"]
    assert "Not known" not in sheet.text()


def test_nodes_that_run_one_program_count_its_sites_outside_policy_once() -> None:
    site = {"address": 0x20bb6, "kind": "call", "slot": 0, "function": None, "in_function": "main",
            "reason": "the argument pointer %edi is not statically known", "allowed_by_zerovm": False,
            "within_policy": False}
    scan = {"loads": True, "valid": True, "scanner": "harness.scan", "traps": [site],
            "reachable_functions": ["pread", "pwrite", "jail", "unjail", "fork", "exit", "unknown"], "findings": []}
    quiet = {**scan, "traps": [], "reachable_functions": ["exit"]}
    actual = {"nodes": [{"name": n, "outcome": "exited", "outputs": {}} for n in "abc"],
              "node_scans": [{"node": "a", **scan}, {"node": "b", **scan}, {"node": "c", **quiet}]}
    tree = parse(render_html(record(replace(item("n/three", "ref", PASS), actual=actual),
                                    replace(item("n/three", "zerovm", PASS), actual=actual))))
    [row] = matrix_rows(tree)
    assert "1 outside policy" in " ".join(row.text().split())
    sheet = tree.ids["sheet-n/three"]
    assert "1 trap site outside policy: unresolved function code" in " ".join(sheet.text().split())
    reach = {li.text().split(":")[0]: li.text().split(":")[1].split() for li in sheet.find_all("li")}
    assert reach["node c"] == ["exit"] and "unknown" in reach["node a"]
