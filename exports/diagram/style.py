"""How the diagram looks, as data: zone fills and borders, node shapes, line styles, severity marks.

Every distinction is drawn twice, once in colour for the screen and once in a form that survives a greyscale
photocopy (border style, line pattern, pen width, a text mark), because councils read the diagrams on paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from pia_toolkit.catalog.rules import Severity

FONT = "IPAexGothic"
FONT_PACKAGE_HINT = "Debian/Ubuntu: apt-get install fonts-ipaexfont (macOS: brew install --cask font-ipaexfont)"

INK = "#212121"
MUTED = "#616161"
FADED = "#BDBDBD"
FADED_FILL = "#F7F7F7"
ALERT = "#C62828"
"""Red for what must stand out on screen; always paired with a bold pen and a ⚠ text mark for print."""

GRAPH_ATTRS = {
    "rankdir": "LR",
    "newrank": "true",
    "nodesep": "0.35",
    "ranksep": "0.6",
    "pad": "0.3",
    "fontname": FONT,
    "fontsize": "12",
    "bgcolor": "white",
    "labeljust": "l",
}
NODE_ATTRS = {
    "fontname": FONT,
    "fontsize": "11",
    "color": INK,
    "fontcolor": INK,
    "penwidth": "1.2",
    # Graphviz sets HTML-label lines closer than Japanese glyphs need, so the text runs high; the extra
    # height keeps the first line inside the shape.
    "margin": "0.14,0.11",
}
EDGE_ATTRS = {"fontname": FONT, "fontsize": "10", "color": INK, "fontcolor": INK, "arrowsize": "0.8"}

NODE_TITLE_WIDTH = {"ja": 24, "en": 26}
"""Wrap width of a node title, in half-width columns (a kanji counts two)."""
EDGE_TEXT_WIDTH = {"ja": 26, "en": 30}
EDGE_ITEM_WIDTH = 30
"""An item title on an arrow is cut to this many columns; the step table has it in full."""
EDGE_DATA_SHOWN = 3
"""Items named on an edge; with more, the first ``EDGE_DATA_SHOWN - 1`` and 他N件."""


@dataclass(frozen=True)
class ZoneStyle:
    fill: str
    border: str
    """Graphviz cluster style: solid, dashed, dotted or bold, so zones differ without colour."""
    pen: str
    penwidth: float


ZONE_STYLES: dict[str, ZoneStyle] = {
    "mynumber": ZoneStyle("#FDE4E4", "bold", "#8E2424", 2.6),
    "lgwan": ZoneStyle("#E3ECFA", "solid", "#1F4E9C", 1.6),
    "internet": ZoneStyle("#FFF4D0", "dashed", "#8A6D00", 1.6),
    "ward_premises": ZoneStyle("#F2F2F2", "solid", "#424242", 1.0),
    "contractor_premises": ZoneStyle("#E5F4E3", "dotted", "#2E6B2A", 2.0),
    "cloud": ZoneStyle("#E2F5F8", "dashed", "#00697A", 1.2),
    "public_body": ZoneStyle("#EEE6F6", "solid", "#5B2C83", 1.2),
    "national_network": ZoneStyle("#E8E2F4", "bold", "#4527A0", 2.0),
    "public": ZoneStyle("#FFFFFF", "dotted", "#616161", 1.2),
    "overseas": ZoneStyle("#FBE0CF", "dashed", "#A4400A", 2.8),
    "other": ZoneStyle("#F5F5F5", "dotted", "#757575", 1.0),
}
DEFAULT_ZONE_STYLE = ZONE_STYLES["other"]


@dataclass(frozen=True)
class ShapeStyle:
    shape: str
    style: str
    fill: str
    ja: str
    en: str


SHAPES: dict[str, ShapeStyle] = {
    "organisation": ShapeStyle("box", "rounded,filled", "#FFFFFF", "組織・部署", "Organisation / section"),
    "system": ShapeStyle("box3d", "filled", "#FFFFFF", "システム・サービス", "System / service"),
    "terminal": ShapeStyle("component", "filled", "#FFFFFF", "端末・機器", "Terminal / device"),
    "store": ShapeStyle("cylinder", "filled", "#FFFFFF", "データ保管", "Data store"),
    "person": ShapeStyle("ellipse", "filled", "#FFFFFF", "人（住民・職員）", "Person"),
    "paper": ShapeStyle("note", "filled", "#FFFFFF", "紙の書類・保管庫", "Paper"),
    "media": ShapeStyle("tab", "filled", "#FFFFFF", "電子記録媒体", "Removable media"),
}
SHAPE_ORDER = tuple(SHAPES)


@dataclass(frozen=True)
class LineStyle:
    style: str
    """solid, dashed, dotted (line pattern; survives greyscale)"""
    color: str
    """one colour, or ``c:invis:c`` for a double line"""
    penwidth: float
    arrowhead: str = "normal"


# Closed networks are solid, anything over a general line is dashed, physical hand-overs are dotted;
# the arrowhead and a double line tell members of a family apart, and every edge also names its channel.
LINE_STYLES: dict[str, LineStyle] = {
    "lgwan": LineStyle("solid", "#1F4E9C", 2.0),
    "lgwan_asp": LineStyle("solid", "#1F4E9C", 2.0, "onormal"),
    "dedicated": LineStyle("solid", "#37474F:invis:#37474F", 1.2),
    "ipn": LineStyle("solid", "#4527A0:invis:#4527A0", 1.6, "vee"),
    "internal": LineStyle("solid", "#757575", 1.0),
    "screen_transfer": LineStyle("solid", "#757575", 1.0, "odiamond"),
    "internet": LineStyle("dashed", "#37474F", 1.4),
    "internet_vpn": LineStyle("dashed", "#37474F:invis:#37474F", 1.2),
    "email": LineStyle("dashed", "#6D4C41", 1.4, "vee"),
    "fax": LineStyle("dotted", "#6D4C41", 1.6, "dot"),
    "phone": LineStyle("dotted", "#6D4C41", 1.6, "odot"),
    "media": LineStyle("dotted", "#00695C", 2.0, "box"),
    "flash_memory": LineStyle("dotted", "#00695C", 2.0, "obox"),
    "paper": LineStyle("dotted", "#4E342E", 2.0, "tee"),
    "post": LineStyle("dotted", "#4E342E", 2.0, "normal"),
    "in_person": LineStyle("solid", "#4E342E", 1.0, "open"),
    "unknown": LineStyle("dotted", "#616161", 1.6, "empty"),
}
DEFAULT_LINE_STYLE = LINE_STYLES["unknown"]


def line_style(channel: str) -> LineStyle:
    """How a flow over ``channel`` is drawn; a channel without a style of its own is drawn as ``unknown``."""
    return LINE_STYLES.get(channel, DEFAULT_LINE_STYLE)


UNENCRYPTED_LINE = LineStyle("dashed", ALERT, 3.5, "normal")
"""A general-line hop with no stated TLS/VPN: thick dashed and red, and its label says ⚠ 暗号化なし/不明."""
ENCRYPTING_PROTECTIONS = frozenset({"tls", "vpn"})


@dataclass(frozen=True)
class SeverityMark:
    color: str
    penwidth: float
    peripheries: int
    """A second outline for high and critical, so the mark shows in greyscale too."""


SEVERITY_MARKS: dict[Severity, SeverityMark] = {
    Severity.critical: SeverityMark("#8B0000", 4.0, 2),
    Severity.high: SeverityMark(ALERT, 3.0, 2),
    Severity.medium: SeverityMark("#E65100", 2.4, 1),
    Severity.low: SeverityMark("#1565C0", 2.0, 1),
}
VIOLATION_SYMBOL = "⚠"
QUESTION_SYMBOL = "?"

HIGHLIGHT = SeverityMark(ALERT, 4.0, 2)

DATA_CLASS_FILLS = {
    "my_number": "#FAD4D4",
    "sensitive": "#FFE7C7",
    "personal": "#FFFFFF",
    "pseudonymised": "#EEF3FA",
    "anonymised": "#F1F8EE",
    "non_personal": "#F5F5F5",
}
TABLE_HEADER_FILL = "#E0E0E0"


@dataclass(frozen=True)
class PaperStyle:
    """The compact style of a diagram set on paper (別添1, ``pia render --paper``): tighter spacing, and every text
    at a size that still reads at 7 pt (nodes, zones) or 6 pt (arrows) once the drawing is scaled to the page."""

    graph: dict[str, str]
    node: dict[str, str]
    edge: dict[str, str]
    zone_size: str
    zone_kind_size: str
    zone_margin: str
    node_detail_size: str
    label_margin: str
    node_title_width: dict[str, int]
    edge_text_width: dict[str, int]


PAPER = PaperStyle(
    graph={"nodesep": "0.13", "ranksep": "0.24", "pad": "0.04", "fontsize": "9.5", "newrank": "true"},
    node={"fontsize": "9.5", "margin": "0.07,0.06", "penwidth": "1.1"},  # room inside a thick mark border
    edge={"fontsize": "8", "arrowsize": "0.7"},
    zone_size="9.5",
    zone_kind_size="9",
    zone_margin="7",
    node_detail_size="9",
    label_margin="0.02,0.02",
    node_title_width={"ja": 20, "en": 22},
    edge_text_width={"ja": 24, "en": 28},
)
"""The smallest sizes are 9 pt in nodes and zone titles and 8 pt on arrows: a sheet scaled by 0.78 or more
prints them at 7 pt and 6.2 pt."""


@dataclass(frozen=True)
class StubStyle:
    pen: str
    fill: str
    style: str


STUB = StubStyle("#757575", "#FAFAFA", "dashed,filled")
"""A node that belongs to another sheet: grey, dashed, with its zone under its title."""
