"""The batch screens at /work/: the labour office's compiled submission, the chairman's decision
over several dossiers, the liaison's letter to the province, and the pages of those records. The
council's meeting: ``test_meeting_screen.py``."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from viewflow.workflow.status import STATUS

from approvals import services
from approvals.flows import AwardDossierFlow
from approvals.models import CompiledSubmission, Decision, ProvincialSubmission
from approvals.selectors.tasks import workflow_mismatches
from dossiers.models import Status
from roles.models import Role
from tests.approvals.batch_screens import DATE, TODAY, form_errors, url
from tests.approvals.flow_client import as_user, client, status_of  # noqa: F401 - fixture
from tests.approvals.routed import routed, task_of, unchanged
from tests.factories import campaign, chair_and_minutes


def forward_data(*dossiers, number="45/TTr-LĐTBXH", **extra):
    return {"tasks": [task_of(d).pk for d in dossiers], "number": number, "submitted_on": DATE(), **extra}


# The labour office's compiled submission


def test_the_submission_screen_lists_only_the_dossiers_the_reviewer_appraised(client, town, other_town, the_campaign):
    mine = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    routed(Status.UNDER_REVIEW, town, the_campaign)  # claimed, not appraised
    routed(Status.SUBMITTED, town, the_campaign, unit=town.ward)  # waiting in the queue
    theirs = routed(Status.SUBMITTED, town, the_campaign)
    from approvals import transitions

    transitions.task_claim(task_id=task_of(theirs).pk, actor=town.reviewer_2)
    transitions.transition_run(name="judge_ready", dossier_id=theirs.pk, actor=town.reviewer_2, values={})
    routed(Status.UNDER_REVIEW, other_town, campaign(other_town), appraised=True)
    routed(Status.AT_COUNCIL, town, the_campaign)

    response = as_user(client, town.reviewer).get(url("submission_create"))

    assert response.status_code == 200
    assert [row["dossier"].pk for row in response.context["rows"]] == [mine.pk]
    assert response.context["form"]["submitted_on"].value() == TODAY()
    assert "waiting in the queue" not in response.content.decode()


def test_forwarding_several_dossiers_under_one_compiled_submission(client, town, the_campaign):
    mine = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    queued = routed(Status.UNDER_REVIEW, town, the_campaign, unit=town.ward, appraised=True)

    response = as_user(client, town.reviewer).post(url("submission_create"), forward_data(mine, queued, comment="Đạt"))

    submission = CompiledSubmission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("submission_detail", submission.pk)
    assert (status_of(mine), status_of(queued)) == (Status.AT_COUNCIL, Status.AT_COUNCIL)
    assert [task_of(d).flow_task for d in (mine, queued)] == [AwardDossierFlow.council] * 2
    assert workflow_mismatches(AwardDossierFlow) == []

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert [d.pk for d in page.context["dossiers"]] == [mine.pk, queued.pk]
    content = page.content.decode()
    assert "45/TTr-LĐTBXH" in content and DATE() in content and "@media print" in content
    assert mine.reference in content and queued.reference in content and "Phường B" in content
    assert reverse("dossiers:detail", args=[mine.pk]) in content  # each reference opens its dossier's page


def test_a_refused_submission_shows_the_dossier_concerned_and_changes_nothing(client, town, the_campaign):
    mine = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    theirs = routed(Status.SUBMITTED, town, the_campaign)
    from approvals import transitions

    transitions.task_claim(task_id=task_of(theirs).pk, actor=town.reviewer_2)

    as_user(client, town.reviewer)
    with unchanged():
        response = client.post(url("submission_create"), forward_data(mine, theirs))

    assert response.status_code == 409
    assert form_errors(response) == [f"Dossier {theirs.reference}: This task is not yours to complete: claim it first."]


def test_a_duplicate_submission_number_is_shown_on_its_field(client, town, the_campaign):
    first = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    second = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    as_user(client, town.reviewer).post(url("submission_create"), forward_data(first))

    with unchanged():
        response = client.post(url("submission_create"), forward_data(second))

    assert response.status_code == 422
    assert response.context["form"].errors["number"] == [
        f"Submission number 45/TTr-LĐTBXH is already used in {TODAY().year}."
    ]
    assert status_of(second) == Status.UNDER_REVIEW


def test_a_submission_without_dossiers_or_with_a_bad_date_is_refused_by_the_form(client, town, the_campaign):
    mine = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)

    as_user(client, town.reviewer)
    with unchanged():
        empty = client.post(url("submission_create"), {"number": "4/TTr-LĐTBXH", "submitted_on": DATE()})
        wrong = client.post(url("submission_create"), forward_data(mine, submitted_on="2020-31-12"))

    assert empty.status_code == 200 and empty.context["form"].errors["tasks"] == ["Choose at least one dossier."]
    assert wrong.status_code == 200 and "submitted_on" in wrong.context["form"].errors


def test_forwarding_another_towns_dossier_answers_404(client, town, other_town, the_campaign):
    mine = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    foreign = routed(Status.SUBMITTED, other_town, campaign(other_town))

    as_user(client, town.reviewer)
    with unchanged():
        response = client.post(url("submission_create"), forward_data(mine, foreign))

    assert response.status_code == 404


# The chairman's decision


def test_signing_one_decision_for_several_dossiers(client, town, the_campaign):
    first = routed(Status.AWAITING_DECISION, town, the_campaign)
    second = routed(Status.AWAITING_DECISION, town, the_campaign, unit=town.ward)

    response = as_user(client, town.chairman).post(
        url("decision_create"),
        {"tasks": [task_of(first).pk, task_of(second).pk], "number": "21/QĐ-UBND", "signed_on": DATE()},
    )

    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == url("decision_detail", decision.pk)
    assert (decision.number, decision.signer) == ("21/QĐ-UBND", town.chairman)
    assert (status_of(first), status_of(second)) == (Status.APPROVED, Status.APPROVED)
    assert first.process.status == second.process.status == "DONE"
    assert workflow_mismatches(AwardDossierFlow) == []
    page = client.get(response["Location"])
    assert [d.pk for d in page.context["dossiers"]] == [first.pk, second.pk]


def test_a_decision_in_the_future_is_refused_on_its_field(client, town, the_campaign):
    import datetime

    dossier = routed(Status.AWAITING_DECISION, town, the_campaign)
    tomorrow = (TODAY() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")

    as_user(client, town.chairman)
    with unchanged():
        response = client.post(
            url("decision_create"), {"tasks": [task_of(dossier).pk], "number": "21/QĐ-UBND", "signed_on": tomorrow}
        )

    assert response.status_code == 422
    assert response.context["form"].errors["signed_on"] == ["The date cannot be in the future."]
    assert task_of(dossier).status == STATUS.NEW


# The liaison's letter to the province


def letter_data(*dossiers, number="52/TTr-UBND"):
    return {"tasks": [task_of(d).pk for d in dossiers], "number": number, "sent_on": DATE()}


def test_sending_several_dossiers_to_the_province_under_one_letter(client, town, other_town, the_campaign):
    first = routed(Status.ESCALATED, town, the_campaign)
    second = routed(Status.ESCALATED, town, the_campaign, unit=town.ward)
    routed(Status.ESCALATED, other_town, campaign(other_town))
    as_user(client, town.liaison)
    screen = client.get(url("letter_create"))
    assert [row["dossier"] for row in screen.context["rows"]] == [first, second]

    response = client.post(url("letter_create"), letter_data(first, second))

    letter = ProvincialSubmission.objects.get()
    assert response.status_code == 302 and response["Location"] == url("letter_detail", letter.pk)
    assert (letter.number, sorted(d.pk for d in letter.dossiers.all())) == ("52/TTr-UBND", [first.pk, second.pk])
    # The province's task stays open until its result is recorded; the list no longer offers them.
    assert (task_of(first).status, task_of(second).status) == (STATUS.NEW, STATUS.NEW)
    assert client.get(url("letter_create")).context["rows"] == []
    page = client.get(response["Location"])
    assert [d.pk for d in page.context["dossiers"]] == [first.pk, second.pk]
    assert "52/TTr-UBND" in page.content.decode()
    assert workflow_mismatches(AwardDossierFlow) == []


def test_a_dossier_sent_meanwhile_is_refused_and_nothing_is_sent(client, town, the_campaign):
    first = routed(Status.ESCALATED, town, the_campaign)
    second = routed(Status.ESCALATED, town, the_campaign)
    services.provincial_submission_create(
        actor=town.liaison, number="50/TTr-UBND", sent_on=TODAY(), dossier_ids=[second.pk]
    )

    response = as_user(client, town.liaison).post(url("letter_create"), letter_data(first, second))

    assert response.status_code == 409
    assert "already sent" in str(response.context["form"].non_field_errors())
    assert ProvincialSubmission.objects.count() == 1


def test_a_letter_number_used_this_year_is_refused_on_its_field(client, town, the_campaign):
    first = routed(Status.ESCALATED, town, the_campaign)
    second = routed(Status.ESCALATED, town, the_campaign)
    services.provincial_submission_create(
        actor=town.liaison, number="52/TTr-UBND", sent_on=TODAY(), dossier_ids=[first.pk]
    )

    response = as_user(client, town.liaison).post(url("letter_create"), letter_data(second))

    assert response.status_code == 422
    assert response.context["form"].errors["number"] == [
        f"Letter number 52/TTr-UBND is already used in {TODAY().year}."
    ]
    assert not second.provincial_submissions.exists()


def test_sending_another_towns_dossier_answers_404(client, town, other_town, the_campaign):
    foreign = routed(Status.ESCALATED, other_town, campaign(other_town))

    response = as_user(client, town.liaison).post(url("letter_create"), letter_data(foreign))

    assert response.status_code == 404
    assert not ProvincialSubmission.objects.exists()


# Who sees what


@pytest.mark.parametrize(
    ("name", "allowed", "refused"),
    [
        (
            "index",
            [
                Role.LABOUR_REVIEWER,
                Role.HOME_AFFAIRS_SECRETARY,
                Role.COUNCIL_MEMBER,
                Role.TOWN_CHAIRMAN,
                Role.PROVINCIAL_LIAISON,
            ],
            [Role.COMMUNE_SUBMITTER, Role.AUDITOR, Role.ADMINISTRATOR],
        ),
        (
            "submission_create",
            [Role.LABOUR_REVIEWER],
            [Role.HOME_AFFAIRS_SECRETARY, Role.TOWN_CHAIRMAN, Role.COMMUNE_SUBMITTER],
        ),
        (
            "meeting_create",
            [Role.HOME_AFFAIRS_SECRETARY],
            [Role.LABOUR_REVIEWER, Role.COUNCIL_MEMBER, Role.TOWN_CHAIRMAN],
        ),
        ("decision_create", [Role.TOWN_CHAIRMAN], [Role.LABOUR_REVIEWER, Role.HOME_AFFAIRS_SECRETARY, Role.AUDITOR]),
        ("letter_create", [Role.PROVINCIAL_LIAISON], [Role.HOME_AFFAIRS_SECRETARY, Role.TOWN_CHAIRMAN, Role.AUDITOR]),
    ],
)
def test_each_screen_answers_its_roles_only(client, town, name, allowed, refused):
    for role in allowed:
        assert as_user(client, town.user_for(role)).get(url(name)).status_code == 200, role
    for role in refused:
        assert as_user(client, town.user_for(role)).get(url(name)).status_code == 403, role
        assert as_user(client, town.user_for(role)).post(url(name), {}).status_code == 403, role


def test_a_visitor_not_signed_in_is_sent_to_sign_in(client):
    response = client.get(url("submission_create"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.fixture
def records(town, the_campaign):
    """A compiled submission, a council meeting and a decision of Sa Pa, through the services."""
    from tests.factories import bring_to

    today = TODAY()
    under_review = bring_to(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    submission = services.compiled_submission_create(
        actor=town.reviewer, number="5/TTr-LĐTBXH", submitted_on=today, dossier_ids=[under_review.pk]
    )
    awaiting = bring_to(Status.AWAITING_DECISION, town, the_campaign)
    decision = services.decision_sign(
        actor=town.chairman, number="6/QĐ-UBND", signed_on=today, dossier_ids=[awaiting.pk]
    )
    escalated = bring_to(Status.ESCALATED, town, the_campaign, form_code="bang-khen")
    letter = services.provincial_submission_create(
        actor=town.liaison, number="7/TTr-UBND", sent_on=today, dossier_ids=[escalated.pk]
    )
    return {
        "submission_detail": submission,
        "meeting_detail": awaiting.council_votes.get().meeting,
        "decision_detail": decision,
        "letter_detail": letter,
    }


@pytest.mark.parametrize(
    ("name", "allowed", "refused"),
    [
        (
            "submission_detail",
            [Role.LABOUR_REVIEWER, Role.HOME_AFFAIRS_SECRETARY],
            [Role.TOWN_CHAIRMAN, Role.COUNCIL_MEMBER],
        ),
        (
            "meeting_detail",
            [Role.HOME_AFFAIRS_SECRETARY, Role.COUNCIL_MEMBER],
            [Role.LABOUR_REVIEWER, Role.TOWN_CHAIRMAN],
        ),
        (
            "decision_detail",
            [Role.TOWN_CHAIRMAN, Role.HOME_AFFAIRS_SECRETARY],
            [Role.LABOUR_REVIEWER, Role.COUNCIL_MEMBER],
        ),
        ("letter_detail", [Role.PROVINCIAL_LIAISON], [Role.LABOUR_REVIEWER, Role.TOWN_CHAIRMAN]),
    ],
)
def test_a_record_is_read_by_its_roles_in_its_town_only(client, town, other_town, records, name, allowed, refused):
    record = records[name]
    for role in allowed:
        assert as_user(client, town.user_for(role)).get(url(name, record.pk)).status_code == 200, role
        assert as_user(client, other_town.user_for(role)).get(url(name, record.pk)).status_code == 404, role
    for role in refused:
        assert as_user(client, town.user_for(role)).get(url(name, record.pk)).status_code == 403, role
    assert as_user(client, town.submitter).get(url(name, record.pk)).status_code == 403


def test_the_overview_lists_the_records_of_the_users_town(client, town, other_town, records):
    response = as_user(client, town.user_for(Role.HOME_AFFAIRS_SECRETARY)).get(url("index"))
    assert [list(response.context[key]) for key in ("submissions", "decisions")] == [
        [records["submission_detail"]],
        [records["decision_detail"]],
    ]
    assert records["meeting_detail"] in response.context["meetings"]
    assert response.context["letters"] is None

    response = as_user(client, other_town.secretary).get(url("index"))
    assert [list(response.context[key]) for key in ("submissions", "meetings", "decisions")] == [[], [], []]

    response = as_user(client, town.liaison).get(url("index"))
    assert list(response.context["letters"]) == [records["letter_detail"]]
    assert response.context["submissions"] is None

    response = as_user(client, town.reviewer).get(url("index"))
    assert (list(response.context["submissions"]), response.context["meetings"], response.context["decisions"]) == (
        [records["submission_detail"]],
        None,
        None,
    )


# Queries: constant in the number of rows


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("role", "name", "status"),
    [
        (Role.LABOUR_REVIEWER, "submission_create", Status.UNDER_REVIEW),
        (Role.HOME_AFFAIRS_SECRETARY, "meeting_create", Status.AT_COUNCIL),
        (Role.TOWN_CHAIRMAN, "decision_create", Status.AWAITING_DECISION),
        (Role.PROVINCIAL_LIAISON, "letter_create", Status.ESCALATED),
    ],
)
def test_a_batch_screens_queries_do_not_grow_with_its_rows(
    client, town, the_campaign, role, name, status, django_assert_num_queries
):
    as_user(client, town.user_for(role))
    appraised = name == "submission_create"  # the only dossiers it lists
    routed(status, town, the_campaign, appraised=appraised)
    client.get(url(name))
    one = queries(client, url(name))
    for unit in (town.ward, town.commune, town.ward):
        routed(status, town, the_campaign, unit=unit, appraised=appraised)

    with django_assert_num_queries(one):
        response = client.get(url(name))
    assert len(response.context.get("rows") or response.context.get("ballots")) == 4


def test_the_record_pages_queries_do_not_grow_with_their_dossiers(
    client, town, the_campaign, django_assert_num_queries
):
    from tests.factories import bring_to

    def records_of(count, number):
        under_review = [bring_to(Status.UNDER_REVIEW, town, the_campaign, appraised=True).pk for _ in range(count)]
        awaiting = [bring_to(Status.AWAITING_DECISION, town, the_campaign).pk for _ in range(count)]
        at_council = [bring_to(Status.AT_COUNCIL, town, the_campaign).pk for _ in range(count)]
        meeting = services.council_meeting_record(
            actor=town.secretary,
            council_id=town.council.pk,
            held_on=TODAY(),
            attendee_ids=[m.pk for m in town.council_members],
            **chair_and_minutes(),
            ballots=[services.Ballot(pk, 5, 0, 0, "town_award") for pk in at_council],
        )
        return {
            "submission_detail": services.compiled_submission_create(
                actor=town.reviewer, number=f"{number}/TTr-LĐTBXH", submitted_on=TODAY(), dossier_ids=under_review
            ),
            "meeting_detail": meeting,
            "decision_detail": services.decision_sign(
                actor=town.chairman, number=f"{number}/QĐ-UBND", signed_on=TODAY(), dossier_ids=awaiting
            ),
        }

    one, four = records_of(1, 1), records_of(4, 2)
    as_user(client, town.secretary)
    client.get(url("index"))
    for name in one:
        few = queries(client, url(name, one[name].pk))
        with django_assert_num_queries(few):
            client.get(url(name, four[name].pk))
    few = queries(client, url("index"))
    records_of(2, 3)
    with django_assert_num_queries(few):
        client.get(url("index"))
