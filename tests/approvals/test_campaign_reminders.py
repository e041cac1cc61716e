"""Reminders before a campaign's own deadlines (``manage.py campaign_reminders``): registration,
the compilation of registrations, dossiers, and the compilation of dossiers; each to the people
who still have something to do by it, once per unit, from the campaign's reminder days before it
until it has passed."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from approvals.campaign_reminders import REMINDER
from approvals.models import CampaignReminder
from audit.models import AuditEvent
from dossiers import services as dossier_services
from dossiers.models import Campaign, Status
from notifications.models import Notification
from registrations import services as registration_services
from tests.factories import Commune, bring_to, campaign, campaign_2026, draft, registration
from tests.mergers.conftest import merge

pytestmark = pytest.mark.django_db

D = datetime.date
SETUP = D(2026, 2, 2)
# Each deadline a Monday; with the default 2 reminder days, reminders go from the Thursday before.
REGISTRATION, REGISTRATION_REMINDER = D(2026, 3, 2), D(2026, 2, 26)
REGISTRATION_COMPILE, REGISTRATION_COMPILE_REMINDER = D(2026, 3, 9), D(2026, 3, 5)
DOSSIERS, DOSSIER_REMINDER = D(2026, 3, 16), D(2026, 3, 12)
COMPILE, COMPILE_REMINDER = D(2026, 3, 23), D(2026, 3, 19)


def moment(day: D, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def clock():
    with time_machine.travel(moment(SETUP), tick=False) as traveller:
        yield traveller


def dated_campaign(town, **dates):
    item = campaign(town, dossier_deadline=DOSSIERS)
    for field, day in {
        "registration_deadline": REGISTRATION,
        "registration_compile_deadline": REGISTRATION_COMPILE,
        "plan_deadline": REGISTRATION_COMPILE,
        "dossier_deadline": DOSSIERS,
        "compile_deadline": COMPILE,
        **dates,
    }.items():
        setattr(item, field, day)
    item.save()
    return item


@pytest.fixture
def the_campaign(town, clock):
    return dated_campaign(town)


def run_on(day: D, clock, django_capture_on_commit_callbacks, times: int = 3) -> None:
    """``manage.py campaign_reminders`` as cron runs it on ``day``, several times over."""
    clock.move_to(moment(day))
    for _ in range(times):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("campaign_reminders", stdout=io.StringIO())


def reminded(*users) -> dict:
    """The subjects of the campaign reminders each user received."""
    return {
        user.username: list(
            Notification.objects.filter(recipient=user, kind=REMINDER).values_list("subject", flat=True)
        )
        for user in users
    }


def everyone(*towns) -> list:
    return [user for town in towns for user in (town.submitter, town.ward_submitter, town.reviewer, town.reviewer_2)]


# The registration deadline.
def test_the_registration_deadline_reminds_the_submitters_of_each_unit_not_registered(
    town, other_town, the_campaign, clock, django_capture_on_commit_callbacks
):
    registration(town, the_campaign)

    run_on(REGISTRATION_REMINDER, clock, django_capture_on_commit_callbacks)

    assert {name: len(subjects) for name, subjects in reminded(*everyone(town, other_town)).items()} == {
        "sa-pa-submitter": 0,
        "sa-pa-ward-submitter": 1,
        "sa-pa-reviewer": 0,
        "sa-pa-reviewer-2": 0,
        "bat-xat-submitter": 0,
        "bat-xat-ward-submitter": 0,
        "bat-xat-reviewer": 0,
        "bat-xat-reviewer-2": 0,
    }


def test_the_registration_reminder_names_the_unit_the_campaign_and_the_deadline_in_vietnamese(
    town, the_campaign, clock, django_capture_on_commit_callbacks
):
    run_on(REGISTRATION_REMINDER, clock, django_capture_on_commit_callbacks)

    [subject] = reminded(town.ward_submitter)["sa-pa-ward-submitter"]
    assert subject.startswith("Nhắc việc")
    assert "Phường B" in subject and the_campaign.name in subject and "02/03/2026" in subject


def test_a_unit_merged_into_another_is_not_reminded_to_register(
    town, the_campaign, clock, django_capture_on_commit_callbacks
):
    merge(town, units=[town.commune], into=town.ward)

    run_on(REGISTRATION_REMINDER, clock, django_capture_on_commit_callbacks)

    assert set(CampaignReminder.objects.values_list("unit", flat=True)) == {town.ward.pk}
    assert ["Phường B" in subject for subject in reminded(town.submitter)["sa-pa-submitter"]] == [True]


# The dossier deadline.
def test_the_dossier_deadline_reminds_the_submitters_of_each_unit_with_dossiers_to_submit_naming_how_many(
    town, other_town, the_campaign, clock, django_capture_on_commit_callbacks
):
    draft(town, the_campaign)
    bring_to(Status.RETURNED, town, the_campaign)
    bring_to(Status.SUBMITTED, town, the_campaign, unit=town.ward)
    draft(other_town, campaign(other_town), form_code="giay-khen-bat-xat")

    run_on(DOSSIER_REMINDER, clock, django_capture_on_commit_callbacks)

    subjects = reminded(*everyone(town, other_town))
    assert {name: len(subject) for name, subject in subjects.items()} == {
        "sa-pa-submitter": 1,
        "sa-pa-ward-submitter": 0,
        "sa-pa-reviewer": 0,
        "sa-pa-reviewer-2": 0,
        "bat-xat-submitter": 0,
        "bat-xat-ward-submitter": 0,
        "bat-xat-reviewer": 0,
        "bat-xat-reviewer-2": 0,
    }
    assert "2 hồ sơ" in subjects["sa-pa-submitter"][0] and "16/03/2026" in subjects["sa-pa-submitter"][0]


def test_a_merged_units_dossiers_are_reminded_to_the_unit_it_was_merged_into(
    town, the_campaign, clock, django_capture_on_commit_callbacks
):
    draft(town, the_campaign)
    draft(town, the_campaign, unit=town.ward)
    merge(town, units=[town.commune], into=town.ward)

    run_on(DOSSIER_REMINDER, clock, django_capture_on_commit_callbacks)

    assert set(CampaignReminder.objects.values_list("unit", flat=True)) == {town.ward.pk}
    subjects = reminded(town.submitter, town.ward_submitter)
    assert ["Phường B" in subject and "2 hồ sơ" in subject for subject in subjects["sa-pa-ward-submitter"]] == [True]
    assert subjects["sa-pa-submitter"] == subjects["sa-pa-ward-submitter"]


# The labour office's deadlines.
def test_the_registration_compile_deadline_reminds_the_labour_reviewers_while_registrations_are_not_compiled(
    town, other_town, the_campaign, clock, django_capture_on_commit_callbacks
):
    registration(town, the_campaign)
    registration(town, the_campaign, unit=town.ward)

    run_on(REGISTRATION_COMPILE_REMINDER, clock, django_capture_on_commit_callbacks)

    subjects = reminded(*everyone(town, other_town))
    assert {name: len(subject) for name, subject in subjects.items()} == {
        "sa-pa-submitter": 0,
        "sa-pa-ward-submitter": 0,
        "sa-pa-reviewer": 1,
        "sa-pa-reviewer-2": 1,
        "bat-xat-submitter": 0,
        "bat-xat-ward-submitter": 0,
        "bat-xat-reviewer": 0,
        "bat-xat-reviewer-2": 0,
    }
    assert "2 đăng ký" in subjects["sa-pa-reviewer"][0] and "09/03/2026" in subjects["sa-pa-reviewer"][0]


def test_compiled_registrations_are_not_reminded(town, the_campaign, clock, django_capture_on_commit_callbacks):
    registration_services.registration_list_create(
        actor=town.reviewer,
        number="12/DS-LĐTBXH",
        compiled_on=SETUP,
        registration_ids=[registration(town, the_campaign).pk],
    )

    run_on(REGISTRATION_COMPILE_REMINDER, clock, django_capture_on_commit_callbacks)

    assert not Notification.objects.filter(kind=REMINDER).exists()


def test_the_compile_deadline_reminds_the_labour_reviewers_while_dossiers_wait_for_review(
    town, other_town, the_campaign, clock, django_capture_on_commit_callbacks
):
    bring_to(Status.SUBMITTED, town, the_campaign)
    bring_to(Status.UNDER_REVIEW, town, the_campaign, unit=town.ward)
    bring_to(Status.AT_COUNCIL, town, the_campaign)
    bring_to(Status.AT_COUNCIL, other_town, dated_campaign(other_town), form_code="giay-khen-bat-xat")

    run_on(COMPILE_REMINDER, clock, django_capture_on_commit_callbacks)

    subjects = reminded(*everyone(town, other_town))
    assert {name: len(subject) for name, subject in subjects.items()} == {
        "sa-pa-submitter": 0,
        "sa-pa-ward-submitter": 0,
        "sa-pa-reviewer": 1,
        "sa-pa-reviewer-2": 1,
        "bat-xat-submitter": 0,
        "bat-xat-ward-submitter": 0,
        "bat-xat-reviewer": 0,
        "bat-xat-reviewer-2": 0,
    }
    assert "2 hồ sơ" in subjects["sa-pa-reviewer"][0] and "23/03/2026" in subjects["sa-pa-reviewer"][0]


def test_under_the_two_tier_government_the_villages_and_the_communes_office_are_reminded(
    clock, django_capture_on_commit_callbacks
):
    commune = Commune("ta-van")
    the_campaign = campaign_2026(commune)
    Campaign.objects.filter(pk=the_campaign.pk).update(
        registration_deadline=REGISTRATION,
        registration_compile_deadline=REGISTRATION_COMPILE,
        plan_deadline=REGISTRATION_COMPILE,
        dossier_deadline=DOSSIERS,
        compile_deadline=COMPILE,
    )
    registration(commune, the_campaign, form_code="bang-khen-tinh", unit=commune.village, actor=commune.submitter)
    waiting = draft(commune, the_campaign, form_code="giay-khen-ta-van", unit=commune.village, actor=commune.submitter)
    dossier_services.dossier_submit(dossier_id=waiting.pk, actor=commune.submitter)

    run_on(REGISTRATION_REMINDER, clock, django_capture_on_commit_callbacks)
    run_on(COMPILE_REMINDER, clock, django_capture_on_commit_callbacks)

    subjects = reminded(commune.submitter, commune.group_submitter, commune.reviewer)
    assert {name: len(subject) for name, subject in subjects.items()} == {
        "ta-van-village-submitter": 0,
        "ta-van-group-submitter": 1,
        "ta-van-reviewer": 1,
    }
    assert "Tổ dân phố 1" in subjects["ta-van-group-submitter"][0]
    assert "1 hồ sơ của Xã ta-van" in subjects["ta-van-reviewer"][0]


# When.
def test_nothing_is_reminded_before_the_reminder_days(town, the_campaign, clock, django_capture_on_commit_callbacks):
    draft(town, the_campaign)

    for day in (D(2026, 2, 25), D(2026, 3, 4), D(2026, 3, 11), D(2026, 3, 18)):
        run_on(day, clock, django_capture_on_commit_callbacks)

    assert not Notification.objects.filter(kind=REMINDER).exists()


def test_a_late_run_still_reminds_on_the_deadline_day(town, the_campaign, clock, django_capture_on_commit_callbacks):
    draft(town, the_campaign)

    run_on(DOSSIERS, clock, django_capture_on_commit_callbacks)

    assert len(reminded(town.submitter)["sa-pa-submitter"]) == 1


def test_nothing_is_reminded_after_the_deadline(town, the_campaign, clock, django_capture_on_commit_callbacks):
    draft(town, the_campaign)

    run_on(DOSSIERS + datetime.timedelta(days=1), clock, django_capture_on_commit_callbacks)

    assert not Notification.objects.filter(kind=REMINDER).exists()


def test_a_unit_is_reminded_once_however_often_the_job_runs(
    town, the_campaign, clock, django_capture_on_commit_callbacks
):
    draft(town, the_campaign)

    for day in (DOSSIER_REMINDER, D(2026, 3, 13), DOSSIERS):
        run_on(day, clock, django_capture_on_commit_callbacks)
    draft(town, the_campaign)
    run_on(DOSSIERS, clock, django_capture_on_commit_callbacks)

    assert len(reminded(town.submitter)["sa-pa-submitter"]) == 1
    assert CampaignReminder.objects.count() == 1


def test_the_reminder_is_emailed_after_it_commits(
    town, the_campaign, clock, django_capture_on_commit_callbacks, mailoutbox
):
    town.submitter.email = "xa-a@example.vn"
    town.submitter.save()
    draft(town, the_campaign)

    run_on(DOSSIER_REMINDER, clock, django_capture_on_commit_callbacks)

    assert [(mail.to, "16/03/2026" in mail.subject) for mail in mailoutbox] == [(["xa-a@example.vn"], True)]


def test_each_reminder_is_in_the_campaigns_audit_trail(town, the_campaign, clock, django_capture_on_commit_callbacks):
    draft(town, the_campaign)

    run_on(DOSSIER_REMINDER, clock, django_capture_on_commit_callbacks)

    [event] = AuditEvent.objects.filter(stream=f"dossiers.campaign:{the_campaign.pk}", action=REMINDER)
    assert (event.actor_username, event.unit, event.after) == (
        "campaign_reminders",
        town.commune.code,
        {"deadline": "dossier_deadline", "due_on": "2026-03-16", "count": 1, "to": ["sa-pa-submitter"]},
    )


def test_the_command_says_how_many_reminders_it_sent(town, the_campaign, clock):
    draft(town, the_campaign)
    clock.move_to(moment(DOSSIER_REMINDER))
    out = io.StringIO()

    call_command("campaign_reminders", stdout=out)

    assert out.getvalue().strip() == "1 campaign reminders sent."
