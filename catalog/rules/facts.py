"""The facts a rule result carries, and how they are worded in a finding's message.

A rule function never writes a sentence. It names a message of its rule (``messages:`` in the rule's YAML) and
gives the facts the template needs, as small values that refer to the model::

    yield unknown([flow.id], "no_protection_stated", flow=FlowRef(flow.id), items=Items(personal))

The message is worded only when someone reads it, in the reader's language, the way a council member knows
the elements: a flow as 「title」（sender → receiver）, a node by its title, data items by their titles (the
first three and a count), a vocabulary term by its label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from pia_toolkit.catalog.texts import Bilingual, Message, fill
from pia_toolkit.catalog.vocabularies import vocabulary

if TYPE_CHECKING:
    from pia_toolkit.flows.graph import FlowGraph


@dataclass(frozen=True)
class ElementRef:
    """A model element by its id; the subclass says which kind of element, and so how it is worded."""

    id: str


class FlowRef(ElementRef):
    """「title」（sender → receiver）, or just the two ends when the flow has no title."""


class NodeRef(ElementRef):
    """「node title」."""


class DataRef(ElementRef):
    """「data item title」."""


class ZoneRef(ElementRef):
    """「zone title」."""


class ContractRef(ElementRef):
    """the contract with 「contractor」「contract title」."""


@dataclass(frozen=True)
class Items:
    """氏名、住所ほか2項目 / name, address and 2 more."""

    ids: tuple[str, ...]
    limit: int = 3


@dataclass(frozen=True)
class Route:
    """A → B → C; a long path keeps its ends and says how many hops it has (the finding lists every node). A stop
    may be several nodes side by side, 「A・B → USB → C」: those who all write to one medium are not a chain."""

    nodes: tuple[str | tuple[str, ...], ...]
    limit: int = 6


@dataclass(frozen=True)
class Term:
    """A vocabulary label (a channel, a relationship, a clause group...)."""

    vocabulary: str
    id: str


@dataclass(frozen=True)
class Terms:
    """Several labels of one vocabulary: 「秘密保持」・「事故報告」 / confidentiality, incident reporting."""

    vocabulary: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Words:
    """Some of the rule's own ``words:`` (each a short template with facts of its own), joined as a list."""

    parts: tuple[tuple[str, Mapping[str, Fact]], ...]
    joiner: str = "list"
    """list: 「A、B」 / "A; B" · and: 「A・B」 / "A and B" · or: 「A・B」 / "A or B" · none: side by side"""

    @classmethod
    def of(cls, *keys: str, joiner: str = "list") -> Words:
        return cls(tuple((key, {}) for key in keys), joiner)


@dataclass(frozen=True)
class Said:
    """Texts worded elsewhere (catalogue messages such as the threshold judgment's reasons), joined as a list."""

    messages: tuple[Message, ...]
    joiner: str = "list"

    @classmethod
    def of(cls, *messages: Message, joiner: str = "list") -> Said:
        return cls(messages, joiner)


Fact: TypeAlias = (
    FlowRef | NodeRef | DataRef | ZoneRef | ContractRef | Items | Route | Term | Terms | Words | Said | str | int
)
"""A plain ``str`` or ``int`` is model text or a count, inserted as it is."""

_JOINERS = {
    "list": ("、", "; "),
    "and": ("・", " and "),
    "or": ("・", " or "),
    "none": ("", ""),
}


class Wording:
    """Words a rule's facts in one language, against the graph the rule ran on."""

    def __init__(self, graph: FlowGraph, lang: str, words: Mapping[str, Bilingual]) -> None:
        self.graph = graph
        self.lang = lang
        self.ja = lang != "en"
        self.words = words

    def message(self, template: Bilingual, facts: Mapping[str, Fact]) -> str:
        return fill(template.get(self.lang), {name: self.fact(value) for name, value in facts.items()})

    def fact(self, value: Fact) -> str:
        match value:
            case FlowRef(id=flow_id):
                return self.flow(flow_id)
            case NodeRef(id=node_id):
                return self.quoted(self.graph.node_label(node_id, self.lang))
            case DataRef(id=item_id):
                return self.quoted(self.graph.data_label(item_id, self.lang))
            case ZoneRef(id=zone_id):
                return self.quoted(self.graph.zone_label(zone_id, self.lang))
            case ContractRef(id=contract_id):
                return self.contract(contract_id)
            case Items(ids=ids, limit=limit):
                return self.items(ids, limit)
            case Route(nodes=nodes, limit=limit):
                return self.route(nodes, limit)
            case Term(vocabulary=name, id=term_id):
                return vocabulary(name).label(term_id, self.lang)
            case Terms(vocabulary=name, ids=ids):
                labels = [vocabulary(name).label(i, self.lang) for i in ids]
                return "・".join(f"「{label}」" for label in labels) if self.ja else ", ".join(labels)
            case Words(parts=parts, joiner=joiner):
                return self.joined([self.message(self.words[key], facts) for key, facts in parts], joiner)
            case Said(messages=messages, joiner=joiner):
                return self.joined([said.text(self.lang) for said in messages], joiner)
            case _:
                return str(value)

    def joined(self, worded: list[str], joiner: str) -> str:
        ja, en = _JOINERS[joiner]
        if not self.ja and joiner in ("and", "or") and len(worded) > 2:
            return ", ".join(worded[:-1]) + en + worded[-1]
        return (ja if self.ja else en).join(worded)

    def quoted(self, label: str) -> str:
        return f"「{label}」" if self.ja else f"'{label}'"

    def flow(self, flow_id: str) -> str:
        graph = self.graph
        flow = graph.flows[flow_id]
        ends = f"{graph.node_label(flow.source, self.lang)} → {graph.node_label(flow.target, self.lang)}"
        title = flow.title if self.ja or not flow.title_en else flow.title_en
        if not title:
            return self.quoted(ends)
        return f"「{title}」（{ends}）" if self.ja else f"'{title}' ({ends})"

    def contract(self, contract_id: str) -> str:
        contract = next(c for c in self.graph.document.contracts if c.id == contract_id)
        party = self.graph.node_label(contract.contractor, self.lang)
        if self.ja:
            return f"{party}との契約" + (f"「{contract.title}」" if contract.title else "")
        return f"the contract with {party}" + (f" '{contract.title}'" if contract.title else "")

    def items(self, ids: Sequence[str], limit: int) -> str:
        shown = [self.graph.data_label(i, self.lang) for i in ids[:limit]]
        rest = len(ids) - len(shown)
        if self.ja:
            return "、".join(shown) + (f"ほか{rest}項目" if rest else "")
        return ", ".join(shown) + (f" and {rest} more" if rest else "")

    def route(self, nodes: Sequence[str | tuple[str, ...]], limit: int) -> str:
        def label(stop: str | tuple[str, ...]) -> str:
            together = (stop,) if isinstance(stop, str) else stop
            return ("・" if self.ja else " / ").join(self.graph.node_label(n, self.lang) for n in together)

        if len(nodes) <= limit:
            return " → ".join(label(n) for n in nodes)
        head = " → ".join(label(n) for n in nodes[:3])
        tail = " → ".join(label(n) for n in nodes[-2:])
        hops = f"（{len(nodes) - 1}段）" if self.ja else f" ({len(nodes) - 1} hops)"
        return f"{head} → … → {tail}{hops}"
