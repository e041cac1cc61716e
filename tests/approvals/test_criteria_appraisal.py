"""The reviewer's judgement of the award standard, recorded with the evaluation it saw; the
evaluation and the document checklist on the dossier's page and the review screen."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals import services as approval_services
from audit.models import AuditEvent
from dossiers import services as dossier_services
from dossiers.models import AwardForm, CriteriaEvaluation, NomineeKind, Result, Status
from dossiers.services import Judgement
from tests.admin_forms import inline_management, post
from tests.approvals.flow_client import as_user, client, execute, open_task, status_of  # noqa: F401 - fixtures
from tests.approvals.routed import routed
from tests.factories import bring_to, dossier_events, draft, nothing_changes, town_standard
from workflow_project.errors import InvalidInput, Refused

SHORT = {"support_amount": 49_999_999, "households_helped": 4}


@pytest.fixture
def standard(the_campaign):
    return town_standard(AwardForm.objects.get(code="giay-khen"))


def under_review(town, the_campaign, **kwargs):
    return bring_to(Status.UNDER_REVIEW, town, the_campaign, **kwargs)


# The services.
def test_forwarding_a_dossier_meeting_its_standard_records_the_evaluation(town, the_campaign, standard):
    dossier = under_review(town, the_campaign)

    dossier_services.dossier_forward_to_council(dossier_id=dossier.pk, actor=town.reviewer)

    (record,) = CriteriaEvaluation.objects.filter(dossier=dossier)
    assert (record.action, record.computed, record.standard_met, record.recorded_by) == (
        "forward_to_council",
        Result.MET,
        True,
        town.reviewer,
    )
    assert [(c["alternative"], c["result"], c["reason"]) for c in record.criteria] == [
        (1, Result.MET, "50.000.000 đồng ≥ 50.000.000 đồng"),
        (2, Result.MISSING, "evidence missing: poor households helped into stable work"),
    ]
    actions = [event.action for event in dossier_events(dossier)]
    assert actions[-2:] == ["dossier.criteria_evaluated", "dossier.forward_to_council"]


def test_forwarding_a_dossier_short_of_its_standard_without_a_judgement_is_refused(town, the_campaign, standard):
    dossier = under_review(town, the_campaign, evidence=SHORT)

    with nothing_changes(), pytest.raises(Refused) as refused:
        dossier_services.dossier_forward_to_council(dossier_id=dossier.pk, actor=town.reviewer)

    assert refused.value.code == "standard_not_met"
    assert not CriteriaEvaluation.objects.exists()


def test_a_judgement_against_the_evaluation_needs_a_comment(town, the_campaign, standard):
    dossier = under_review(town, the_campaign, evidence=SHORT)

    with nothing_changes(), pytest.raises(InvalidInput) as refused:
        dossier_services.dossier_forward_to_council(
            dossier_id=dossier.pk, actor=town.reviewer, judgement=Judgement(standard_met=True)
        )
    assert "comment" in refused.value.fields

    dossier_services.dossier_forward_to_council(
        dossier_id=dossier.pk,
        actor=town.reviewer,
        comment="Chứng từ bổ sung đủ 50.000.000 đồng",
        judgement=Judgement(standard_met=True),
    )
    record = CriteriaEvaluation.objects.get(dossier=dossier)
    assert (record.computed, record.standard_met) == (Result.NOT_MET, True)


def test_a_dossier_judged_short_of_its_standard_cannot_be_forwarded(town, the_campaign, standard):
    dossier = under_review(town, the_campaign, evidence=SHORT)

    with nothing_changes(), pytest.raises(InvalidInput) as refused:
        dossier_services.dossier_forward_to_council(
            dossier_id=dossier.pk, actor=town.reviewer, comment="Chưa đạt", judgement=Judgement(standard_met=False)
        )
    assert "standard_met" in refused.value.fields


def test_a_rejection_records_the_reviewers_judgement(town, the_campaign, standard):
    dossier = under_review(town, the_campaign, evidence=SHORT)

    dossier_services.dossier_reject(
        dossier_id=dossier.pk,
        actor=town.reviewer,
        comment="Không đạt tiêu chuẩn",
        judgement=Judgement(standard_met=False),
    )

    record = CriteriaEvaluation.objects.get(dossier=dossier)
    assert (record.action, record.computed, record.standard_met) == ("reject", Result.NOT_MET, False)


def test_every_judgement_criterion_must_be_answered(town, the_campaign, standard):
    dossier = under_review(town, the_campaign, kind=NomineeKind.OFFICIAL, evidence={})
    criterion = standard.criteria.get(nominee_kinds=[NomineeKind.OFFICIAL])

    with nothing_changes(), pytest.raises(InvalidInput) as refused:
        dossier_services.dossier_forward_to_council(
            dossier_id=dossier.pk, actor=town.reviewer, judgement=Judgement(True)
        )
    assert f"judgement_{criterion.pk}" in refused.value.fields

    dossier_services.dossier_forward_to_council(
        dossier_id=dossier.pk, actor=town.reviewer, judgement=Judgement(True, {criterion.pk: True})
    )
    (item,) = CriteriaEvaluation.objects.get(dossier=dossier).criteria
    assert (item["result"], item["judged"], item["reason"]) == (Result.MET, True, "judged met by the reviewer")


def test_a_recorded_evaluation_is_never_changed(town, the_campaign, standard):
    dossier = under_review(town, the_campaign)
    dossier_services.dossier_forward_to_council(dossier_id=dossier.pk, actor=town.reviewer)
    record = CriteriaEvaluation.objects.get(dossier=dossier)

    record.standard_met = False
    with pytest.raises(ValueError):
        record.save()


def test_changing_the_criteria_in_the_admin_leaves_a_decided_dossiers_evaluation_as_recorded(
    client, superuser, town, the_campaign, standard
):
    decided = under_review(town, the_campaign)
    dossier_services.dossier_reject(
        dossier_id=decided.pk, actor=town.reviewer, comment="Trùng thành tích", judgement=Judgement(standard_met=True)
    )
    recorded = CriteriaEvaluation.objects.get(dossier=decided).criteria
    criterion = standard.criteria.get(nominee_kinds=[NomineeKind.INDIVIDUAL], alternative=1)

    data = {
        "code": standard.code,
        "name": standard.name,
        "awarding_body": standard.awarding_body_id,
        "valid_from": "2016-01-01",
        "valid_until": "",
        "quorum_percent": "66.67",
        "vote_threshold_percent": "50",
        "threshold_basis": "all_members",
        "secret_ballot": "on",
    }
    data |= inline_management("required_documents", 0) | inline_management("criteria", 1, initial=1)
    data |= {
        "criteria-0-id": criterion.pk,
        "criteria-0-award_form": standard.pk,
        "criteria-0-nominee_kinds": '["individual"]',
        "criteria-0-alternative": "1",
        "criteria-0-rule": criterion.rule,
        "criteria-0-field": criterion.field,
        "criteria-0-other_field": "",
        "criteria-0-threshold": "60000000",
        "criteria-0-description": criterion.description,
    }
    as_user(client, superuser)
    post(client, f"/admin/dossiers/awardform/{standard.pk}/change/", data)

    assert CriteriaEvaluation.objects.get(dossier=decided).criteria == recorded
    assert recorded[0]["reason"] == "50.000.000 đồng ≥ 50.000.000 đồng"
    new = under_review(town, the_campaign)
    with pytest.raises(Refused):
        dossier_services.dossier_forward_to_council(dossier_id=new.pk, actor=town.reviewer)
    event = AuditEvent.objects.filter(
        action="config.related_changed", stream=f"dossiers.awardform:{standard.pk}"
    ).last()
    thresholds = {c["id"]: c["threshold"] for c in event.after["award standard criteria"]}
    assert thresholds[criterion.pk] == "60000000.00"


# The screens.
def review_url(task):
    return task.flow_task.reverse("execute", args=[task.process_id, task.pk])


def test_the_review_screen_proposes_the_evaluations_result_and_records_the_judgement(
    client, town, the_campaign, standard
):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign, kind=NomineeKind.OFFICIAL, evidence={})
    task = open_task(dossier)
    criterion = standard.criteria.get(nominee_kinds=[NomineeKind.OFFICIAL])

    form = as_user(client, town.reviewer).get(review_url(task)).context["form"]
    assert {f"judgement_{criterion.pk}", "standard_met"} <= set(form.fields)
    assert "For the reviewer to judge" in form.fields["standard_met"].help_text

    response = execute(
        client,
        town.reviewer,
        task,
        outcome="forward",
        standard_met="1",
        standard_seen=form["standard_seen"].initial,
        **{f"judgement_{criterion.pk}": "1"},
    )

    assert response.status_code == 302
    record = CriteriaEvaluation.objects.get(dossier=dossier)
    assert (record.computed, record.standard_met, record.recorded_by) == (Result.MET, True, town.reviewer)


def test_the_review_screen_asks_why_when_forwarding_against_the_evaluation(client, town, the_campaign, standard):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign, evidence=SHORT)
    task = open_task(dossier)

    form = as_user(client, town.reviewer).get(review_url(task)).context["form"]
    assert form.initial.get("standard_met", form.fields["standard_met"].initial) == "0"
    response = execute(
        client, town.reviewer, task, outcome="forward", standard_met="1", standard_seen=form["standard_seen"].initial
    )

    assert response.status_code == 200
    assert "say why in the comment" in str(response.context["form"].errors["comment"])
    assert not CriteriaEvaluation.objects.exists()
    assert status_of(dossier) == Status.UNDER_REVIEW


def test_a_judgement_on_criteria_changed_since_the_screen_was_opened_is_refused(client, town, the_campaign, standard):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)
    task = open_task(dossier)
    seen = as_user(client, town.reviewer).get(review_url(task)).context["form"]["standard_seen"].initial
    criterion = standard.criteria.get(nominee_kinds=[NomineeKind.INDIVIDUAL], alternative=1)
    criterion.threshold = 60_000_000
    criterion.save()

    response = execute(client, town.reviewer, task, outcome="forward", standard_met="1", standard_seen=seen)

    assert response.status_code == 200
    assert "The award standard was changed" in str(response.context["form"].errors)
    assert not CriteriaEvaluation.objects.exists()
    assert status_of(dossier) == Status.UNDER_REVIEW


def test_the_review_screens_summary_shows_the_evaluation(client, town, the_campaign, standard):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign, evidence=SHORT)

    html = as_user(client, town.reviewer).get(review_url(open_task(dossier))).content.decode()

    assert "49.999.999 đồng &lt; 50.000.000 đồng" in html
    assert "4 households &lt; 5" in html


@pytest.mark.parametrize("who", ["submitter", "reviewer"])
def test_the_dossier_page_shows_the_evaluation_and_the_checklist(client, town, the_campaign, standard, who):
    dossier = routed(Status.SUBMITTED, town, the_campaign, evidence=SHORT)
    user, url = {
        "submitter": (town.submitter, reverse("my_dossiers:detail", args=[dossier.pk])),
        "reviewer": (town.reviewer, reverse("dossiers:detail", args=[dossier.pk])),
    }[who]

    response = as_user(client, user).get(url)

    assert response.status_code == 200
    assert response.context["evaluation"].result == Result.NOT_MET
    checklist = [(row["required"].kind, row["present"]) for row in response.context["checklist"]]
    assert checklist == [("council_minutes", True), ("proposal_letter", True)]
    html = response.content.decode()
    assert "49.999.999 đồng &lt; 50.000.000 đồng" in html
    assert "Not met" in html


def test_the_checklist_shows_paper_sets_certification_and_whats_missing(client, town, the_campaign, standard):
    enterprise = draft(town, the_campaign, kind=NomineeKind.ENTERPRISE, documents=False)

    response = as_user(client, town.submitter).get(reverse("my_dossiers:detail", args=[enterprise.pk]))

    rows = {row["required"].kind: row for row in response.context["checklist"]}
    assert not rows["achievement_report"]["present"]
    assert rows["achievement_report"]["required"].certified_by_superior
    html = response.content.decode()
    assert "certified by the direct superior" in html and "Missing" in html


def test_the_dossier_page_shows_the_recorded_evaluation_beside_the_live_one(client, town, the_campaign, standard):
    dossier = routed(Status.AT_COUNCIL, town, the_campaign)
    criterion = standard.criteria.get(nominee_kinds=[NomineeKind.INDIVIDUAL], alternative=1)
    criterion.threshold = 60_000_000
    criterion.save()

    response = as_user(client, town.submitter).get(reverse("my_dossiers:detail", args=[dossier.pk]))

    (row,) = response.context["recorded"]
    assert row["record"].standard_met and row["action"] == "Forward to the council"
    assert row["criteria"][0]["reason"] == "50.000.000 đồng ≥ 50.000.000 đồng"
    assert response.context["evaluation"].results[0].reason == "50.000.000 đồng < 60.000.000 đồng"
    assert "Recorded at the appraisal" in response.content.decode()


def test_the_pages_queries_do_not_grow_with_criteria_and_recorded_evaluations(
    client, town, the_campaign, standard, django_assert_num_queries
):
    once = under_review(town, the_campaign)
    dossier_services.dossier_reject(dossier_id=once.pk, actor=town.reviewer, comment="Trùng", judgement=Judgement(True))
    twice = under_review(town, the_campaign, kind=NomineeKind.COMMUNE, evidence={"poverty_reduction_target": 1})
    dossier_services.dossier_return_for_supplement(
        dossier_id=twice.pk, actor=town.reviewer, comment="Bổ sung", judgement=Judgement(standard_met=False)
    )
    dossier_services.dossier_resubmit(dossier_id=twice.pk, actor=town.submitter)
    dossier_services.dossier_start_review(dossier_id=twice.pk, actor=town.reviewer)
    dossier_services.dossier_reject(
        dossier_id=twice.pk, actor=town.reviewer, comment="Không đạt", judgement=Judgement(standard_met=False)
    )
    as_user(client, town.reviewer).get(reverse("dossiers:detail", args=[once.pk]))

    with CaptureQueriesContext(connection) as counted:
        assert len(client.get(reverse("dossiers:detail", args=[once.pk])).context["recorded"]) == 1
    with django_assert_num_queries(len(counted)):
        response = client.get(reverse("dossiers:detail", args=[twice.pk]))
    assert len(response.context["recorded"]) == 2
    assert len(response.context["evaluation"].results) == 5


def test_a_compiled_submission_forwards_no_dossier_short_of_its_standard(town, the_campaign, standard):
    met = under_review(town, the_campaign)
    dossier_services.dossier_judge_ready(dossier_id=met.pk, actor=town.reviewer)
    short = under_review(town, the_campaign, evidence=SHORT)

    with nothing_changes(), pytest.raises(Refused) as refused:  # without a judgement, as computed
        dossier_services.dossier_judge_ready(dossier_id=short.pk, actor=town.reviewer)
    assert refused.value.code == "standard_not_met"

    with nothing_changes(), pytest.raises(Refused) as refused:
        approval_services.compiled_submission_create(
            actor=town.reviewer,
            number="45/TTr-LĐTBXH",
            submitted_on=timezone.localdate(),
            dossier_ids=[met.pk, short.pk],
        )

    assert short.reference in str(refused.value)
    assert refused.value.code == "not_appraised"
