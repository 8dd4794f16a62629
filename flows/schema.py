"""The flow document: one scheme (事務 or outsourcing plan) as typed pydantic models.

Allowed values of kinds, channels, zones, relationships and categories come from ``catalog/vocab``. Every
attribute a rule needs has an explicit ``unknown`` value; an attribute left out *is* unknown, so the rules turn
it into a question for the reviewer instead of passing silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from pia_toolkit.catalog.texts import choose
from pia_toolkit.catalog.vocabularies import vocabulary
from pia_toolkit.flows.answers import UNKNOWN as UNKNOWN
from pia_toolkit.flows.answers import Answer, MaybeAnswer, MaybeText, Text, Unknown

Tri = bool | Unknown
"""yes / no / not known (不明). Written as ``true``, ``false`` or ``unknown`` in YAML."""

Id = Annotated[
    str,
    Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=120, description="ASCII id, stable across versions"),
]


# The bound sits on the int branch only: on the union it would be applied to "unknown" too.
Count = Annotated[int, Field(ge=0)]


def _in_vocabulary(name: str) -> Any:
    """A string restricted to one vocabulary's ids, with a "did you mean" in the error."""
    vocab = vocabulary(name)

    def check(value: str) -> str:
        if value not in vocab:
            # Worded by flows.messages from the catalogue, in the reader's language.
            raise PydanticCustomError(
                "vocabulary", "'{value}' is not a known {vocabulary}", {"value": value, "vocabulary": name}
            )
        return value

    schema = {"type": "string", "enum": vocab.ids, "description": vocab.title}
    return Annotated[str, AfterValidator(check), WithJsonSchema(schema)]


if TYPE_CHECKING:  # for the type checker these are plain strings; at run time they check the vocabulary
    NodeKind: TypeAlias = str
    Channel: TypeAlias = str
    ZoneKind: TypeAlias = str
    Relationship: TypeAlias = str
    DataCategory: TypeAlias = str
    Protection: TypeAlias = str
    Certification: TypeAlias = str
    Assurance: TypeAlias = str
    ClauseGroup: TypeAlias = str
    RoleKind: TypeAlias = str
    AccessScope: TypeAlias = str
    Phase: TypeAlias = str
else:
    NodeKind = _in_vocabulary("node_kinds")
    Channel = _in_vocabulary("channels")
    ZoneKind = _in_vocabulary("zone_kinds")
    Relationship = _in_vocabulary("relationships")
    DataCategory = _in_vocabulary("data_categories")
    Protection = _in_vocabulary("protections")
    Certification = _in_vocabulary("certifications")
    Assurance = _in_vocabulary("assurance")
    ClauseGroup = _in_vocabulary("clause_groups")
    RoleKind = _in_vocabulary("roles")
    AccessScope = _in_vocabulary("access_scopes")
    Phase = _in_vocabulary("phases")

AssessmentLevel = Literal["full", "priority", "basic", "none", "unknown"]
"""全項目 / 重点項目 / 基礎項目 / 実施義務なし."""


class Strict(BaseModel):
    """Base for every part of the document: unknown keys are errors (they are usually typos)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Handlers(Strict):
    """取扱者数: staff and contractor staff who handle the file (both count for the threshold)."""

    staff: Count | Unknown = Field(UNKNOWN, description="区の職員で取り扱う者の数")
    contractor_staff: Count | Unknown = Field(UNKNOWN, description="委託先で取り扱う者の数")


class Promises(Strict):
    """What the scheme promises people, checked against the flows."""

    no_individual_results_to_organisation: bool = Field(
        False, description="個人単位の結果を組織（区・雇用者）に返さないと説明している (DAT-05)"
    )


class Scheme(Strict):
    """評価の対象となる事務・委託計画の基本情報."""

    id: Id
    title: Text = Field(description="事務・計画の名称（日本語）")
    title_en: MaybeText = None
    municipality: Text = Field(description="地方公共団体名 (e.g. 世田谷区)")
    business: Text = Field(description="事務の名称")
    responsible_section: Answer = Field(UNKNOWN, description="所管部署")
    legal_basis: Answer = Field(UNKNOWN, description="根拠法令")
    approval_date: dt.date | Unknown = Field(UNKNOWN, description="審議会の承認日")
    declared_assessment: AssessmentLevel = Field(UNKNOWN, description="評価書が宣言する評価の種類")
    form_version: Text = Field("平成28年1月 様式4", description="評価書の様式の版")
    people_count: Count | Unknown = Field(UNKNOWN, description="対象人数（特定個人情報ファイルの本人の数）")
    handlers: Handlers = Handlers()
    serious_incident_last_year: Tri = Field(UNKNOWN, description="過去1年以内の特定個人情報に関する重大事故")
    data_subjects: Literal["residents", "own_staff", "others", "unknown"] = Field(
        UNKNOWN,
        description="本人の区分: 住民等か、区の職員（職員であった者を含む）だけか。職員の人事・給与・福利厚生のファイルだけなら"
        "評価は義務付けられない（規則第4条第1号）",
    )
    processing: Literal["system", "paper_only", "unknown"] = Field(
        UNKNOWN, description="特定個人情報ファイルが電子か、手作業処理用（紙）だけか（規則第4条第2号）"
    )
    declared_anonymous: bool = Field(False, description="匿名のサービスとして案内している (DAT-04)")
    promises: Promises = Promises()
    reference: MaybeText = Field(None, description="出典（議事録・資料）")
    note: MaybeText = None


class NamedElement(Strict):
    """An element of the model a person names: its id, and the title the diagram and the assessment show."""

    id: Id
    title: Text
    title_en: MaybeText = None


class DataItem(NamedElement):
    """データ項目: one kind of information, classified by the taxonomy."""

    category: DataCategory = Field(description="データ区分（pia kinds の data categories: 特定個人情報・要配慮など）")
    purpose: Answer = Field(UNKNOWN, description="この項目を使う目的")
    justification: Answer = Field(UNKNOWN, description="要配慮個人情報を扱う理由 (DAT-02)")
    individual_level: bool = Field(False, description="個人単位の結果（集計値でない）")
    linkage_assessed: Tri = Field(UNKNOWN, description="匿名・統計出力の再識別リスクを確認した (DAT-08)")


class Zone(NamedElement):
    """ゾーン: a network zone or premises; zones nest through ``parent``."""

    kind: ZoneKind
    parent: Id | None = Field(None, description="外側のゾーンの id")


class Location(Strict):
    """所在地: where a node keeps or processes data, and how firmly that is assured."""

    country: Answer = Field(UNKNOWN, description="ISO 国名コード (JP, US...)")
    region: MaybeText = None
    basis: Assurance = Field(UNKNOWN, description="契約で定めたか、想定にすぎないか")
    backup_country: MaybeAnswer = Field(None, description="バックアップの所在国")
    support_access_from: list[Text] = Field(default_factory=list, description="保守でアクセスする国")
    non_personal_country: MaybeAnswer = Field(None, description="個人情報以外のデータの所在国")
    non_personal_basis: Assurance | None = Field(None, description="個人情報以外のデータの所在の根拠 (LOC-03)")


class CertificationHeld(Strict):
    id: Certification
    status: Literal["valid", "pending", "expired", "unknown"] = "valid"
    note: MaybeText = None


class PartialProtections(Strict):
    """Part of the list is known: ``{has: [payload_encryption], lacks: [tls]}`` — the rest is not known."""

    has: list[Protection] = Field(default_factory=list, description="あると分かっている保護措置")
    lacks: list[Protection] = Field(default_factory=list, description="ないと分かっている保護措置")


class PartialCertifications(Strict):
    """Part of the list is known: ``{has: [{id: isms}], lacks: [ismap]}`` — other certifications are not known."""

    has: list[CertificationHeld] = Field(default_factory=list, description="取得していると分かっている認証")
    lacks: list[Certification] = Field(default_factory=list, description="取得していないと分かっている認証")


class Role(Strict):
    """役割: what a node is to other elements besides the flows (custodian of a store, witness of a disk swap)."""

    role: RoleKind
    of: list[Id] = Field(default_factory=list, description="対象の要素（ノード・保管・フローなど）の id")
    note: MaybeText = None


class Store(Strict):
    """保管: data a node keeps, for how long, deleted how."""

    id: Id | None = None
    title: MaybeText = None
    data: list[Id] = Field(min_length=1)
    medium: Literal["electronic", "paper", "both"] = "electronic"
    retention: Answer = Field(UNKNOWN, description="保管期間 (e.g. 5年)")
    retention_trigger: MaybeAnswer = Field(None, description="保管期間の起算点（例: 事案の終結から10年）")
    deletion: Answer = Field(UNKNOWN, description="消去・廃棄の方法")
    deletion_decided_by: MaybeAnswer = Field(None, description="消去の時期を判断する者（課・担当）")
    encrypted_at_rest: Tri = Field(UNKNOWN, description="保管中の暗号化 (DAT-09)")
    custody_control: Tri = Field(
        UNKNOWN, description="施錠保管・持出しの記録・台帳による管理（紙や媒体の保管）(DAT-09)"
    )


class ContractorAccess(Strict):
    """委託先職員のアクセス (OUT-04)."""

    possible: Tri = Field(UNKNOWN, description="委託先の職員が個人情報にアクセスできるか")
    limited_to: MaybeText = Field(None, description="アクセスしてよい場面 (e.g. 障害対応時のみ)")
    logged: Tri = Field(UNKNOWN, description="委託先職員のアクセスが記録されるか")


class Availability(Strict):
    """可用性 (CLD-04)."""

    sla: Answer = Field(UNKNOWN, description="稼働率などのサービス水準の保証（SLA）")
    recovery_time: Answer = Field(UNKNOWN, description="障害から復旧するまでの目標時間")
    backup: Tri = Field(UNKNOWN, description="データのバックアップを取っているか")


class AspConditions(Strict):
    """LGWAN-ASP の包括承認の条件 (ZON-03)."""

    deletion: Literal["automatic", "manual", "none", "unknown"] = Field(
        UNKNOWN, description="サービス上の個人情報の消去（automatic 自動、manual 手動、none 消去できない）"
    )
    periodic_check: Tri = Field(UNKNOWN, description="消去されているかを定期的に確認するか")
    data_left_on_terminal: Tri = Field(UNKNOWN, description="利用後に端末へ個人情報が残るか")


class ForeignLaw(Strict):
    """外国法の適用 (LOC-05): e.g. a US parent company under the CLOUD Act."""

    subject: Tri = Field(UNKNOWN, description="事業者が外国の法令による開示要求を受けうるか")
    law: MaybeText = Field(None, description="その法令（例: CLOUD Act）")
    mitigation: MaybeText = Field(None, description="開示要求への対策（例: 暗号鍵を区が管理）")


class Safeguard(Strict):
    """A safeguard and how firmly it is assured (OUT-08)."""

    text: Text
    assurance: Assurance = Field(UNKNOWN, description="契約で定めたか、事業者の説明か、想定か")


class Node(NamedElement):
    """ノード: an organisation, section, system, terminal, store, person, paper or medium."""

    kind: NodeKind
    zone: Id | None = Field(None, description="置かれているゾーンの id")
    operator: MaybeText = Field(None, description="運用者（node id または名称）")
    location: Location = Location()
    certifications: list[CertificationHeld] | PartialCertifications | Unknown = Field(
        UNKNOWN, description="認証（一覧が分かっていればリスト、一部だけなら {has, lacks}）"
    )
    stores: list[Store] = Field(default_factory=list)
    uses: list[Id] = Field(default_factory=list, description="この節点が処理に使うデータ項目")
    collects: list[Id] = Field(default_factory=list, description="この節点が自ら取得するデータ項目")
    produces: list[Id] = Field(
        default_factory=list, description="この節点が作り出すデータ項目（支給決定、分析結果、問い合わせ番号など）"
    )
    roles: list[Role] = Field(default_factory=list, description="流れ以外の役割（管理者・保守・立会い…）")
    access_scope: AccessScope = Field(UNKNOWN, description="記録を見られる範囲（担当者に限るか、全員か）(ACC-04)")
    two_factor: Tri = Field(UNKNOWN, description="二要素認証 (ACC-01)")
    access_log: Tri = Field(UNKNOWN, description="アクセス記録 (ACC-03)")
    shared_device: Tri = Field(UNKNOWN, description="端末を複数人で共用する (ACC-02)")
    passcode_shared: Tri = Field(UNKNOWN, description="パスコードを共有・記録している (ACC-02)")
    contractor_access: ContractorAccess | None = None
    availability: Availability | None = None
    boundary: Literal["sanitising", "screen_transfer", "none"] = Field(
        "none", description="ゾーン間の無害化・画面転送の境界 (ZON-02)"
    )
    asp: AspConditions | None = None
    responsibility_assigned: Tri = Field(UNKNOWN, description="クラウド上のデータの責任分界 (CLD-03)")
    foreign_law: ForeignLaw | None = None
    vendor_policy_non_personal: list[Id] = Field(
        default_factory=list, description="事業者の方針が「個人情報でない」と扱う項目 (OUT-05)"
    )
    selected: Tri = Field(True, description="事業者が選定済みか（未選定なら保証は想定にとどまる）")
    address: MaybeText = Field(None, description="サーバ等の所在・アドレス（非公開）")
    note: MaybeText = None


class Interaction(Strict):
    """照会と回答の組: a query and its response carry the same ``id`` (MOD-01)."""

    id: Id
    role: Literal["query", "response"]


class EquivalenceClaim(Strict):
    """「LGWANと同等に安全」等の主張 (NET-02)."""

    to: Channel = Field(description="同等だと主張する経路（例: lgwan）")
    documented: Tri = Field(UNKNOWN, description="同等といえる根拠が文書で示されているか")


class Flow(Strict):
    """フロー: one hand-over of data from one node to another."""

    id: Id
    step: int | None = Field(None, ge=0, description="図の手順番号")
    title: MaybeText = Field(None, description="手順の説明")
    title_en: MaybeText = None
    source: Id = Field(alias="from", description="送り手の node id")
    target: Id = Field(alias="to", description="受け手の node id")
    data: list[Id] = Field(min_length=1, description="この受け渡しで渡るデータ項目の id")
    channel: Channel = Field(UNKNOWN, description="経路・回線（pia kinds の channels: lgwan、internet、email など）")
    protection: list[Protection] | PartialProtections | Unknown = Field(
        UNKNOWN, description="保護措置（全部分かっていればリスト、一部だけなら {has, lacks}）"
    )
    relationship: Relationship = Field(
        UNKNOWN, description="受け手との関係（pia kinds の relationships: 委託・提供など）"
    )
    legal_basis: Answer = Field(UNKNOWN, description="この受け渡しの根拠法令・条例")
    frequency: Answer = Field(UNKNOWN, description="頻度（例: 毎月、随時）")
    performer: Answer = Field(UNKNOWN, description="実施者")
    interaction: Interaction | None = Field(None, description="照会と回答の組（同じ id の query と response）")
    equivalence_claim: EquivalenceClaim | None = None
    sanctioned_intake: bool = Field(False, description="マイナポータル・eLTAX等の認められた取込経路")
    recipient_safeguards: Answer = Field(
        UNKNOWN, description="提供先に求めた安全管理の措置（返却・廃棄、目的外利用の禁止など）(OUT-06)"
    )
    start_date: dt.date | Unknown | None = Field(None, description="開始日 (MOD-05)")
    valid_until: dt.date | None = Field(None, description="この受け渡しをやめた（やめる）日")
    replaced_by: Id | None = Field(None, description="この受け渡しに代わる流れの id")
    backup_channel: Channel | None = Field(None, description="障害時などに使う別の経路")
    phase: Phase = Field("operation", description="本番運用か、テスト・移行のときだけか")
    real_data: Tri = Field(UNKNOWN, description="テスト・移行で本物のデータを使うか")
    must_match: Id | None = Field(None, description="項目が一致すべき他のフローの id (MOD-04)")
    address: MaybeText = Field(None, description="接続先・回線の詳細（非公開）")
    note: MaybeText = None

    model_config = ConfigDict(populate_by_name=True)


class Subcontract(Strict):
    to: Id = Field(description="再委託先の node id")
    approved: Tri = Field(UNKNOWN, description="区の許諾")
    approval_date: dt.date | None = None


class Inspection(Strict):
    """委託先への監査・実地検査 (OUT-07)."""

    owner: Answer = Field(UNKNOWN, description="監査・検査を行う者（課・担当）")
    frequency: Answer = Field(UNKNOWN, description="監査・検査の頻度（例: 年1回）")


class Contract(Strict):
    """契約: a contract with one contractor."""

    id: Id
    title: MaybeText = None
    contractor: Id = Field(description="委託先の node id")
    clauses: dict[ClauseGroup, Tri] = Field(default_factory=dict, description="条項群ごとの有無")
    cloud_clauses: Literal["present", "conditional", "missing", "unknown"] = Field(
        UNKNOWN, description="クラウド利用の条項（present あり、conditional 「利用する場合」の条件付き、missing なし）"
    )
    subcontracts: list[Subcontract] = Field(default_factory=list)
    deletion_at_end: Tri = Field(UNKNOWN, description="契約終了時に委託先がデータを消去するか")
    deletion_certificate: Tri = Field(UNKNOWN, description="消去・廃棄の証明書を区に提出させるか")
    secondary_use_forbidden: Tri = Field(UNKNOWN, description="目的外利用の禁止を定めているか")
    governing_law: Answer = Field(UNKNOWN, description="契約の準拠法（例: 日本法）")
    jurisdiction: Answer = Field(UNKNOWN, description="紛争時の管轄裁判所（例: 東京地方裁判所）")
    inspection: Inspection = Inspection()
    safeguards: list[Safeguard] = Field(default_factory=list)
    subcontracting: Tri = Field(UNKNOWN, description="再委託があるか（subcontracts が空でも「なし」とは限らない）")
    end_date: dt.date | Unknown | None = Field(None, description="契約の終了日")
    note: MaybeText = None


class PersonalFile(NamedElement):
    """特定個人情報ファイル (or personal-information file) the assessment describes in Ⅱ."""

    data: list[Id] = Field(min_length=1)
    people_count: Count | Unknown = UNKNOWN
    held_by: list[Id] = Field(default_factory=list)
    subjects: Literal["residents", "own_staff", "others", "unknown"] = Field(
        UNKNOWN, description="このファイルの本人の区分（省略時は scheme.data_subjects）"
    )
    processing: Literal["system", "paper_only", "unknown"] = Field(
        UNKNOWN, description="電子のファイルか、手作業処理用（紙）だけか（省略時は scheme.processing）"
    )


class Question(Strict):
    """未確定事項: an open question, with its answer once there is one."""

    id: Id
    about: list[Id] = Field(default_factory=list, description="何についての確認か（要素の id。保管は保管の id）")
    text: Text
    answer: MaybeText = None
    source: MaybeText = None


class FlowDocument(Strict):
    """A whole flow model (one YAML file plus its includes)."""

    version: Literal[1] = 1
    include: list[Text] = Field(default_factory=list, description="共通部分のファイル（このファイルからの相対パス）")
    scheme: Scheme
    data: list[DataItem] = Field(default_factory=list)
    zones: list[Zone] = Field(default_factory=list)
    nodes: list[Node] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    contracts: list[Contract] = Field(default_factory=list)
    files: list[PersonalFile] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)


@dataclass(frozen=True)
class KnownSet:
    """What a list attribute says: the items known to be there, known not to be there, and whether that is all.

    A full list (``protection: [tls]``) is complete; ``unknown`` knows nothing; ``{has: [...], lacks: [...]}``
    knows those and leaves the rest open. ``none`` in a full list means the list is empty.
    """

    present: frozenset[str]
    absent: frozenset[str]
    complete: bool

    def has(self, item: str) -> bool | None:
        """True, False, or None when the model does not say."""
        if item in self.present:
            return True
        if item in self.absent or self.complete:
            return False
        return None

    def any_of(self, items: Iterable[str]) -> bool | None:
        """Whether at least one of ``items`` is there: True, False, or None when it depends on what is not said."""
        answers = [self.has(item) for item in items]
        if True in answers:
            return True
        return False if all(answer is False for answer in answers) else None

    @property
    def stated(self) -> bool:
        """Whether the model says anything at all about the list."""
        return self.complete or bool(self.present or self.absent)

    @classmethod
    def of(cls, value: Sequence[str] | PartialProtections | Literal["unknown"]) -> KnownSet:
        if value == UNKNOWN:
            return cls(frozenset(), frozenset(), complete=False)
        if isinstance(value, PartialProtections):
            return cls(frozenset(value.has) - {"none"}, frozenset(value.lacks), complete=False)
        return cls(frozenset(value) - {"none"}, frozenset(), complete=True)


def known_protections(flow: Flow) -> KnownSet:
    return KnownSet.of(flow.protection)


def stated_protections(flow: Flow) -> list[str]:
    """The protections the model says a flow has, in the order it names them (``none`` left out)."""
    value = flow.protection
    named = value.has if isinstance(value, PartialProtections) else [] if value == UNKNOWN else value
    return [p for p in named if p != "none"]


def known_certifications(node: Node) -> tuple[list[CertificationHeld], KnownSet]:
    """The certifications a node is known to hold (with their status), and what is known of the list of ids."""
    value = node.certifications
    if value == UNKNOWN:
        return [], KnownSet(frozenset(), frozenset(), complete=False)
    if isinstance(value, PartialCertifications):
        return list(value.has), KnownSet(frozenset(c.id for c in value.has), frozenset(value.lacks), complete=False)
    return list(value), KnownSet(frozenset(c.id for c in value), frozenset(), complete=True)


Titled = Scheme | DataItem | Zone | Node | Flow | PersonalFile
"""Elements with a Japanese ``title`` and an optional English ``title_en``."""


def title_in(element: Titled, lang: str = "ja") -> str:
    """The element's title in ``lang`` (its ``title_en`` when English is asked for and given); "" for a flow
    that has no title."""
    return choose(lang, element.title or "", element.title_en)


LIST_SECTIONS = ("data", "zones", "nodes", "flows", "contracts", "files", "questions")
"""Top-level lists that includes may contribute to."""
