"""Every fixed text the PDF prints, in Japanese and English."""

from __future__ import annotations

_TEXTS: dict[str, tuple[str, str]] = {
    "toc": ("目次", "Contents"),
    "legend": ("この文書の読み方", "How to read this document"),
    "cover_title_suffix": ("特定個人情報保護評価書", "Specific personal information protection assessment"),
    "municipality": ("評価実施機関", "Assessing body"),
    "business": ("事務の名称", "Business"),
    "section": ("担当部署", "Responsible section"),
    "form": ("様式", "Form"),
    "form_version": ("様式の版", "Form version"),
    "assessment_number": ("評価書番号", "Assessment number"),
    "assessment_name": ("評価書名", "Title of the assessment"),
    "date": ("作成日", "Date"),
    "model": ("データフローモデル", "Data-flow model"),
    "threshold": ("しきい値判断", "Threshold judgment"),
    "threshold_declared": ("評価書が宣言する評価", "Assessment declared"),
    "reasons": ("判断の根拠", "Reasoning"),
    "public_mark": ("公開版", "Public version"),
    "public_note": (
        "この文書は公開版です。公表しない項目と、所在・接続先などの非公開情報は「（非公開）」と表示して省略しています。",
        "This is the public version. Items not for publication and non-public details such as addresses are"
        " omitted and marked “(withheld)”.",
    ),
    "internal_mark": ("内部資料（非公開情報を含む）", "Internal document (contains non-public details)"),
    "withheld": ("（非公開）", "(withheld)"),
    "unanswered": ("未回答", "Not answered"),
    "unanswered_required": ("未回答（必須項目）", "Not answered (required)"),
    "source_model": ("モデルから自動記入", "Filled in from the model"),
    "source_entered": ("入力", "Entered"),
    "stale": ("モデルの現状と一致しない（要確認）", "No longer matches the model (check)"),
    "model_refs": ("根拠", "From"),
    "findings_here": ("関連する指摘", "Related findings"),
    "review_verdict": ("点検", "Review"),
    "none": ("なし", "none"),
    "unknown": ("不明", "unknown"),
    "other_detail": ("その他の内容", "Other"),
    "file": ("特定個人情報ファイル", "Specific personal information file"),
    "entry": ("件目", "entry"),
    # annex 1
    "diagram": ("特定個人情報の流れ図", "Diagram of the flow of specific personal information"),
    "diagram_missing_title": ("流れ図を描画できませんでした", "The diagram could not be drawn"),
    "diagram_missing_graphviz": (
        "Graphviz（dot コマンド）が見つからないため、流れ図をこのPDFに入れられませんでした。"
        "Graphviz をインストールしてから再度出力してください（Debian/Ubuntu: sudo apt-get install graphviz、"
        "macOS: brew install graphviz、Windows: https://graphviz.org/download/ ）。手順の一覧は下の表のとおりです。",
        "Graphviz (the dot command) was not found, so the diagram is missing from this PDF. Install Graphviz and"
        " export again (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz; Windows:"
        " https://graphviz.org/download/). The steps are listed in the table below.",
    ),
    "diagram_missing_other": (
        "流れ図の描画に失敗しました（{reason}）。`pia render` で図を単独に出力して原因を確認してください。"
        "手順の一覧は下の表のとおりです。",
        "Drawing the diagram failed ({reason}). Run `pia render` on the model to see why. The steps are listed"
        " in the table below.",
    ),
    "steps": ("手順の一覧", "Steps"),
    "step": ("手順", "Step"),
    "from_to": ("送り手 → 受け手", "From → to"),
    "data_items": ("データ項目", "Data items"),
    "channel": ("経路", "Channel"),
    "protection": ("保護措置", "Protection"),
    "relationship": ("関係", "Relationship"),
    "connection_detail": ("接続先・回線の詳細", "Connection details"),
    "parties": ("関係者・システムの一覧", "Parties and systems"),
    "node": ("名称", "Name"),
    "kind": ("種別", "Kind"),
    "zone": ("ゾーン", "Zone"),
    "location": ("所在国", "Country"),
    "operator": ("運用者", "Operator"),
    "address": ("所在・アドレス", "Address"),
    # findings
    "findings": ("指摘事項一覧（リスク点検の結果）", "Findings register (risk check results)"),
    "findings_intro": (
        "データフローモデルに対する自動点検の結果です。各指摘の ID はモデルの要素から作られ、版が変わっても同じです。",
        "Results of the automatic checks on the data-flow model. Each finding id is built from the model's"
        " element ids and stays the same across versions.",
    ),
    "findings_summary": ("重大度別の件数", "Count by severity"),
    "no_findings": ("指摘はありません。", "There are no findings."),
    "questions": (
        "確認事項（モデルに記載がなく判断できない点）",
        "Questions (the model does not say enough to decide)",
    ),
    "no_questions": ("確認事項はありません。", "There are no open questions."),
    "finding_id": ("指摘ID", "Finding id"),
    "severity": ("重大度", "Severity"),
    "rule": ("ルール", "Rule"),
    "message": ("内容", "Finding"),
    "question": ("確認したいこと", "Question"),
    "evidence": ("根拠（モデルの記載箇所）", "Evidence (where in the model)"),
    "path": ("経路", "Path"),
    "why": ("理由", "Why it matters"),
    "remedy": ("対処", "Remedy"),
    "triage": ("対応状況", "Triage"),
    "triage_open": ("未対応", "open"),
    "form_items": ("関連する評価書項目", "Form items"),
    "elements": ("対象", "Elements"),
    "count": ("件数", "Count"),
    "total": ("合計", "Total"),
    # review
    "review": ("第三者点検の結果", "Third-party review (第三者点検)"),
    "review_intro": (
        "第三者点検の点検者が評価書の項目ごとに付けた評価と意見です。評価は「要修正」「要改善」「妥当」の3段階で、"
        "評価実施機関自身の自己評価（十分である等）とは別のものです。",
        "Verdicts and comments the third-party reviewer gave per item of the assessment: needs correction,"
        " needs improvement or adequate. They are separate from the body's own self-assessment.",
    ),
    "review_summary": ("評価の集計", "Summary of verdicts"),
    "no_verdict": ("評価なし", "No verdict"),
    "review_items": ("項目ごとの評価と意見", "Verdicts and comments per item"),
    "no_review": ("点検者の評価・意見はまだありません。", "The reviewer has not recorded any verdict or comment yet."),
    "item": ("項目", "Item"),
    "verdict": ("評価", "Verdict"),
    "comment": ("意見", "Comment"),
    "action_plan": ("改善計画（対応者・期限）", "Action plan (who, by when)"),
    "no_actions": ("対応を割り当てた項目はありません。", "No item has an action assigned."),
    "who": ("対応者", "Who"),
    "due": ("期限", "Due"),
    "items_total": ("評価書の項目数", "Items in the form"),
    # legend
    "legend_significant": (
        "※ … この項目を変更すると「重要な変更」にあたり、変更前に特定個人情報保護評価を再実施する必要があります"
        "（Ⅲの「7 リスク1 ⑨」を除く）。",
        "※ … Changing this item is a significant change (重要な変更): the assessment must be carried out again"
        " before the change (except III-7 risk 1 ⑨).",
    ),
    "legend_choices": (
        "{on} … 選ばれた選択肢　{off} … 選ばれていない選択肢（様式の選択肢をすべて示しています）",
        "{on} … chosen   {off} … not chosen (every choice on the form is shown)",
    ),
    "legend_ids": (
        "項目名の下の小さな灰色の文字（例: I-1-1-business-name）は項目の固定IDです。"
        "意見や質問で場所を示すときに使えます。各ページ下の「3 / 24」はページ番号／総ページ数です。",
        "The small grey text under each item name (e.g. I-1-1-business-name) is the item's fixed id; use it to"
        " point at a place in comments. “3 / 24” at the foot of each page is the page number / page count.",
    ),
    "legend_source": (
        "「モデルから自動記入」はデータフローモデルから記入した回答、「入力」は担当者が入力した回答です。",
        "“Filled in from the model” answers come from the data-flow model; “Entered” answers were typed by the owner.",
    ),
    "legend_verdicts": (
        "第三者点検の評価: 要修正（記載の誤り・不足があり修正が必要）、要改善（改善を求める指摘事項）、妥当。",
        "Review verdicts: needs correction (wrong or missing, must be corrected), needs improvement (a point to"
        " improve), adequate.",
    ),
    "legend_severity": (
        "指摘の重大度: 重大 ＞ 高 ＞ 中 ＞ 低。特定個人情報や要配慮個人情報を含む場合は一段階引き上げています。",
        "Finding severity: critical > high > medium > low, raised one level where My Number or sensitive data"
        " is involved.",
    ),
    "footer_form": ("全項目評価書", "Full-item assessment"),
}


def t(key: str, lang: str = "ja", **values: object) -> str:
    ja, en = _TEXTS[key]
    text = ja if lang == "ja" else en
    return text.format(**values) if values else text
