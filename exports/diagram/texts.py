"""The diagram's own words, in Japanese and English, and the small text helpers built on them."""

from __future__ import annotations

from pia_toolkit.catalog.vocabularies import vocabulary

TEXTS: dict[str, dict[str, str]] = {
    "ja": {
        "diagram": "データフロー図",
        "data_view": "データ項目と取扱い箇所",
        "legend": "凡例",
        "shapes": "図形",
        "lines": "経路（線種）",
        "marks": "指摘の印",
        "steps": "手順一覧",
        "step": "番号",
        "what": "内容",
        "from_to": "送付元 → 送付先",
        "channel": "経路",
        "protection": "保護措置",
        "relationship": "関係",
        "data": "データ項目",
        "findings": "指摘",
        "unencrypted_none": "⚠ 一般回線・暗号化なし",
        "unencrypted_unknown": "⚠ 一般回線・暗号化不明",
        "unencrypted_legend": "一般回線で暗号化なし・不明",
        "payload_only": "（通信路は暗号化なし）",
        "protection_unknown": "不明",
        "protection_none": "なし",
        "more": "他{n}件",
        "item_sep": "、",
        "violation": "違反（重要度）",
        "question": "要確認（記載不足）",
        "highlight": "強調表示中の指摘",
        "faded": "灰色: 指摘に関係しない要素",
        "stores": "保管",
        "uses": "処理",
        "received": "受領",
        "sent": "送付",
        "collects": "取得",
        "item": "データ項目",
        "class": "区分",
        "outside_zone": "ゾーン外",
        "cells": "保管=保管している / 処理=処理に使う / 受領=フローで受け取る / 送付=フローで送る / 取得=本人等から取得",
        "no_flows": "フローがありません",
        "channel_unknown": "経路不明",
        "no_nodes": "取り扱うノードなし",
        "findings_count": "指摘 {n}件（違反 {v}・要確認 {q}）",
    },
    "en": {
        "diagram": "Data-flow diagram",
        "data_view": "Data items and where they are handled",
        "legend": "Legend",
        "shapes": "Shapes",
        "lines": "Channels (line styles)",
        "marks": "Finding marks",
        "steps": "Steps",
        "step": "No.",
        "what": "What",
        "from_to": "From → to",
        "channel": "Channel",
        "protection": "Protection",
        "relationship": "Relationship",
        "data": "Data items",
        "findings": "Findings",
        "unencrypted_none": "⚠ general line, not encrypted",
        "unencrypted_unknown": "⚠ general line, encryption unknown",
        "unencrypted_legend": "General line, no or unknown encryption",
        "payload_only": "(line itself not encrypted)",
        "protection_unknown": "Unknown",
        "protection_none": "None",
        "more": "+{n} more",
        "item_sep": ", ",
        "violation": "Violation (severity)",
        "question": "Question (not stated)",
        "highlight": "Highlighted finding",
        "faded": "Grey: elements not concerned",
        "stores": "Stores",
        "uses": "Uses",
        "received": "Recv",
        "sent": "Sent",
        "collects": "Collects",
        "item": "Data item",
        "class": "Class",
        "outside_zone": "No zone",
        "cells": "Stores = keeps it / Uses = processes it / Recv = a flow brings it / Sent = a flow sends it / Collects = takes it from the person",
        "no_flows": "No flows",
        "channel_unknown": "channel unknown",
        "no_nodes": "No node handles any item",
        "findings_count": "{n} findings ({v} violations, {q} questions)",
    },
}

DATA_CLASS_LABELS = {
    "ja": {
        "my_number": "特定個人情報",
        "sensitive": "要配慮個人情報",
        "personal": "個人情報",
        "pseudonymised": "仮名加工情報",
        "anonymised": "匿名加工情報・統計",
        "non_personal": "個人に関しない情報",
    },
    "en": {
        "my_number": "My Number data",
        "sensitive": "Sensitive",
        "personal": "Personal",
        "pseudonymised": "Pseudonymised",
        "anonymised": "Anonymised",
        "non_personal": "Non-personal",
    },
}

_CIRCLED = (
    [chr(0x2460 + i) for i in range(20)] + [chr(0x3251 + i) for i in range(15)] + [chr(0x32B1 + i) for i in range(15)]
)
"""①–⑳, ㉑–㉟, ㊱–㊿."""


def t(key: str, lang: str) -> str:
    return TEXTS.get(lang, TEXTS["ja"])[key]


def step_mark(number: int) -> str:
    """① for 1 … ㊿ for 50, then "51." (step 0 is shown as "0.")."""
    return _CIRCLED[number - 1] if 1 <= number <= len(_CIRCLED) else f"{number}."


def vocab_label(vocab: str, key: str, lang: str) -> str:
    return vocabulary(vocab).label(key, lang)


def data_class_label(data_class: str, lang: str) -> str:
    return DATA_CLASS_LABELS.get(lang, DATA_CLASS_LABELS["ja"]).get(data_class, data_class)


def channel_text(channel: str, lang: str) -> str:
    """The channel's name; an unknown channel says so in words (the vocabulary's bare 不明 reads oddly alone)."""
    return t("channel_unknown", lang) if channel == "unknown" else vocab_label("channels", channel, lang)
