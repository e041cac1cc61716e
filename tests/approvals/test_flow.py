"""The award-dossier flow driven through its task URLs, by the town's people in turn."""

from django.contrib.messages import get_messages
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from approvals.flows import AwardDossierFlow
from approvals.models import DossierProcess
from dossiers.models import Status
from tests.approvals.flow_client import (  # noqa: F401 - fixtures
    as_user,
    claim,
    client,
    done,
    execute,
    open_task,
    status_of,
    submit,
    superuser,
    task_url,
)
from tests.factories import draft, trail, vote

SUBMITTER = ("sa-pa-submitter", "commune_submitter", "sa-pa-xa-a")
REVIEWER = ("sa-pa-reviewer", "labour_reviewer", "sa-pa-ldtbxh")
SECRETARY = ("sa-pa-secretary", "home_affairs_secretary", "sa-pa-noi-vu")
CHAIRMAN = ("sa-pa-chairman", "town_chairman", "sa-pa")


def test_a_town_award_goes_through_the_flow_from_submission_to_signed_decision(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    today = timezone.localdate()

    response = submit(client, town.submitter, dossier, comment="Đề nghị khen thưởng")
    assert response.status_code == 302
    assert status_of(dossier) == Status.SUBMITTED
    assert open_task(dossier).flow_task == AwardDossierFlow.review

    done(client, town.reviewer, dossier, AwardDossierFlow.review, outcome="forward", comment="Đủ điều kiện")
    assert status_of(dossier) == Status.AT_COUNCIL
    vote(town, dossier)
    done(client, town.secretary, dossier, AwardDossierFlow.council, outcome="town")
    assert status_of(dossier) == Status.AWAITING_DECISION
    done(
        client,
        town.chairman,
        dossier,
        AwardDossierFlow.decision,
        outcome="approve",
        number="12/QĐ-UBND",
        signed_on=today.strftime("%d/%m/%Y"),
        comment="Đồng ý",
    )

    assert status_of(dossier) == Status.APPROVED
    process = DossierProcess.objects.get(dossier=dossier)
    assert process.status == PROCESS.DONE
    # The timers of each task (``approvals.deadlines``) were cancelled as it completed.
    tasks = Task.objects.filter(process_id=process.pk).order_by("pk")
    assert set(tasks.filter(flow_task_type="TIMER").values_list("status", flat=True)) == {STATUS.CANCELED}
    assert [t.flow_task.name for t in tasks.exclude(flow_task_type="TIMER")] == [
        "submit",
        "review",
        "after_review",
        "council",
        "after_council",
        "decision",
        "after_decision",
        "awarded",
    ]
    assert trail(dossier)[4:] == [
        ("dossier.submit", *SUBMITTER, "draft", "submitted", "Đề nghị khen thưởng"),
        ("dossier.start_review", *REVIEWER, "submitted", "under_review", ""),
        ("dossier.forward_to_council", *REVIEWER, "under_review", "at_council", "Đủ điều kiện"),
        ("council.vote_recorded", *SECRETARY, None, None, ""),
        ("dossier.recommend_town_award", *SECRETARY, "at_council", "awaiting_decision", ""),
        ("dossier.approve", *CHAIRMAN, "awaiting_decision", "approved", "Đồng ý"),
    ]


def test_a_returned_dossier_is_supplemented_by_its_commune_and_reviewed_again(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)

    done(client, town.reviewer, dossier, AwardDossierFlow.review, outcome="return", comment="Bổ sung biên bản")
    assert status_of(dossier) == Status.RETURNED
    assert open_task(dossier).flow_task == AwardDossierFlow.supplement
    done(client, town.submitter, dossier, AwardDossierFlow.supplement, outcome="resubmit", comment="Đã bổ sung")
    assert status_of(dossier) == Status.SUBMITTED
    assert open_task(dossier).flow_task == AwardDossierFlow.review
    done(client, town.reviewer_2, dossier, AwardDossierFlow.review, outcome="forward")

    assert status_of(dossier) == Status.AT_COUNCIL
    assert open_task(dossier).flow_task == AwardDossierFlow.council
    assert [row[:2] for row in trail(dossier)[4:]] == [
        ("dossier.submit", "sa-pa-submitter"),
        ("dossier.start_review", "sa-pa-reviewer"),
        ("dossier.return_for_supplement", "sa-pa-reviewer"),
        ("dossier.resubmit", "sa-pa-submitter"),
        ("dossier.start_review", "sa-pa-reviewer-2"),
        ("dossier.forward_to_council", "sa-pa-reviewer-2"),
    ]


def test_a_dossier_returned_once_can_only_be_rejected_or_forwarded(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    done(client, town.reviewer, dossier, AwardDossierFlow.review, outcome="return", comment="Bổ sung biên bản")
    done(client, town.submitter, dossier, AwardDossierFlow.supplement, outcome="resubmit")
    task = open_task(dossier)
    claim(client, town.reviewer, task)

    form = as_user(client, town.reviewer).get(task_url(task, "execute")).context["form"]
    assert [value for value, label in form.fields["outcome"].choices] == ["forward", "ready", "reject"]
    assert "already been returned for supplement 1 time" in str(form.fields["outcome"].help_text)
    events = len(trail(dossier))
    response = execute(client, town.reviewer, task, outcome="return", comment="Bổ sung lần hai")
    assert response.status_code == 200 and "outcome" in response.context["form"].errors
    dossier.refresh_from_db()
    assert (dossier.status, dossier.return_count, len(trail(dossier))) == (Status.UNDER_REVIEW, 1, events)


def test_a_rejected_dossier_ends_its_process(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)

    done(client, town.reviewer, dossier, AwardDossierFlow.review, outcome="reject", comment="Không đạt")

    assert status_of(dossier) == Status.REJECTED
    assert DossierProcess.objects.get(dossier=dossier).status == PROCESS.DONE


def test_the_chairman_sends_a_dossier_back_to_the_council_task(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    done(client, town.reviewer, dossier, AwardDossierFlow.review, outcome="forward")
    vote(town, dossier)
    done(client, town.secretary, dossier, AwardDossierFlow.council, outcome="town")

    done(client, town.chairman, dossier, AwardDossierFlow.decision, outcome="send_back", comment="Xét lại")

    assert status_of(dossier) == Status.AT_COUNCIL
    assert open_task(dossier).flow_task == AwardDossierFlow.council


def test_a_refused_service_shows_as_a_form_error_and_changes_nothing(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    task = open_task(dossier)
    claim(client, town.reviewer, task)
    events = len(trail(dossier))

    response = execute(client, town.reviewer, task, outcome="return", comment="")

    assert response.status_code == 200
    assert response.context["form"].errors == {"comment": ["This field is required."]}
    assert status_of(dossier) == Status.UNDER_REVIEW
    assert len(trail(dossier)) == events
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED


def test_the_council_task_refuses_an_outcome_without_a_vote(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    done(client, town.reviewer, dossier, AwardDossierFlow.review, outcome="forward")
    task = open_task(dossier)
    claim(client, town.secretary, task)

    response = execute(client, town.secretary, task, outcome="town")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["The council has not voted on this dossier yet."]
    assert status_of(dossier) == Status.AT_COUNCIL


def test_only_a_submitter_may_start_the_flow(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    response = submit(client, town.reviewer, dossier)

    assert response.status_code == 403
    assert status_of(dossier) == Status.DRAFT
    assert not DossierProcess.objects.exists()


def test_a_submitter_cannot_submit_another_communes_draft(client, town, the_campaign):
    dossier = draft(town, the_campaign, unit=town.ward)

    response = submit(client, town.submitter, dossier)

    assert response.status_code == 200
    assert "dossier" in response.context["form"].errors
    assert status_of(dossier) == Status.DRAFT


def test_a_task_of_another_unit_is_not_found(client, town, other_town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    done(client, town.reviewer, dossier, AwardDossierFlow.review, outcome="return", comment="Bổ sung")
    task = open_task(dossier)
    process_url = AwardDossierFlow.instance.reverse("process_detail", args=[task.process_id])

    for stranger in (town.ward_submitter, other_town.submitter, other_town.reviewer):
        as_user(client, stranger)
        for action in ("index", "detail", "assign", "execute"):
            assert client.get(task_url(task, action)).status_code == 404, (stranger, action)
        assert client.post(task_url(task, "assign")).status_code == 404
        assert client.get(process_url).status_code == 404

    as_user(client, town.submitter)
    assert client.get(task_url(task, "detail")).status_code == 200
    assert client.get(process_url).status_code == 200
    task.refresh_from_db()
    assert task.owner is None


def test_a_task_url_naming_another_process_is_not_found(client, town, the_campaign):
    mine, theirs = draft(town, the_campaign), draft(town, the_campaign, unit=town.ward)
    submit(client, town.submitter, mine)
    submit(client, town.ward_submitter, theirs)
    task = open_task(theirs)

    as_user(client, town.submitter)
    url = task.flow_task.reverse("detail", args=[open_task(mine).process_id, task.pk])
    assert client.get(url).status_code == 404


def test_each_step_says_what_was_done_to_which_dossier(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    def said(response) -> str:
        """The message the step added (the earlier ones wait, unread, for the next page)."""
        assert response.status_code == 302
        return [str(message) for message in get_messages(response.wsgi_request)][-1]

    ref, review = dossier.reference, "“Appraise the dossier (labour office)”"
    assert said(submit(client, town.submitter, dossier)) == f"Dossier {ref} has been submitted to the labour office."
    task = open_task(dossier)
    assert said(claim(client, town.reviewer, task)) == f"You have claimed {review} of dossier {ref}."
    released = as_user(client, town.reviewer).post(task_url(task, "unassign"))
    assert said(released) == f"{review} of dossier {ref} is back in the queue."
    claim(client, town.reviewer, task)
    forwarded = f"Dossier {ref} has been forwarded to the emulation and commendation council."
    assert said(execute(client, town.reviewer, task, outcome="forward")) == forwarded


def test_the_second_reviewer_to_claim_a_task_is_refused_with_a_message(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    task = open_task(dossier)

    first = claim(client, town.reviewer, task)
    second = claim(client, town.reviewer_2, task)

    assert first.status_code == 302
    assert second.status_code == 409
    assert second.context["form"].non_field_errors() == ["This task has already been claimed by sa-pa-reviewer."]
    task.refresh_from_db()
    dossier.refresh_from_db()
    assert (task.owner, task.status) == (town.reviewer, STATUS.ASSIGNED)
    assert (dossier.status, dossier.reviewer) == (Status.UNDER_REVIEW, town.reviewer)
    assert [row[:2] for row in trail(dossier)[-1:]] == [("dossier.start_review", "sa-pa-reviewer")]


def test_a_released_review_goes_back_to_the_queue(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    task = open_task(dossier)
    claim(client, town.reviewer, task)

    response = as_user(client, town.reviewer).post(task_url(task, "unassign"))

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.owner, task.status) == (None, STATUS.NEW)
    assert status_of(dossier) == Status.SUBMITTED


def test_only_the_claimant_executes_a_claimed_task(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    task = open_task(dossier)
    claim(client, town.reviewer, task)

    response = execute(client, town.reviewer_2, task, outcome="forward")

    assert response.status_code == 403
    assert status_of(dossier) == Status.UNDER_REVIEW


def test_other_roles_cannot_claim_a_review(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    task = open_task(dossier)

    for user in (town.submitter, town.secretary, town.chairman, town.auditor):
        assert claim(client, user, task).status_code == 403
    assert status_of(dossier) == Status.SUBMITTED


def test_the_queue_lists_the_tasks_of_the_users_role_and_units(client, town, other_town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    task = open_task(dossier)
    queue_url = AwardDossierFlow.instance.reverse("queue")

    def queue_of(user):
        return list(as_user(client, user).get(queue_url).context["object_list"])

    assert queue_of(town.reviewer) == [task]
    assert queue_of(other_town.reviewer) == []
    assert queue_of(town.secretary) == []
    assert queue_of(town.submitter) == []


def test_a_signed_in_user_lands_on_the_flow(client, town):
    response = as_user(client, town.reviewer).get("/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(AwardDossierFlow.instance.reverse("index"))


def test_cancel_undo_and_revive_are_closed_to_everyone_but_superusers(client, town, the_campaign, superuser):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    review = open_task(dossier)
    start = Task.objects.get(process_id=review.process_id, flow_task=AwardDossierFlow.submit)
    urls = [
        task_url(review, "cancel"),
        task_url(start, "undo"),
        AwardDossierFlow.instance.reverse("process_cancel", args=[review.process_id]),
    ]

    for user in (town.submitter, town.reviewer, town.secretary, town.chairman, town.auditor, town.administrator):
        as_user(client, user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
            assert client.post(url).status_code == 403, (user, url)
    review.refresh_from_db()
    assert review.status == STATUS.NEW

    as_user(client, superuser)
    assert client.get(urls[0]).status_code == 200
    assert client.post(urls[0]).status_code == 302
    review.refresh_from_db()
    assert review.status == STATUS.CANCELED
    # The dossier is where it was: viewflow's actions do not touch it.
    assert status_of(dossier) == Status.SUBMITTED

    revive_url = task_url(review, "revive")
    as_user(client, town.reviewer)
    assert client.post(revive_url).status_code == 403
    as_user(client, superuser)
    assert client.post(revive_url).status_code == 302
    assert open_task(dossier).flow_task == AwardDossierFlow.review


def test_a_provincial_award_ends_with_the_provinces_result(client, town, the_campaign):
    from approvals import services as approval_services

    dossier = draft(town, the_campaign, form_code="bang-khen")
    today = timezone.localdate()
    submit(client, town.submitter, dossier)
    done(client, town.reviewer, dossier, AwardDossierFlow.review, outcome="forward")
    vote(town, dossier)
    done(client, town.secretary, dossier, AwardDossierFlow.council, outcome="province")
    assert status_of(dossier) == Status.ESCALATED
    approval_services.provincial_submission_create(
        actor=town.liaison, number="5/TTr-UBND", sent_on=today, dossier_ids=[dossier.pk]
    )

    done(
        client,
        town.liaison,
        dossier,
        AwardDossierFlow.province,
        approved="1",
        decision_number="9/QĐ-UBND",
        decided_on=today.strftime("%d/%m/%Y"),
    )

    assert status_of(dossier) == Status.PROVINCE_APPROVED
    assert DossierProcess.objects.get(dossier=dossier).status == PROCESS.DONE


def test_a_returned_dossier_withdrawn_by_its_commune_ends_its_process(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    done(client, town.reviewer, dossier, AwardDossierFlow.review, outcome="return", comment="Bổ sung")

    done(client, town.submitter, dossier, AwardDossierFlow.supplement, outcome="withdraw", comment="Rút hồ sơ")

    assert status_of(dossier) == Status.WITHDRAWN
    assert DossierProcess.objects.get(dossier=dossier).status == PROCESS.DONE


def test_the_flows_pages_answer_each_role_and_never_fail(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    task = open_task(dossier)
    claim(client, town.reviewer, task)
    flow = AwardDossierFlow.instance
    pages = [
        flow.reverse(name) for name in ("index", "queue", "inbox", "archive", "process_list", "task_list", "chart")
    ]
    pages += [flow.reverse(name, args=[task.process_id]) for name in ("process_detail", "process_chart")]
    pages += [task_url(task, "detail")]
    for user in (town.submitter, town.reviewer, town.secretary, town.chairman, town.liaison, town.auditor):
        as_user(client, user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)

    as_user(client, town.reviewer)
    assert client.get(task_url(task, "execute")).status_code == 200
    as_user(client, town.submitter)
    response = client.get(AwardDossierFlow.submit.reverse("execute"))
    assert response.status_code == 200
    assert list(response.context["form"].fields["dossier"].queryset) == []


def test_the_submit_form_offers_the_submitters_own_unrouted_drafts(client, town, the_campaign):
    mine, routed = draft(town, the_campaign), draft(town, the_campaign)
    draft(town, the_campaign, unit=town.ward)
    submit(client, town.submitter, routed)

    response = as_user(client, town.submitter).get(AwardDossierFlow.submit.reverse("execute"))

    assert list(response.context["form"].fields["dossier"].queryset) == [mine]


def test_a_bulk_claim_starts_the_review_of_each_dossier(client, town, the_campaign):
    dossiers = [draft(town, the_campaign), draft(town, the_campaign)]
    for dossier in dossiers:
        submit(client, town.submitter, dossier)
    tasks = [open_task(dossier) for dossier in dossiers]

    response = as_user(client, town.reviewer).post(
        AwardDossierFlow.instance.reverse("tasks_assign"), {"pk": [t.pk for t in tasks], "_confirm": "1"}
    )

    assert response.status_code == 302
    for dossier, task in zip(dossiers, tasks, strict=True):
        task.refresh_from_db()
        dossier.refresh_from_db()
        assert (task.owner, task.status) == (town.reviewer, STATUS.ASSIGNED)
        assert (dossier.status, dossier.reviewer) == (Status.UNDER_REVIEW, town.reviewer)

    response = client.post(
        AwardDossierFlow.instance.reverse("tasks_unassign"), {"pk": [t.pk for t in tasks], "_confirm": "1"}
    )

    assert response.status_code == 302
    assert [status_of(dossier) for dossier in dossiers] == [Status.SUBMITTED, Status.SUBMITTED]
    assert [Task.objects.get(pk=t.pk).owner for t in tasks] == [None, None]


def test_a_bulk_claim_takes_only_tasks_of_the_users_queue(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    task = open_task(dossier)

    as_user(client, town.secretary).post(
        AwardDossierFlow.instance.reverse("tasks_assign"), {"select_all": "1", "_confirm": "1"}
    )

    task.refresh_from_db()
    assert task.owner is None
    assert status_of(dossier) == Status.SUBMITTED
