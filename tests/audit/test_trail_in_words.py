"""The auditor reads the trail in words: each action by its label, each user by their full name,
each unit by its name, with their codes beside them; before and after formatted (states in words,
dates dd/mm/yyyy, amounts in đồng, yes or no); what nobody named, as recorded. The JSON API keeps
its codes and adds the labels beside them."""

import re

import pytest
from django.utils import translation
from django.utils.text import capfirst

from audit.labels import action_label
from audit.models import AuditEvent
from audit.services import audit_record, stream_for
from dossiers.models import Dossier, Nominee, Status
from roles.models import Role
from tests.api_client import api, client  # noqa: F401 - client: the English one, for the API
from tests.audit.recorded_actions import every_action
from tests.audit.trail_readers import LIST, auditor_client, detail, name_people
from tests.factories import bring_to, draft

pytestmark = pytest.mark.django_db

TIME = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}$")


def vi(text) -> str:
    with translation.override("vi"):
        return str(text)


def rows_of(response) -> dict:
    return {row.key: row for row in response.context["changes"]}


def event(dossier, action: str) -> AuditEvent:
    return AuditEvent.objects.get(stream=stream_for(dossier), action=action)


# Every action has a label


def test_every_action_the_code_writes_has_a_label_in_vietnamese_and_in_english():
    actions = every_action()
    assert {"dossier.submit", "auth.login", "role.granted", "unit.merged", "campaign.reminder"} <= actions
    assert len(actions) > 40
    unlabelled = {}
    for code in sorted(actions):
        with translation.override("vi"):
            vietnamese = action_label(code)
        with translation.override("en"):
            english = action_label(code)
        if code in (vietnamese, english) or vietnamese == english:
            unlabelled[code] = (vietnamese, english)
    assert unlabelled == {}


def test_a_transitions_label_is_the_one_it_carries():
    with translation.override("vi"):
        assert action_label("dossier.submit") == "Nộp hồ sơ"
        assert action_label("dossier.resubmit") == "Nộp lại hồ sơ"
        assert action_label("dossier.return_for_supplement") == str(
            Dossier.return_for_supplement._django_fsm.transitions[Status.UNDER_REVIEW].custom["label"]
        )


# The list


def test_the_list_shows_actions_users_and_units_in_words_with_their_codes(town, the_campaign):
    name_people(town)
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    submit = event(dossier, "dossier.submit")
    response = auditor_client(town.auditor).get(LIST, {"dossier": dossier.reference})
    shown = {row.pk: row for row in response.context["events"]}[submit.pk]
    assert (shown.action_label, shown.actor_name, shown.unit_label) == ("Nộp hồ sơ", "Lò Thị Mai", "Xã Tả Van")
    html = response.content.decode()
    assert 'Nộp hồ sơ<small class="audit-code">dossier.submit</small>' in html
    assert f'Lò Thị Mai<small class="audit-code">{town.submitter.username}</small>' in html
    assert f'Xã Tả Van<small class="audit-code">{town.commune.code}</small>' in html
    assert vi(Role.COMMUNE_SUBMITTER.label) in html


def test_an_unknown_action_and_a_unit_that_no_longer_exists_show_their_codes(town):
    audit_record(action="something.new", stream="other:1", actor_username="someone", unit="gone-unit")
    response = auditor_client(town.auditor).get(LIST, {"action": "something.new"})
    (shown,) = response.context["events"]
    assert (shown.action_label, shown.actor_name, shown.unit_label) == ("something.new", "someone", "gone-unit")
    # No code repeated beside itself.
    assert 'class="audit-code">something.new<' not in response.content.decode()


# One event


def test_a_new_dossiers_values_read_in_words(town, the_campaign):
    name_people(town)
    dossier = draft(town, the_campaign, documents=False)
    created = event(dossier, "dossier.created")
    response = auditor_client(town.auditor).get(detail(created))
    rows = rows_of(response)
    assert rows["status"].label == capfirst(vi(Dossier._meta.get_field("status").verbose_name))
    assert (rows["status"].before, rows["status"].after) == ("", vi(Status.DRAFT.label))
    assert rows["support_amount"].label == capfirst(vi(Dossier._meta.get_field("support_amount").verbose_name))
    assert rows["support_amount"].after == "50.000.000 đồng"
    assert rows["party_clean_strong"].after == "Không"
    assert rows["households_helped"].after == ""
    assert TIME.match(rows["created_at"].after)
    assert rows["nominee.name"].label == capfirst(vi(Nominee._meta.get_field("name").verbose_name))
    assert rows["nominee.name"].after == "Nguyễn Văn A"
    html = response.content.decode()
    assert "50.000.000 đồng" in html
    assert 'class="audit-code">support_amount<' in html
    assert f'Lò Thị Mai<small class="audit-code">{town.submitter.username}</small>' in html
    assert f'Xã Tả Van<small class="audit-code">{town.commune.code}</small>' in html
    assert 'Tạo hồ sơ<small class="audit-code">dossier.created</small>' in html


def test_a_transitions_states_read_in_words(town, the_campaign):
    dossier = bring_to(Status.UNDER_REVIEW, town, the_campaign)
    rows = rows_of(auditor_client(town.auditor).get(detail(event(dossier, "dossier.start_review"))))
    assert rows["status"].before == vi(Status.SUBMITTED.label)
    assert rows["status"].after == vi(Status.UNDER_REVIEW.label)
    assert rows["status"].changed


def test_a_decisions_number_and_date_read_in_words(town, the_campaign):
    dossier = bring_to(Status.APPROVED, town, the_campaign)
    approve = event(dossier, "dossier.approve")
    rows = rows_of(auditor_client(town.auditor).get(detail(approve)))
    day = approve.after["signed_on"]
    assert rows["signed_on"].after == f"{day[8:10]}/{day[5:7]}/{day[:4]}"
    assert rows["signed_on"].label == "Ngày ký"
    assert rows["decision_number"].after == f"{dossier.pk}/QĐ-UBND"


def test_a_role_granted_reads_its_role_and_dates_in_words(town):
    granted = AuditEvent.objects.filter(action="role.granted", after__user_id=town.reviewer.pk).get()
    rows = rows_of(auditor_client(town.auditor).get(detail(granted)))
    assert rows["role"].after == vi(Role.LABOUR_REVIEWER.label)
    assert rows["starts_on"].after == "01/01/2019"
    assert rows["ends_on"].after == ""


def test_keys_nobody_named_are_shown_as_they_are(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)
    odd = audit_record(
        action="dossier.updated",
        obj=dossier,
        before={"mystery_key": "cũ"},
        after={"mystery_key": "mới", "flag": True, "when": "2020-03-05", "list": ["a", "b"]},
    )
    rows = rows_of(auditor_client(town.auditor).get(detail(odd)))
    assert (rows["mystery_key"].label, rows["mystery_key"].before, rows["mystery_key"].after) == (
        "mystery_key",
        "cũ",
        "mới",
    )
    assert (rows["flag"].after, rows["when"].after, rows["list"].after) == ("Có", "05/03/2020", "a, b")


def test_a_value_that_is_not_an_object_reads_as_one_row(town):
    odd = audit_record(action="something.new", stream="other:1", before="trước", after=12)
    rows = auditor_client(town.auditor).get(detail(odd)).context["changes"]
    assert [(row.key, row.before, row.after) for row in rows] == [("", "trước", "12")]


# The API keeps its codes


def test_the_api_keeps_the_codes_and_adds_the_labels_beside_them(client, town, the_campaign):  # noqa: F811
    name_people(town)
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    submit = event(dossier, "dossier.submit")
    body = api(client, town.auditor).get(f"/api/audit/events/{submit.pk}/").json()
    assert (body["action"], body["action_label"]) == ("dossier.submit", "Submit")
    assert (body["unit"], body["unit_name"]) == (town.commune.code, "Xã Tả Van")
    assert body["actor"] == {"username": town.submitter.username, "name": "Lò Thị Mai"}
    assert body["after"] == {"status": "submitted"}
