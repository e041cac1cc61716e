import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from approvals.flows import AwardDossierFlow
from approvals.models import CompiledSubmission, CouncilMeeting, Decision, DossierProcess, ProvincialResult
from approvals.selectors.tasks import task_inbox, task_queue, workflow_mismatches
from audit.models import AuditEvent
from audit.verify import verify_trail
from dossiers.models import (
    AwardForm,
    Campaign,
    CriteriaEvaluation,
    Criterion,
    Document,
    Dossier,
    NomineeKind,
    RequiredDocument,
    Result,
    Rule,
    Status,
)
from dossiers.selectors import bonus_for
from registrations.models import Registration, RegistrationList
from roles.models import Membership, Role, Unit, User
from roles.selectors import acting_unit

PASSWORD = "demo-Pass-2026"

DEMO_ROLES = [
    ("admin", Role.ADMINISTRATOR, "lao-cai"),
    ("xa_ta_van", Role.COMMUNE_SUBMITTER, "ta-van"),
    ("phuong_sa_pa", Role.COMMUNE_SUBMITTER, "phuong-sa-pa"),
    ("ldtbxh", Role.LABOUR_REVIEWER, "sa-pa-ldtbxh"),
    ("noivu", Role.HOME_AFFAIRS_SECRETARY, "sa-pa-noi-vu"),
    *[(f"hoidong_{n}", Role.COUNCIL_MEMBER, "sa-pa-hdtdkt") for n in range(1, 6)],
    ("chutich", Role.TOWN_CHAIRMAN, "sa-pa"),
    ("tinh", Role.PROVINCIAL_LIAISON, "sa-pa"),
    ("kiemtoan", Role.AUDITOR, "lao-cai"),
]


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        Unit,
        User,
        Membership,
        AwardForm,
        RequiredDocument,
        Criterion,
        Campaign,
        Dossier,
        Document,
        CriteriaEvaluation,
        AuditEvent,
        Registration,
        RegistrationList,
    ]
    return {model.__name__: model.objects.count() for model in models}


def current_campaign() -> Campaign:
    return Campaign.objects.get(year=timezone.localdate().year)


@pytest.mark.django_db
def test_second_run_creates_nothing():
    seed("--password", PASSWORD)
    first = counts()
    assert first["Dossier"] >= 10

    output = seed("--password", PASSWORD)
    assert counts() == first
    assert "nothing created" in output

    seed()
    assert counts() == first


@pytest.mark.django_db
def test_organisation_and_configuration():
    seed("--password", PASSWORD)
    town = Unit.objects.get(code="sa-pa")
    assert town.kind == "town" and town.parent.code == "lao-cai"
    assert Unit.objects.filter(parent=town, kind="ward").count() == 6
    assert Unit.objects.filter(parent=town, kind="commune").count() == 10
    assert Unit.objects.filter(parent=town, kind="office").count() == 4
    assert Unit.objects.filter(parent__code="ta-van", kind="village").exists()
    assert Unit.objects.filter(parent__code="phuong-sa-pa", kind="residential_group").exists()
    assert all(re.fullmatch(r"[a-z0-9-]+", code) for code in Unit.objects.values_list("code", flat=True))

    giay_khen = AwardForm.objects.get(awarding_body=town)
    assert giay_khen.valid_from == datetime.date(2016, 1, 1) and giay_khen.is_valid_on(timezone.localdate())
    assert AwardForm.objects.filter(awarding_body__code="lao-cai").count() == 2

    plan = Campaign.objects.get(year=2020)
    assert plan.registration_deadline == datetime.date(2020, 3, 10)
    assert plan.dossier_deadline == datetime.date(2020, 11, 10)
    assert plan.compile_deadline == datetime.date(2020, 11, 15)
    assert "17/2016/QĐ-UBND" in plan.legal_basis
    current = current_campaign()
    assert current.dossier_deadline > timezone.localdate()
    assert plan.award_forms.count() == current.award_forms.count() == 3
    # The bonuses of 2020 and of today, from the decrees (``demo.data.BASE_SALARIES``, ``AWARD_BONUSES``).
    assert bonus_for(giay_khen, NomineeKind.HOUSEHOLD, on=datetime.date(2020, 12, 1)) == 450_000
    assert bonus_for(giay_khen, NomineeKind.VILLAGE, on=timezone.localdate()) == 1_410_000
    flag = AwardForm.objects.get(code="co-thi-dua-ubnd-tinh")
    assert bonus_for(flag, NomineeKind.COMMUNE, on=timezone.localdate()) == 18_720_000
    assert bonus_for(flag, NomineeKind.INDIVIDUAL, on=timezone.localdate()) is None


@pytest.mark.django_db
def test_the_town_award_carries_every_town_level_standard_of_the_plan():
    seed("--password", PASSWORD)
    giay_khen = AwardForm.objects.get(awarding_body__code="sa-pa")
    standards = {}
    for criterion in giay_khen.criteria.all():
        for kind in criterion.nominee_kinds:
            standards.setdefault(kind, []).append(
                (criterion.alternative, criterion.rule, criterion.field, criterion.other_field, criterion.threshold)
            )
    assert standards["enterprise"] == [(1, Rule.MIN_AMOUNT, "support_amount", "", 50_000_000)]
    assert standards["agency"] == standards["official"] == [(1, Rule.JUDGEMENT, "", "", None)]
    assert standards["individual"] == [
        (1, Rule.MIN_AMOUNT, "support_amount", "", 50_000_000),
        (2, Rule.MIN_COUNT, "households_helped", "", 5),
    ]
    for kind in ("commune", "village"):
        assert len(standards[kind]) == 5 and {alternative for alternative, *_ in standards[kind]} == {1}
        assert (1, Rule.OVER_TARGET, "poverty_reduction_achieved", "poverty_reduction_target", 50) in standards[kind]
    assert sorted(standards["poor_household"]) == sorted(
        [
            (1, Rule.ON_LIST, "on_2019_poor_list", "", None),
            (1, Rule.ATTESTATION, "complies_with_policy", "", None),
            (1, Rule.ATTESTATION, "village_agrees", "", None),
            (1, Rule.MIN_RATIO, "income_per_capita_now", "income_per_capita_2019", 3),
        ]
    )
    assert Campaign.objects.get(year=2020).award_forms.filter(pk=giay_khen.pk).exists()
    assert AwardForm.objects.filter(awarding_body__code="lao-cai", criteria__isnull=False).count() == 0


@pytest.mark.django_db
def test_the_demos_appraised_dossiers_carry_the_evaluation_their_reviewer_saw():
    seed("--password", PASSWORD)
    campaign = current_campaign()
    rejected = CriteriaEvaluation.objects.get(dossier__campaign=campaign, dossier__status=Status.REJECTED)
    assert (rejected.computed, rejected.standard_met) == (Result.NOT_MET, False)
    # The four that went under the compiled submission were each appraised as ready first; the
    # province's flag sets no standard, its appraisal has no computed result.
    appraised = CriteriaEvaluation.objects.filter(dossier__campaign=campaign, action="judge_ready")
    assert sorted(appraised.values_list("dossier__status", "computed")) == sorted(
        [
            (Status.AT_COUNCIL, Result.MET),
            (Status.APPROVED, Result.MET),
            (Status.AWAITING_DECISION, Result.MET),
            (Status.PROVINCE_APPROVED, ""),
        ]
    )
    assert all(record.standard_met and record.recorded_by.username == "ldtbxh" for record in appraised)
    assert not CriteriaEvaluation.objects.filter(dossier__campaign=campaign, action="forward_to_council").exists()


@pytest.mark.django_db
def test_every_demo_user_holds_its_role_in_its_unit():
    seed("--password", PASSWORD)
    today = timezone.localdate()
    for username, role, unit_code in DEMO_ROLES:
        user = User.objects.get(username=username)
        unit = Unit.objects.get(code=unit_code)
        memberships = [m for m in Membership.objects.filter(user=user) if m.is_active(today)]
        assert [(m.role, m.unit) for m in memberships] == [(role, unit)], username
        assert acting_unit(user, role, unit) == unit, username
        assert user.full_name, username
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


@pytest.mark.django_db
def test_both_demo_communes_have_dossiers_in_several_states():
    seed("--password", PASSWORD)
    campaign = current_campaign()
    states = {
        code: set(Dossier.objects.filter(campaign=campaign, unit__code=code).values_list("status", flat=True))
        for code in ("ta-van", "phuong-sa-pa")
    }
    assert {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.RETURNED,
        Status.AT_COUNCIL,
        Status.APPROVED,
        Status.PROVINCE_APPROVED,
    } <= states["ta-van"]
    assert {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.REJECTED,
        Status.WITHDRAWN,
        Status.AWAITING_DECISION,
    } <= states["phuong-sa-pa"]
    approved = Dossier.objects.get(campaign=campaign, status=Status.APPROVED)
    assert Decision.objects.get(dossiers=approved).number == "15/QĐ-UBND"
    assert ProvincialResult.objects.get(dossier__campaign=campaign).approved


@pytest.mark.django_db
def test_the_demo_forwards_meets_and_decides_on_several_dossiers_at_once():
    seed("--password", PASSWORD)
    submission = CompiledSubmission.objects.get()
    assert (submission.number, submission.sender.code) == ("45/TTr-LĐTBXH", "sa-pa-ldtbxh")
    assert sorted(submission.dossiers.values_list("status", flat=True)) == sorted(
        [Status.AT_COUNCIL, Status.APPROVED, Status.AWAITING_DECISION, Status.PROVINCE_APPROVED]
    )
    meeting = CouncilMeeting.objects.get()
    assert (meeting.members_present, meeting.members_total) == (4, 5)
    assert sorted(meeting.votes.values_list("outcome", flat=True)) == ["provincial_award", "town_award", "town_award"]
    decision = Decision.objects.get()
    assert decision.dossiers.get().status == Status.APPROVED
    # Signed today: a household's Giấy khen, 0,3 × 2.340.000 = 702.000 rounded up (Decree 73/2024/NĐ-CP).
    assert list(decision.bonuses.values()) == [710_000]


@pytest.mark.django_db
def test_the_demo_registers_a_commune_a_person_and_a_household_and_compiles_them():
    seed("--password", PASSWORD)
    campaign = current_campaign()
    registered = {
        (r.unit.code, r.nominee.kind, r.award_form.code): r
        for r in Registration.objects.filter(campaign=campaign).select_related("unit", "nominee", "award_form")
    }
    flag = registered["ta-van", NomineeKind.COMMUNE, "co-thi-dua-ubnd-tinh"]
    person = registered["ta-van", NomineeKind.INDIVIDUAL, "giay-khen-chu-tich-thi-xa"]
    household = registered["ta-van", NomineeKind.POOR_HOUSEHOLD, "giay-khen-chu-tich-thi-xa"]
    waiting = registered["phuong-sa-pa", NomineeKind.COMMUNE, "co-thi-dua-ubnd-tinh"]
    compiled = RegistrationList.objects.get()
    assert (compiled.number, compiled.sender.code) == ("12/DS-LĐTBXH", "sa-pa-ldtbxh")
    assert set(compiled.registrations.all()) == {flag, person, household}
    assert waiting.registration_list is None
    assert flag.dossiers.get().status == Status.PROVINCE_APPROVED
    assert household.dossiers.get().status == Status.APPROVED


@pytest.mark.django_db
def test_every_demo_dossier_has_a_real_trail():
    seed("--password", PASSWORD)
    for dossier in Dossier.objects.all():
        actions = list(
            AuditEvent.objects.filter(stream=f"dossiers.dossier:{dossier.pk}")
            .order_by("seq")
            .values_list("action", flat=True)
        )
        assert actions[0] == "dossier.created"
        if dossier.status != Status.DRAFT:
            assert "dossier.submit" in actions
        assert all(doc.file.read(5) == b"%PDF-" for doc in dossier.documents.all())


@pytest.mark.django_db
def test_audit_trail_verifies_after_seeding():
    seed("--password", PASSWORD)
    seed("--password", PASSWORD)
    assert verify_trail().ok
    call_command("audit_verify", stdout=StringIO())  # raises CommandError if the trail is broken


@pytest.mark.django_db
def test_password_option_sets_a_password_that_authenticates():
    output = seed()
    made_up = re.search(r"Password of the new demo users: (\S+)", output).group(1)
    assert authenticate(username="xa_ta_van", password=made_up) is not None

    seed()  # existing users keep theirs
    assert authenticate(username="xa_ta_van", password=made_up) is not None

    seed("--password", PASSWORD)
    for username, _, _ in DEMO_ROLES:
        assert authenticate(username=username, password=PASSWORD) is not None, username
    assert authenticate(username="xa_ta_van", password=made_up) is None


# Where each non-final demo dossier waits: (its open task, the demo user whose queue, or inbox if
# claimed, holds it).
WAITING = {
    Status.SUBMITTED: ("review", "ldtbxh", False),
    Status.UNDER_REVIEW: ("review", "ldtbxh", True),
    Status.RETURNED: ("supplement", "xa_ta_van", False),
    Status.AT_COUNCIL: ("council", "noivu", False),
    Status.AWAITING_DECISION: ("decision", "chutich", False),
}
OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


@pytest.mark.django_db
def test_every_waiting_demo_dossier_has_its_open_task_in_the_right_queue_or_inbox():
    seed("--password", PASSWORD)
    waiting = Dossier.objects.filter(campaign=current_campaign(), status__in=WAITING)
    assert set(waiting.values_list("status", flat=True)) == set(WAITING)
    for dossier in waiting:
        node, username, claimed = WAITING[dossier.status]
        user = User.objects.get(username=username)
        (task,) = Task.objects.filter(process__dossierprocess__dossier=dossier, status__in=OPEN)
        assert task.flow_task.name == node, dossier.status
        assert task.owner == (user if claimed else None), dossier.status
        listed = task_inbox(user, AwardDossierFlow) if claimed else task_queue(user, AwardDossierFlow)
        assert listed.filter(pk=task.pk).exists(), dossier.status


@pytest.mark.django_db
def test_final_demo_dossiers_have_a_finished_process_and_drafts_none():
    seed("--password", PASSWORD)
    dossiers = Dossier.objects.filter(campaign=current_campaign())
    final = [d for d in dossiers if d.is_final]
    assert {d.status for d in final} == {Status.APPROVED, Status.PROVINCE_APPROVED, Status.REJECTED, Status.WITHDRAWN}
    for dossier in final:
        assert DossierProcess.objects.get(dossier=dossier).status == PROCESS.DONE, dossier.status
    assert not DossierProcess.objects.filter(dossier__status=Status.DRAFT).exists()
    assert DossierProcess.objects.count() == dossiers.exclude(status=Status.DRAFT).count()


@pytest.mark.django_db
def test_the_flow_agrees_with_every_demo_dossier():
    seed("--password", PASSWORD)
    seed("--password", PASSWORD)
    assert workflow_mismatches(AwardDossierFlow) == []
    call_command("workflow_check", stdout=StringIO(), stderr=StringIO())  # raises CommandError on a mismatch


@pytest.mark.django_db
def test_a_second_run_starts_no_process_and_moves_no_task():
    seed("--password", PASSWORD)
    tasks = list(Task.objects.order_by("pk").values_list("pk", "status", "owner_id"))
    seed("--password", PASSWORD)
    assert list(Task.objects.order_by("pk").values_list("pk", "status", "owner_id")) == tasks
