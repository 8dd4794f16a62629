"""The diagram of a change, as a reviewer reads it: every added element marked 〔新〕, every removed one still drawn
as a struck-through grey ghost marked 〔削除〕, changed ones marked 〔変更〕, and a step number that moved shown as
both numbers (⑤→⑥); on the three reference pairs, on pairs made by editing the examples, and with ``--since`` read
from git."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia_toolkit.exports.diagram.change import view_dot
from pia_toolkit.exports.diagram.change_view import change_view
from pia_toolkit.exports.diagram.dotwriter import quote
from pia_toolkit.exports.diagram.steps import step_numbers
from pia_toolkit.exports.diagram.texts import step_mark
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Flow, FlowDocument, Node
from pia_toolkit.pia.checked import open_model
from pia_toolkit.pia.diff.elements import diff_documents
from tests.conftest import run_cli
from tests.diagram.helpers import EXAMPLES, SVG_NS, load_graph, needs_dot, svg_groups, svg_of
from tests.diff.helpers import CHANGES, git, requires_git

PAIRS = sorted(p.name for p in CHANGES.iterdir() if (p / "before.yaml").is_file())
EXAMPLE_MODELS = sorted(EXAMPLES.glob("*.yaml"))
MARK = {"added": "〔新〕", "removed": "〔削除〕", "changed": "〔変更〕"}
MARK_EN = {"added": "[new]", "removed": "[removed]", "changed": "[changed]"}


# ---- reading the DOT as a reader of the picture would ---------------------------------------------------
def node_statement(dot: str, name: str) -> str:
    """The statement that draws DOT node ``name`` (its label and attributes)."""
    found = re.search(rf"^\t+{re.escape(quote(name))} \[(.*)\]$", dot, re.MULTILINE)
    assert found, f"{name} is not drawn"
    return found.group(1)


def zone_statement(dot: str, zone_id: str) -> str:
    found = re.search(rf"subgraph {re.escape(quote('cluster_' + zone_id))} \{{\n\t+(.*)\n", dot)
    assert found, f"zone {zone_id} is not drawn"
    return found.group(1)


def flow_lines(dot: str, flow_id: str) -> list[str]:
    label = re.escape(quote(f"_flow_{flow_id}"))
    return re.findall(rf"^\t+.*(?:-> {label}|{label} ->).*$", dot, re.MULTILINE)


def statement(dot: str, section: str, element_id: str) -> str:
    if section == "zones":
        return zone_statement(dot, element_id)
    return node_statement(dot, element_id if section == "nodes" else f"_flow_{element_id}")


def assert_drawn_as(dot: str, section: str, element_id: str, status: str, marks: dict[str, str] = MARK) -> None:
    drawn = statement(dot, section, element_id)
    if status == "unchanged":
        assert not any(mark in drawn for mark in marks.values()), (section, element_id, drawn)
        return
    assert marks[status] in drawn, (section, element_id, status, drawn)
    others = [m for s, m in marks.items() if s != status]
    assert not any(mark in drawn for mark in others), (section, element_id, drawn)
    if status == "removed":
        assert "<S>" in drawn and "dashed" in drawn, drawn  # a ghost: struck through, a dashed outline
    if section == "flows":
        lines = flow_lines(dot, element_id)
        assert len(lines) == 2, lines
        widths = [float(w) for line in lines for w in re.findall(r'penwidth="?([0-9.]+)', line)]
        assert len(widths) == 2, lines
        if status == "removed":
            assert max(widths) <= 1.0, lines  # a thin grey ghost
        else:
            assert min(widths) >= 3.0, lines  # bold in greyscale
    elif section == "nodes" and status == "added":
        assert "peripheries=2" in drawn, drawn  # a double outline


Element = TypeVar("Element", Node, Flow)


def _renamed(element: Element, old_id: str, new_id: str, reference: str) -> Element:
    """``element`` with ``old_id`` renamed ``new_id``: as its own id, and where its ``reference`` field (a node's
    operator, a flow's must_match) names it."""
    if element.id == old_id:
        element = element.model_copy(update={"id": new_id})
    if getattr(element, reference) == old_id:
        element = element.model_copy(update={reference: new_id})
    return element


def moved_text(old: int, new: int) -> str:
    return f"{step_mark(old)}→{step_mark(new)}"


@dataclass
class Expected:
    """What a pair should show, worked out from what was edited (or from pia diff for the reference pairs)."""

    status: dict[tuple[str, str], str] = field(default_factory=dict)
    moved: dict[str, tuple[int, int]] = field(default_factory=dict)


def expected_from_diff(old: FlowGraph, new: FlowGraph) -> Expected:
    expected = Expected()
    for change in diff_documents(old.document, new.document):
        if change.section in ("zones", "nodes", "flows"):
            step_only = change.old_id is None and {a.name for a in change.attributes} == {"step"}
            kind = "changed" if change.change == "renamed" else change.change
            if not (change.section == "flows" and step_only):
                expected.status[(change.section, change.id)] = kind
        elif change.section == "stores" and change.parent:
            expected.status.setdefault(("nodes", change.parent), "changed")
    expected.moved = moved_steps(old, new, {})
    return expected


def moved_steps(old: FlowGraph, new: FlowGraph, renamed: dict[str, str]) -> dict[str, tuple[int, int]]:
    before, after = step_numbers(old), step_numbers(new)
    back = {n: o for o, n in renamed.items()}
    moved = {}
    for flow_id, number in after.items():
        was = before.get(back.get(flow_id, flow_id))
        if was is not None and was != number:
            moved[flow_id] = (was, number)
    return moved


def assert_shows(dot: str, old: FlowGraph, new: FlowGraph, expected: Expected) -> None:
    for (section, element_id), status in expected.status.items():
        assert_drawn_as(dot, section, element_id, status)
    for section, elements in (("zones", new.zones), ("nodes", new.nodes), ("flows", new.flows)):
        drawn = {z for z in elements if section != "zones" or any(n.zone == z for n in new.nodes.values())}
        for element_id in drawn:
            if (section, element_id) not in expected.status:
                assert_drawn_as(dot, section, element_id, "unchanged")
    for flow_id, (was, now) in expected.moved.items():
        assert moved_text(was, now) in node_statement(dot, f"_flow_{flow_id}"), flow_id
    for flow_id in new.flows:
        if flow_id not in expected.moved:
            assert not re.search(r"<B>[^<]*→[^<]*</B>", node_statement(dot, f"_flow_{flow_id}")), flow_id


def graphs(pair: str) -> tuple[FlowGraph, FlowGraph]:
    return load_graph(CHANGES / pair / "before.yaml"), load_graph(CHANGES / pair / "after.yaml")


def dot_of(old: FlowGraph, new: FlowGraph, lang: str = "ja") -> str:
    return view_dot(change_view(old, new, diff_documents(old.document, new.document)), lang)


# ---- the reference pairs ---------------------------------------------------------------------------------
@pytest.mark.parametrize("pair", PAIRS)
def test_reference_pair_marks_every_change(pair: str) -> None:
    old, new = graphs(pair)
    assert_shows(dot_of(old, new), old, new, expected_from_diff(old, new))


def test_missing_query_arrow_is_drawn_new_beside_the_reworded_response() -> None:
    old, new = graphs("meguro-medical-aid-query-arrow")
    dot = dot_of(old, new)
    assert_drawn_as(dot, "flows", "f_eligibility_query", "added")
    assert_drawn_as(dot, "flows", "f_eligibility_response", "changed")
    assert_drawn_as(dot, "nodes", "payment_fund", "unchanged")
    # the table under the drawing names the new data item, which the zones view does not draw on its own
    assert re.search(r"〔新〕.*データ項目 eligibility_query", dot)
    assert "変更の印" in dot  # the legend explains the marks


def test_email_consultation_adds_the_cloud_zone_and_its_service() -> None:
    old, new = graphs("setagaya-1002-email-consultation")
    dot = dot_of(old, new)
    assert_drawn_as(dot, "zones", "external_cloud", "added")
    assert_drawn_as(dot, "nodes", "meeting_service", "added")
    for n in range(1, 6):
        assert_drawn_as(dot, "nodes", f"centre_{n}", "changed")  # uses the e-mail address, stores retitled


def test_english_marks_with_lang_en() -> None:
    old, new = graphs("meguro-medical-aid-query-arrow")
    dot = dot_of(old, new, "en")
    assert_drawn_as(dot, "flows", "f_eligibility_query", "added", MARK_EN)
    assert "Change marks" in dot and "〔新〕" not in dot


@needs_dot
@pytest.mark.parametrize("pair", PAIRS)
def test_reference_pair_renders_with_marks_in_the_svg(pair: str) -> None:
    old, new = graphs(pair)
    svg = svg_of(dot_of(old, new))
    texts = " ".join(t.text or "" for g in svg_groups(svg, "node") for t in g.iter(f"{SVG_NS}text"))
    assert "〔新〕" in texts or "〔変更〕" in texts


# ---- pairs made by editing an example --------------------------------------------------------------------
@dataclass
class Edit:
    document: FlowDocument
    expected: Expected
    renamed: dict[str, str] = field(default_factory=dict)


def _edit(old: FlowDocument, data: st.DataObject) -> Edit:
    """Apply some of: remove a zone (its nodes moved to the zone around it), rename a node, rename a flow, change
    a flow's channel, add a node and a flow to it, remove a flow,
    remove a node (with its flows), renumber the steps after some point; each on elements no other edit touched."""
    expected = Expected()
    status = expected.status
    doc = old
    touched_nodes: set[str] = set()
    touched_flows: set[str] = set()
    renamed: dict[str, str] = {}

    def pick(options: list[str], label: str) -> str | None:
        return data.draw(st.sampled_from(options), label=label) if options else None

    zones_with_nodes = [z.id for z in doc.zones if any(n.zone == z.id for n in doc.nodes)]
    if data.draw(st.booleans(), label="remove zone") and (zone := pick(zones_with_nodes, "removed zone")):
        outer = next(z.parent for z in doc.zones if z.id == zone)
        moved = {n.id for n in doc.nodes if n.zone == zone}
        doc = doc.model_copy(
            update={
                "zones": [
                    z.model_copy(update={"parent": outer}) if z.parent == zone else z for z in doc.zones if z.id != zone
                ],
                "nodes": [n.model_copy(update={"zone": outer}) if n.id in moved else n for n in doc.nodes],
            }
        )
        status[("zones", zone)] = "removed"
        touched_nodes |= moved  # (renamed as well, a moved node would read as one removed and one added)
        for node in moved:
            status[("nodes", node)] = "changed"
        for child in (
            z.id for z in doc.zones if z.parent == outer and z.id in {c.id for c in old.zones if c.parent == zone}
        ):
            status[("zones", child)] = "changed"
    still = [n.id for n in doc.nodes if n.id not in touched_nodes]
    if data.draw(st.booleans(), label="rename") and (node := pick(still, "renamed node")):
        new_id = f"{node}_renamed"
        renamed[node] = new_id
        doc = doc.model_copy(
            update={
                "nodes": [_renamed(n, node, new_id, "operator") for n in doc.nodes],
                "flows": [
                    f.model_copy(
                        update={
                            "source": new_id if f.source == node else f.source,
                            "target": new_id if f.target == node else f.target,
                        }
                    )
                    for f in doc.flows
                ],
            }
        )
        touched_nodes.add(new_id)
        status.pop(("nodes", node), None)
        status[("nodes", new_id)] = "changed"
    if data.draw(st.booleans(), label="rename flow") and (flow := pick([f.id for f in doc.flows], "renamed flow")):
        new_id = f"{flow}_renamed"
        renamed[flow] = new_id
        doc = doc.model_copy(update={"flows": [_renamed(f, flow, new_id, "must_match") for f in doc.flows]})
        touched_flows.add(new_id)
        status[("flows", new_id)] = "changed"
    untouched = [f.id for f in doc.flows if f.id not in touched_flows]
    if data.draw(st.booleans(), label="rechannel") and (flow := pick(untouched, "rechannelled")):
        current = next(f for f in doc.flows if f.id == flow)
        channel = "post" if current.channel != "post" else "email"
        doc = doc.model_copy(
            update={"flows": [f.model_copy(update={"channel": channel}) if f.id == flow else f for f in doc.flows]}
        )
        touched_flows.add(flow)
        status[("flows", flow)] = "changed"
    if data.draw(st.booleans(), label="add") and doc.nodes and doc.flows:
        base = doc.nodes[data.draw(st.integers(0, len(doc.nodes) - 1), label="next to")]
        template = doc.flows[0]
        added = base.model_copy(update={"id": "added_party", "title": "追加された相手", "stores": []})
        new_flow = template.model_copy(
            update={"id": "f_added", "source": base.id, "target": "added_party", "step": None}
        )
        doc = doc.model_copy(update={"nodes": [*doc.nodes, added], "flows": [*doc.flows, new_flow]})
        touched_nodes |= {"added_party", base.id}
        touched_flows.add("f_added")
        status[("nodes", "added_party")] = "added"
        status[("flows", "f_added")] = "added"
    if data.draw(st.booleans(), label="remove flow"):
        flow = pick([f.id for f in doc.flows if f.id not in touched_flows], "removed flow")
        if flow is not None:
            doc = doc.model_copy(update={"flows": [f for f in doc.flows if f.id != flow]})
            status[("flows", flow)] = "removed"
    if data.draw(st.booleans(), label="remove node"):
        around = {e for f in doc.flows if f.id in touched_flows for e in (f.source, f.target)}
        candidates = [n.id for n in doc.nodes if n.id not in touched_nodes | around]
        node = pick(candidates, "removed node")
        if node is not None:
            gone = [f.id for f in doc.flows if node in (f.source, f.target)]
            doc = doc.model_copy(
                update={
                    "nodes": [n for n in doc.nodes if n.id != node],
                    "flows": [f for f in doc.flows if f.id not in gone],
                }
            )
            status[("nodes", node)] = "removed"
            for flow in gone:
                status[("flows", flow)] = "removed"
    if data.draw(st.booleans(), label="renumber") and doc.flows:
        start = data.draw(st.integers(0, 12), label="from step")
        doc = doc.model_copy(
            update={
                "flows": [
                    f.model_copy(update={"step": f.step + 1}) if f.step is not None and f.step >= start else f
                    for f in doc.flows
                ]
            }
        )
    return Edit(doc, expected, renamed)


_EXAMPLE_GRAPHS: dict[Path, FlowGraph] = {}


def example_graph(path: Path) -> FlowGraph:
    if path not in _EXAMPLE_GRAPHS:
        _EXAMPLE_GRAPHS[path] = load_graph(path)
    return _EXAMPLE_GRAPHS[path]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_edited_example_marks_what_was_edited(data: st.DataObject) -> None:
    old = example_graph(data.draw(st.sampled_from(EXAMPLE_MODELS), label="example"))
    edit = _edit(old.document, data)
    new = FlowGraph.build(edit.document)
    edit.expected.moved = moved_steps(old, new, edit.renamed)
    dot = dot_of(old, new)
    assert_shows(dot, old, new, edit.expected)
    for (section, element_id), status in edit.expected.status.items():
        if status == "removed":  # a ghost keeps its place: its old step number, its ends
            assert element_id not in (new.nodes if section == "nodes" else new.flows)
            if section == "flows":
                number = step_numbers(old)[element_id]
                assert f"<B>{step_mark(number)}</B>" in node_statement(dot, f"_flow_{element_id}")


SEVERAL_FLOWS = [p for p in EXAMPLE_MODELS if len(example_graph(p).flows) >= 3][:4]


@needs_dot
@pytest.mark.parametrize("model", SEVERAL_FLOWS, ids=lambda p: p.stem)
def test_a_ghost_and_a_moved_step_render(model: Path) -> None:
    old = example_graph(model)
    numbers = step_numbers(old)
    removed_flow = old.document.flows[-1]
    lonely = [n for n in (removed_flow.source, removed_flow.target) if len(old.flows_touching([n])) == 1]
    doc = old.document.model_copy(
        update={
            "nodes": [n for n in old.document.nodes if n.id not in lonely],
            "flows": [
                f.model_copy(update={"step": numbers[f.id] + 1}) for f in old.document.flows if f != removed_flow
            ],
        }
    )
    new = FlowGraph.build(doc)
    svg = svg_of(dot_of(old, new))
    arrows = [g for g in svg_groups(svg, "node") if (g.findtext(f"{SVG_NS}title") or "").startswith("_flow_")]
    texts = [t.text or "" for g in arrows for t in g.iter(f"{SVG_NS}text")]
    assert any("〔削除〕" in t for t in texts)
    assert any("→" in t and t[0] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" for t in texts), texts
    struck = [g for g in svg_groups(svg, "node") if "line-through" in _xml(g)]
    assert struck, "the ghost's text is struck through"


def _xml(element: object) -> str:
    import xml.etree.ElementTree as ET

    return ET.tostring(element, encoding="unicode").replace("ns0:", "")  # type: ignore[arg-type]


# ---- pia render --since ----------------------------------------------------------------------------------
def test_render_since_a_file(tmp_path: Path) -> None:
    folder = CHANGES / "meguro-medical-aid-query-arrow"
    out = tmp_path / "change.dot"
    result = run_cli("render", folder / "after.yaml", "--since", folder / "before.yaml", "-o", out)
    assert result.exit_code == 0, result.stderr
    dot = out.read_text(encoding="utf-8")
    assert_drawn_as(dot, "flows", "f_eligibility_query", "added")
    assert "重要な変更" in dot  # the class pia diff gives the change


def test_render_since_refuses_findings(tmp_path: Path) -> None:
    folder = CHANGES / "meguro-medical-aid-query-arrow"
    result = run_cli(
        "render", folder / "after.yaml", "--since", folder / "before.yaml", "--findings", "-o", tmp_path / "x.svg"
    )
    assert result.exit_code == 2
    assert "--since" in result.stderr


def test_render_since_an_unknown_file_says_so(tmp_path: Path) -> None:
    folder = CHANGES / "meguro-medical-aid-query-arrow"
    result = run_cli("render", folder / "after.yaml", "--since", tmp_path / "gone.yaml", "-o", tmp_path / "x.dot")
    assert result.exit_code == 2
    assert "gone.yaml" in result.stderr


@requires_git
def test_render_since_a_git_revision(flows_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The ward keeps its model in git: the diagram of the change since the last commit, read with git show."""
    repo = flows_copy.parent
    folder = flows_copy / "examples" / "changes" / "meguro-medical-aid-query-arrow"
    model = folder / "model.yaml"
    shutil.copy(folder / "before.yaml", model)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "as presented")
    shutil.copy(folder / "after.yaml", model)  # the corrected diagram, not yet committed
    monkeypatch.chdir(folder)
    out = tmp_path / "change.dot"
    result = run_cli("render", "model.yaml", "--since", "HEAD", "-o", out)
    assert result.exit_code == 0, result.stderr
    dot = out.read_text(encoding="utf-8")
    assert_drawn_as(dot, "flows", "f_eligibility_query", "added")
    assert "HEAD:" in dot  # the title names the old version as git does
    old = open_model(folder / "before.yaml", run_rules=False).graph
    new = open_model(model, run_rules=False).graph
    assert_shows(dot, old, new, expected_from_diff(old, new))
    git(repo, "commit", "-q", "-am", "query arrow")
    again = run_cli("render", "model.yaml", "--since", "HEAD~1", "-o", out)
    assert again.exit_code == 0, again.stderr
    assert_drawn_as(out.read_text(encoding="utf-8"), "flows", "f_eligibility_query", "added")
    unknown = run_cli("render", "model.yaml", "--since", "no-such-rev", "-o", out)
    assert unknown.exit_code == 2
