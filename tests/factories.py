"""Factories: the organisation, users holding roles, configuration, and dossiers in any state.

Dossiers are brought to a state through the services, as users would, so their audit trail is real.
"""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from approvals import services as approval_services
from dossiers import services as dossier_services
from dossiers.models import (
    AwardForm,
    Campaign,
    DocumentKind,
    NomineeKind,
    Procedure,
    RequiredDocument,
    Status,
    ThresholdBasis,
)
from roles.models import Role, Unit, UnitKind, User
from roles.services import membership_grant

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "to-trinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# Who chaired a council meeting the tests record, and its signed minutes (a new file each time).
CHAIR = "Ông Lê Văn Chủ, Chủ tịch Hội đồng"
MINUTES_NAME = "bien-ban-hop.pdf"


def chair_and_minutes() -> dict:
    """What every council meeting records besides its attendance: who chaired it, its signed minutes."""
    return {"chaired_by": CHAIR, "minutes": pdf(MINUTES_NAME)}


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = UnitKind.COMMUNE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.LazyAttribute(lambda o: o.username)
    password = factory.PostGenerationMethodCall("set_password", "pass-1234-word")


def user_with_role(
    role: Role, unit: Unit, username: str | None = None, starts_on: datetime.date = datetime.date(2019, 1, 1)
) -> User:
    user = UserFactory(username=username) if username else UserFactory()
    user.save()
    membership_grant(actor=None, user=user, role=role, unit=unit, starts_on=starts_on)
    return user


class Town:
    """A province's town with its offices and two communes, and a user for every role.

    ``Town("sa-pa")`` and ``Town("bat-xat")`` give two towns whose roles must not cross.
    """

    def __init__(self, code: str = "sa-pa", province: Unit | None = None, council_size: int = 5):
        self.province = province or UnitFactory(code="lao-cai", name="Tỉnh Lào Cai", kind=UnitKind.PROVINCE)
        self.town = UnitFactory(code=code, name=f"Thị xã {code}", kind=UnitKind.TOWN, parent=self.province)
        office = lambda suffix, name: UnitFactory(  # noqa: E731
            code=f"{code}-{suffix}", name=name, kind=UnitKind.OFFICE, parent=self.town
        )
        self.labour_office = office("ldtbxh", "Phòng LĐ-TB&XH")
        self.home_affairs = office("noi-vu", "Phòng Nội vụ")
        self.council = office("hdtdkt", "Hội đồng TĐKT")
        self.commune = UnitFactory(code=f"{code}-xa-a", name="Xã A", kind=UnitKind.COMMUNE, parent=self.town)
        self.ward = UnitFactory(code=f"{code}-phuong-b", name="Phường B", kind=UnitKind.WARD, parent=self.town)
        self.submitter = user_with_role(Role.COMMUNE_SUBMITTER, self.commune, f"{code}-submitter")
        self.ward_submitter = user_with_role(Role.COMMUNE_SUBMITTER, self.ward, f"{code}-ward-submitter")
        self.reviewer = user_with_role(Role.LABOUR_REVIEWER, self.labour_office, f"{code}-reviewer")
        self.reviewer_2 = user_with_role(Role.LABOUR_REVIEWER, self.labour_office, f"{code}-reviewer-2")
        self.secretary = user_with_role(Role.HOME_AFFAIRS_SECRETARY, self.home_affairs, f"{code}-secretary")
        self.council_members = [
            user_with_role(Role.COUNCIL_MEMBER, self.council, f"{code}-council-{i}") for i in range(1, council_size + 1)
        ]
        self.chairman = user_with_role(Role.TOWN_CHAIRMAN, self.town, f"{code}-chairman")
        self.liaison = user_with_role(Role.PROVINCIAL_LIAISON, self.town, f"{code}-liaison")
        self.auditor = user_with_role(Role.AUDITOR, self.province, f"{code}-auditor")
        self.labour_head = user_with_role(Role.HEAD_OF_OFFICE, self.labour_office, f"{code}-labour-head")
        self.home_affairs_head = user_with_role(Role.HEAD_OF_OFFICE, self.home_affairs, f"{code}-home-affairs-head")
        self.administrator = user_with_role(Role.ADMINISTRATOR, self.town, f"{code}-admin")

    def user_for(self, role: Role) -> User:
        return {
            Role.COMMUNE_SUBMITTER: self.submitter,
            Role.LABOUR_REVIEWER: self.reviewer,
            Role.HOME_AFFAIRS_SECRETARY: self.secretary,
            Role.COUNCIL_MEMBER: self.council_members[0],
            Role.TOWN_CHAIRMAN: self.chairman,
            Role.PROVINCIAL_LIAISON: self.liaison,
            Role.AUDITOR: self.auditor,
            Role.HEAD_OF_OFFICE: self.labour_head,
            Role.ADMINISTRATOR: self.administrator,
        }[role]


def award_form(code: str, awarding_body: Unit, quorum="66.67", threshold="50", **rules) -> AwardForm:
    """An award form with the ordinary procedure's documents; ``rules`` set its other fields
    (name, valid_from, valid_until, threshold_basis, secret_ballot)."""
    form, _ = AwardForm.objects.get_or_create(
        code=code,
        defaults={
            "name": code,
            "awarding_body": awarding_body,
            "valid_from": datetime.date(2016, 1, 1),
            "quorum_percent": Decimal(quorum),
            "vote_threshold_percent": Decimal(threshold),
            **rules,
        },
    )
    for kind in (DocumentKind.PROPOSAL_LETTER, DocumentKind.COUNCIL_MINUTES):
        RequiredDocument.objects.get_or_create(award_form=form, procedure=Procedure.ORDINARY, kind=kind)
    RequiredDocument.objects.get_or_create(
        award_form=form,
        procedure=Procedure.ORDINARY,
        kind=DocumentKind.ACHIEVEMENT_REPORT,
        defaults={
            "nominee_kinds": sorted(["enterprise", "agency", "commune", "village"]),
            "certified_by_superior": True,
        },
    )
    return form


def town_standard(form: AwardForm) -> AwardForm:
    """Give ``form`` the seed's town-level award standards, as ``seed_demo`` configures them."""
    from demo.catalogue import criteria_of
    from demo.data import TOWN_STANDARD

    for criterion in criteria_of(form, TOWN_STANDARD):
        criterion.full_clean()
        criterion.save()
    return form


def campaign(town: Town, *, dossier_deadline: datetime.date | None = None) -> Campaign:
    today = timezone.localdate()
    deadline = dossier_deadline or today + datetime.timedelta(days=60)
    item = Campaign.objects.create(
        name=f"Phong trào {town.town.code}",
        year=deadline.year,
        launched_by=town.town,
        registration_deadline=deadline - datetime.timedelta(days=40),
        registration_compile_deadline=deadline - datetime.timedelta(days=35),
        plan_deadline=deadline - datetime.timedelta(days=38),
        dossier_deadline=deadline,
        compile_deadline=deadline + datetime.timedelta(days=5),
    )
    # Each town grants its own Giấy khen; the default town's keeps the plain code.
    local = "giay-khen" if town.town.code == "sa-pa" else f"giay-khen-{town.town.code}"
    item.award_forms.set(
        [award_form(local, town.town), award_form("bang-khen", town.province, quorum="66.67", threshold="50")]
    )
    return item


# The two-tier local government, in force since 01/07/2025 (Decree 152/2025/NĐ-CP): province and
# commune, no town-level bodies.
TWO_TIER_SINCE = datetime.date(2025, 7, 1)


class Commune:
    """A commune (or ward) after the 2025 reorganisation, under its province, with offices of its
    own and villages and residential groups that propose to it, and a user for every role.

    Its culture-social office appraises, its office (Văn phòng HĐND và UBND) serves the council as
    home affairs did, and its chairman holds the chairman's role at the commune itself. Roles are
    held from 01/07/2025. ``Commune("ta-van")`` and ``Commune("lao-chai")`` must not cross.
    """

    def __init__(
        self, code: str = "ta-van", province: Unit | None = None, council_size: int = 5, kind: str = UnitKind.COMMUNE
    ):
        self.province = province or UnitFactory(code="lao-cai", name="Tỉnh Lào Cai", kind=UnitKind.PROVINCE)
        self.commune = UnitFactory(code=code, name=f"Xã {code}", kind=kind, parent=self.province)
        office = lambda suffix, name: UnitFactory(  # noqa: E731
            code=f"{code}-{suffix}", name=name, kind=UnitKind.OFFICE, parent=self.commune
        )
        self.culture_office = office("vhxh", "Phòng Văn hóa - Xã hội")
        self.office = office("vp", "Văn phòng HĐND và UBND")
        self.council = office("hdtdkt", "Hội đồng Thi đua - Khen thưởng")
        self.village = UnitFactory(code=f"{code}-thon-1", name="Thôn 1", kind=UnitKind.VILLAGE, parent=self.commune)
        self.residential_group = UnitFactory(
            code=f"{code}-tdp-1", name="Tổ dân phố 1", kind=UnitKind.RESIDENTIAL_GROUP, parent=self.commune
        )
        role = lambda role, unit, name: user_with_role(role, unit, f"{code}-{name}", starts_on=TWO_TIER_SINCE)  # noqa: E731
        self.submitter = role(Role.COMMUNE_SUBMITTER, self.village, "village-submitter")
        self.group_submitter = role(Role.COMMUNE_SUBMITTER, self.residential_group, "group-submitter")
        self.reviewer = role(Role.LABOUR_REVIEWER, self.culture_office, "reviewer")
        self.secretary = role(Role.HOME_AFFAIRS_SECRETARY, self.office, "secretary")
        self.council_members = [
            role(Role.COUNCIL_MEMBER, self.council, f"council-{i}") for i in range(1, council_size + 1)
        ]
        self.chairman = role(Role.TOWN_CHAIRMAN, self.commune, "chairman")
        self.liaison = role(Role.PROVINCIAL_LIAISON, self.commune, "liaison")


def two_tier_award_forms(commune: Commune) -> dict[str, AwardForm]:
    """The award forms of 2026: the commune chairman's Giấy khen (open ballot, half of those present)
    and the province chairman's Bằng khen (secret ballot, half of all members), both from
    01/07/2025; and the former town's Giấy khen, which ended on 30/06/2025."""
    former_town = UnitFactory(code="sa-pa", name="Thị xã Sa Pa", kind=UnitKind.TOWN, parent=commune.province)
    return {
        "commune": award_form(
            f"giay-khen-{commune.commune.code}",
            commune.commune,
            name=f"Giấy khen của Chủ tịch UBND {commune.commune.name}",
            valid_from=TWO_TIER_SINCE,
            threshold_basis=ThresholdBasis.PRESENT,
            secret_ballot=False,
        ),
        "province": award_form(
            "bang-khen-tinh",
            commune.province,
            name=f"Bằng khen của Chủ tịch UBND {commune.province.name}",
            valid_from=TWO_TIER_SINCE,
        ),
        "former_town": award_form(
            "giay-khen-thi-xa",
            former_town,
            name="Giấy khen của Chủ tịch UBND thị xã Sa Pa",
            valid_until=TWO_TIER_SINCE - datetime.timedelta(days=1),
        ),
    }


def campaign_2026(commune: Commune) -> Campaign:
    """The commune's 2026 campaign, offering the commune's Giấy khen and the province's Bằng khen.
    Its deadlines follow today, so that its dossiers may still be submitted."""
    forms = two_tier_award_forms(commune)
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    item = Campaign.objects.create(
        name=f"Phong trào giảm nghèo bền vững 2026 {commune.commune.code}",
        year=2026,
        launched_by=commune.commune,
        registration_deadline=deadline - datetime.timedelta(days=40),
        registration_compile_deadline=deadline - datetime.timedelta(days=35),
        plan_deadline=deadline - datetime.timedelta(days=38),
        dossier_deadline=deadline,
        compile_deadline=deadline + datetime.timedelta(days=5),
    )
    item.award_forms.set([forms["commune"], forms["province"]])
    return item


def draft(
    town: Town,
    the_campaign: Campaign,
    *,
    form_code: str = "giay-khen",
    unit: Unit | None = None,
    documents: bool = True,
    kind: str = NomineeKind.INDIVIDUAL,
    actor: User | None = None,
    evidence: dict | None = None,
):
    unit = unit or town.commune
    actor = actor or (town.submitter if unit == town.commune else town.ward_submitter)
    dossier = dossier_services.dossier_create(
        actor=actor,
        campaign_id=the_campaign.pk,
        unit_id=unit.pk,
        award_form_id=the_campaign.award_forms.get(code__startswith=form_code).pk,
        nominee={"kind": kind, "name": "Nguyễn Văn A"},
        evidence={"support_amount": 50_000_000} if evidence is None else evidence,
    )
    if documents:
        for doc_kind in (DocumentKind.PROPOSAL_LETTER, DocumentKind.COUNCIL_MINUTES, DocumentKind.ACHIEVEMENT_REPORT):
            dossier_services.document_add(dossier_id=dossier.pk, actor=actor, kind=doc_kind, upload=pdf())
    return dossier


def registration(
    town: Town,
    the_campaign: Campaign,
    *,
    form_code: str = "bang-khen",
    nominee: dict | None = None,
    unit: Unit | None = None,
    actor: User | None = None,
    pledge: str = "Giảm 5% hộ nghèo",
):
    """A registration for ``form_code``: of the commune itself, or of ``nominee`` (kind, name…)."""
    from registrations import services as registration_services

    unit = unit or town.commune
    return registration_services.registration_create(
        actor=actor or (town.submitter if unit == town.commune else town.ward_submitter),
        campaign_id=the_campaign.pk,
        unit_id=unit.pk,
        award_form_id=AwardForm.objects.get(code=form_code).pk,
        nominee=nominee,
        pledge=pledge,
    )


def vote(town: Town, dossier, *, present: int | None = None, votes_for: int | None = None):
    """Hold a council meeting on ``dossier`` and record its vote (passing by default)."""
    present = len(town.council_members) if present is None else present
    meeting = approval_services.council_meeting_create(
        actor=town.secretary,
        council_id=town.council.pk,
        held_on=timezone.localdate(),
        attendee_ids=[u.pk for u in town.council_members[:present]],
        **chair_and_minutes(),
    )
    votes_for = present if votes_for is None else votes_for
    return approval_services.council_vote_record(
        actor=town.secretary,
        meeting_id=meeting.pk,
        dossier_id=dossier.pk,
        votes_for=votes_for,
        votes_against=present - votes_for,
    )


def appraise(dossier, reviewer=None):
    """The reviewer who holds the dossier (its claimant, by default) judges it ready for the council:
    a compiled submission of theirs may forward it."""
    dossier_services.dossier_judge_ready(dossier_id=dossier.pk, actor=reviewer or dossier.reviewer)
    dossier.refresh_from_db()
    return dossier


def bring_to(status: Status, town: Town, the_campaign: Campaign, *, appraised: bool = False, **kwargs):
    """A dossier in ``status``, taken there through the services; under review and ``appraised``,
    judged ready for the council by its reviewer."""
    form_code = (
        "bang-khen" if status in {Status.ESCALATED, Status.PROVINCE_APPROVED, Status.PROVINCE_REJECTED} else "giay-khen"
    )
    dossier = draft(town, the_campaign, form_code=kwargs.pop("form_code", form_code), **kwargs)
    pk = dossier.pk
    steps = {
        Status.DRAFT: [],
        Status.SUBMITTED: ["submit"],
        Status.UNDER_REVIEW: ["submit", "review"],
        Status.RETURNED: ["submit", "review", "return"],
        Status.REJECTED: ["submit", "review", "reject"],
        Status.WITHDRAWN: ["withdraw"],
        Status.AT_COUNCIL: ["submit", "review", "forward"],
        Status.AWAITING_DECISION: ["submit", "review", "forward", "vote", "recommend_town"],
        Status.APPROVED: ["submit", "review", "forward", "vote", "recommend_town", "approve"],
        Status.ESCALATED: ["submit", "review", "forward", "vote", "recommend_province"],
        Status.PROVINCE_APPROVED: ["submit", "review", "forward", "vote", "recommend_province", "send", "province_yes"],
        Status.PROVINCE_REJECTED: ["submit", "review", "forward", "vote", "recommend_province", "send", "province_no"],
    }[status]
    submitter = town.submitter if dossier.unit == town.commune else town.ward_submitter
    today = timezone.localdate()
    actions = {
        "submit": lambda: dossier_services.dossier_submit(dossier_id=pk, actor=submitter),
        "withdraw": lambda: dossier_services.dossier_withdraw(dossier_id=pk, actor=submitter, comment="Rút hồ sơ"),
        "review": lambda: dossier_services.dossier_start_review(dossier_id=pk, actor=town.reviewer),
        "return": lambda: dossier_services.dossier_return_for_supplement(
            dossier_id=pk, actor=town.reviewer, comment="Bổ sung biên bản"
        ),
        "reject": lambda: dossier_services.dossier_reject(
            dossier_id=pk, actor=town.reviewer, comment="Không đạt tiêu chuẩn"
        ),
        "forward": lambda: dossier_services.dossier_forward_to_council(dossier_id=pk, actor=town.reviewer),
        "vote": lambda: vote(town, dossier),
        "recommend_town": lambda: approval_services.dossier_recommend_town_award(dossier_id=pk, actor=town.secretary),
        "recommend_province": lambda: approval_services.dossier_recommend_provincial_award(
            dossier_id=pk, actor=town.secretary
        ),
        "approve": lambda: approval_services.decision_sign(
            actor=town.chairman, number=f"{pk}/QĐ-UBND", signed_on=today, dossier_ids=[pk]
        ),
        "send": lambda: approval_services.provincial_submission_create(
            actor=town.liaison, number=f"{pk}/TTr-UBND", sent_on=today, dossier_ids=[pk]
        ),
        "province_yes": lambda: approval_services.provincial_result_record(
            actor=town.liaison, dossier_id=pk, approved=True, decision_number=f"{pk}/QĐ-UBND", decided_on=today
        ),
        "province_no": lambda: approval_services.provincial_result_record(
            actor=town.liaison,
            dossier_id=pk,
            approved=False,
            decision_number=f"{pk}/QĐ-UBND",
            decided_on=today,
            comment="Chưa đủ tiêu chuẩn",
        ),
    }
    for step in steps:
        actions[step]()
    if appraised:
        assert status == Status.UNDER_REVIEW
        dossier_services.dossier_judge_ready(dossier_id=pk, actor=town.reviewer)
    dossier.refresh_from_db()
    assert dossier.status == status
    return dossier


def dossier_events(dossier) -> list:
    """The audit events on a dossier's own stream, in order."""
    from audit.models import AuditEvent

    return list(AuditEvent.objects.filter(stream=f"dossiers.dossier:{dossier.pk}").order_by("seq"))


def database_state() -> dict:
    """Every dossier, council vote, membership, nominee and unit row with all its fields, and the
    size of every other table a service writes to (the audit trail among them)."""
    from approvals.models import CouncilMeeting, CouncilVote, Decision, ProvincialResult, ProvincialSubmission
    from audit.models import AuditEvent
    from dossiers.models import CriteriaEvaluation, Document, Dossier, Nominee
    from mergers.models import UnitMerger
    from registrations.models import Registration, RegistrationList
    from roles.models import Membership, Unit, UnitUserObjectPermission

    rows = [Dossier, CouncilVote, Membership, Nominee, Unit, Registration]
    counted = [
        AuditEvent,
        Document,
        CriteriaEvaluation,
        CouncilMeeting,
        Decision,
        ProvincialSubmission,
        ProvincialResult,
        UnitUserObjectPermission,
        UnitMerger,
        RegistrationList,
    ]
    return {
        **{model._meta.label: list(model.objects.order_by("pk").values()) for model in rows},
        **{model._meta.label: model.objects.count() for model in counted},
    }


@contextlib.contextmanager
def nothing_changes():
    """Assert that the block leaves every dossier row and the audit trail exactly as they were.

    Use around a refused call: ``with nothing_changes(), pytest.raises(Refused): ...``.
    """
    before = database_state()
    yield
    after = database_state()
    assert after == before


def trail(dossier) -> list[tuple]:
    """A dossier's audit trail as rows of (action, actor, role, unit, status before, after, comment)."""
    return [
        (
            event.action,
            event.actor_username,
            event.role,
            event.unit,
            (event.before or {}).get("status"),
            (event.after or {}).get("status"),
            event.comment,
        )
        for event in dossier_events(dossier)
    ]
