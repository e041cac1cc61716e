"""The dossier list and page for every reader, their documents, the buttons for what each user may
do now, the dossier's summary on the task screens, and the flow's charts."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals import transitions
from approvals import services as approvals
from approvals.flows import AwardDossierFlow
from approvals.models import DossierProcess
from dossiers import services as dossiers
from dossiers.models import DocumentKind, Status
from roles.models import Role, UnitKind
from roles.services import membership_grant
from tests.approvals.flow_client import as_user, client, open_task, status_of  # noqa: F401 - fixtures
from tests.factories import PDF, Town, UnitFactory, bring_to, campaign, draft, vote

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16
ZIP = b"PK\x03\x04" + b"\x00" * 16

READERS = [
    Role.LABOUR_REVIEWER,
    Role.HOME_AFFAIRS_SECRETARY,
    Role.COUNCIL_MEMBER,
    Role.TOWN_CHAIRMAN,
    Role.PROVINCIAL_LIAISON,
    Role.AUDITOR,
    Role.COMMUNE_SUBMITTER,
]


def url(name, *args):
    return reverse(f"dossiers:{name}", args=args)


def page(client, user, dossier, **headers):
    return as_user(client, user).get(url("detail", dossier.pk), headers=headers)


def routed(town, the_campaign, status=Status.SUBMITTED, **kwargs):
    """A dossier taken to ``status`` through the flow (its process and open task are real)."""
    dossier = draft(town, the_campaign, **kwargs)
    submitter = town.submitter if dossier.unit == town.commune else town.ward_submitter
    transitions.flow_submit(dossier_id=dossier.pk, actor=submitter)
    if status == Status.SUBMITTED:
        return dossier
    transitions.task_claim(task_id=open_task(dossier).pk, actor=town.reviewer)
    if status == Status.UNDER_REVIEW:
        return dossier
    task = open_task(dossier)
    forward = lambda d: dossiers.dossier_forward_to_council(dossier_id=d.pk, actor=town.reviewer)  # noqa: E731
    transitions.task_complete(task_id=task.pk, actor=town.reviewer, perform=forward)
    if status == Status.AT_COUNCIL:
        return dossier
    assert status == Status.AWAITING_DECISION
    transitions.task_claim(task_id=open_task(dossier).pk, actor=town.secretary)
    vote(town, dossier)
    recommend = lambda d: approvals.dossier_recommend_town_award(dossier_id=d.pk, actor=town.secretary)  # noqa: E731
    transitions.task_complete(task_id=open_task(dossier).pk, actor=town.secretary, perform=recommend)
    return dossier


def labels(response):
    return [action["label"] for action in response.context["actions"]]


# Who reads the page.
@pytest.mark.parametrize("role", READERS, ids=lambda role: role.value)
def test_every_reader_of_the_town_sees_the_dossier_page(client, town, the_campaign, role):
    dossier = routed(town, the_campaign)

    response = page(client, town.user_for(role), dossier)

    assert response.status_code == 200
    assert response.context["dossier"] == dossier
    assert dossier.reference in response.content.decode()


@pytest.mark.parametrize("role", [role for role in READERS if role != Role.AUDITOR], ids=lambda role: role.value)
def test_another_towns_dossier_answers_404_to_every_reader(client, town, other_town, the_campaign, role):
    dossier = routed(town, the_campaign)

    response = page(client, other_town.user_for(role), dossier)

    assert response.status_code == 404


def test_another_provinces_dossier_answers_404_to_an_auditor(client, town, the_campaign):
    elsewhere = Town("mu-cang-chai", province=UnitFactory(code="yen-bai", name="Tỉnh Yên Bái", kind=UnitKind.PROVINCE))
    dossier = routed(town, the_campaign)

    assert page(client, elsewhere.auditor, dossier).status_code == 404
    assert as_user(client, elsewhere.auditor).get(url("document", dossier.pk, dossier.documents.first().pk)).status_code == 404
    assert page(client, town.auditor, dossier).status_code == 200


def test_a_submitter_cannot_read_another_communes_dossier(client, town, the_campaign):
    theirs = routed(town, the_campaign, unit=town.ward)

    assert page(client, town.submitter, theirs).status_code == 404
    assert page(client, town.ward_submitter, theirs).status_code == 200


def test_someone_without_a_reading_role_is_refused_the_list(client, town):
    response = as_user(client, town.administrator).get(url("index"))

    assert response.status_code == 403


# The list.
def test_the_list_holds_the_readers_dossiers_only(client, town, other_town, the_campaign):
    ours = [draft(town, the_campaign), draft(town, the_campaign, unit=town.ward)]
    draft(other_town, campaign(other_town))

    reviewer = as_user(client, town.reviewer).get(url("index"))
    submitter = as_user(client, town.submitter).get(url("index"))

    assert {row["dossier"] for row in reviewer.context["rows"]} == set(ours)
    assert [row["dossier"] for row in submitter.context["rows"]] == [ours[0]]


def test_the_list_filters_by_state_campaign_and_unit(client, town, the_campaign):
    submitted = bring_to(Status.SUBMITTED, town, the_campaign)
    in_the_ward = draft(town, the_campaign, unit=town.ward)
    other_campaign = campaign(town)
    later = draft(town, other_campaign)

    def listed(**query):
        response = as_user(client, town.reviewer).get(url("index"), query)
        assert response.status_code == 200
        return {row["dossier"] for row in response.context["rows"]}

    assert listed(status=Status.SUBMITTED) == {submitted}
    assert listed(unit=town.ward.pk) == {in_the_ward}
    assert listed(campaign=other_campaign.pk) == {later}
    assert listed(status=Status.DRAFT, campaign=the_campaign.pk) == {in_the_ward}
    assert listed(unit=999999) == set()  # not a choice: nothing, rather than everything


def test_the_list_is_searched_by_reference_number_or_nominee(client, town, the_campaign):
    one, two = draft(town, the_campaign), draft(town, the_campaign)
    dossiers.dossier_update(dossier_id=two.pk, actor=town.submitter, fields={}, nominee={"name": "Hộ ông Giàng A Páo"})

    def found(text):
        response = as_user(client, town.reviewer).get(url("index"), {"text": text})
        return {row["dossier"] for row in response.context["rows"]}

    assert found(one.reference) == {one}
    assert found(one.reference.lower()) == {one}
    assert found(str(two.pk)) == {two}
    assert found("Páo") == {two}
    assert found(f"HS-{the_campaign.year + 1}-{one.pk:05d}") == set()


def test_the_list_shows_the_columns_and_links_each_page(client, town, the_campaign):
    dossier = bring_to(Status.RETURNED, town, the_campaign)

    response = as_user(client, town.reviewer).get(url("index"), headers={"accept-language": "vi"})

    (row,) = response.context["rows"]
    assert row["due"]["date"] == the_campaign.dossier_deadline
    html = response.content.decode()
    for shown in (dossier.reference, "Nguyễn Văn A", town.commune.name, the_campaign.name, "Trả lại"):
        assert shown in html
    assert url("detail", dossier.pk) in html
    assert reverse("awarddossier:chart") in html


def test_the_list_takes_a_constant_number_of_queries(client, town, the_campaign, django_assert_num_queries):
    routed(town, the_campaign)
    as_user(client, town.reviewer).get(url("index"))
    with CaptureQueriesContext(connection) as one:
        client.get(url("index"))
    for _ in range(4):
        routed(town, the_campaign)
        draft(town, the_campaign, unit=town.ward)

    with django_assert_num_queries(len(one)):
        response = client.get(url("index"))
    assert len(response.context["rows"]) == 9


# The page.
def test_the_page_shows_the_header_evidence_documents_and_history_in_vietnamese(client, town, the_campaign):
    dossier = routed(town, the_campaign, status=Status.UNDER_REVIEW)

    response = page(client, town.auditor, dossier, **{"accept-language": "vi"})

    html = response.content.decode()
    for shown in (
        dossier.reference,
        "Nguyễn Văn A",
        "Cá nhân",  # the nominee's kind
        town.commune.name,
        the_campaign.name,
        "giay-khen",  # the award form
        "Đang thẩm định",  # the state in words
        open_task(dossier).deadline.due_on.strftime("%d/%m/%Y"),
        "50.000.000 đồng",
        "Tờ trình",
        dossier.documents.first().sha256,
        "Tiếp nhận thẩm định",  # the review started: the event's label
        "Phòng LĐ-TB&amp;XH",  # the reviewer's unit, by name
    ):
        assert shown in html, shown
    assert response.context["due"]["days_left"] == (open_task(dossier).deadline.due_on - timezone.localdate()).days
    assert [row["event"].action for row in response.context["events"]][-1] == "dossier.start_review"
    assert response.context["events"][-1]["role"] == str(Role.LABOUR_REVIEWER.label)


def test_a_replaced_document_is_listed_and_marked(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    dossiers.document_add(
        dossier_id=dossier.pk,
        actor=town.submitter,
        kind=DocumentKind.PROPOSAL_LETTER,
        upload=SimpleUploadedFile("to-trinh-moi.pdf", PDF),
    )

    response = page(client, town.reviewer, dossier)

    rows = response.context["documents"]
    letters = [row["document"] for row in rows if row["document"].kind == DocumentKind.PROPOSAL_LETTER]
    assert [(d.original_name, d.superseded_by_id is not None) for d in letters] == [
        ("to-trinh.pdf", True),
        ("to-trinh-moi.pdf", False),
    ]
    html = response.content.decode()
    assert html.count('class="superseded"') == 1
    assert "replaced by a newer file" in html
    assert all(row["url"] == url("document", dossier.pk, row["document"].pk) for row in rows)


def test_the_page_shows_the_council_vote_and_the_decision(client, town, the_campaign):
    dossier = bring_to(Status.APPROVED, town, the_campaign)

    response = page(client, town.auditor, dossier)

    outcomes = response.context["outcomes"]
    assert [(v.votes_for, v.outcome) for v in outcomes["votes"]] == [(5, "town_award")]
    assert [d.number for d in outcomes["decisions"]] == [f"{dossier.pk}/QĐ-UBND"]
    html = response.content.decode()
    assert f"No. {dossier.pk}/QĐ-UBND of " in html
    assert "Recommended for the award" in html


def test_the_page_shows_the_provinces_letter_and_result(client, town, the_campaign):
    dossier = bring_to(Status.PROVINCE_REJECTED, town, the_campaign)

    response = page(client, town.liaison, dossier)

    outcomes = response.context["outcomes"]
    assert [s.number for s in outcomes["submissions"]] == [f"{dossier.pk}/TTr-UBND"]
    assert outcomes["result"].approved is False
    html = response.content.decode()
    assert "Not awarded by the province" in html
    assert "Chưa đủ tiêu chuẩn" in html  # the province's refusal, in the timeline


def test_the_page_takes_a_constant_number_of_queries(client, town, the_campaign, django_assert_num_queries):
    small = routed(town, the_campaign)
    big = routed(town, the_campaign, status=Status.AWAITING_DECISION)
    big_draft = draft(town, the_campaign)
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        upload = SimpleUploadedFile(name, PDF)
        dossiers.document_add(dossier_id=big_draft.pk, actor=town.submitter, kind=DocumentKind.OTHER, upload=upload)
    small_draft = draft(town, the_campaign)
    as_user(client, town.reviewer).get(url("detail", small.pk))

    for few, many in ((small, big), (small_draft, big_draft)):
        with CaptureQueriesContext(connection) as counted:
            client.get(url("detail", few.pk))
        with django_assert_num_queries(len(counted)):
            client.get(url("detail", many.pk))


# The buttons for what the user may do now.
def test_a_submitted_dossier_offers_the_claim_to_the_reviewers_only(client, town, the_campaign):
    dossier = routed(town, the_campaign)
    task = open_task(dossier)
    assign = task.flow_task.reverse("assign", args=[task.process_id, task.pk])

    for user in (town.reviewer, town.reviewer_2):
        response = page(client, user, dossier)
        assert labels(response) == ["Claim"]
        (action,) = response.context["actions"]
        assert action["url"] == f"{assign}?back=%2Fdossiers%2F{dossier.pk}%2F"
        assert f'action="{assign}?back=' in response.content.decode()
    for user in (town.secretary, town.chairman, town.liaison, town.auditor, town.submitter, town.council_members[0]):
        response = page(client, user, dossier)
        assert response.context["actions"] == [], user
        assert f'action="{assign}' not in response.content.decode()


def test_the_reviewer_claims_from_the_page_and_comes_back_to_open_or_release_it(client, town, the_campaign):
    dossier = routed(town, the_campaign)
    (claim,) = page(client, town.reviewer, dossier).context["actions"]

    response = client.post(claim["url"])

    assert response.status_code == 302
    assert response["Location"] == url("detail", dossier.pk)
    assert status_of(dossier) == Status.UNDER_REVIEW
    mine = page(client, town.reviewer, dossier)
    assert labels(mine) == ["Open the task", "Release"]
    task = open_task(dossier)
    assert mine.context["actions"][0]["url"].startswith(task.flow_task.reverse("execute", args=[task.process_id, task.pk]))
    html = mine.content.decode()
    assert "Open the task" in html and "Release" in html
    assert f"claimed by {town.reviewer}" in html
    assert page(client, town.reviewer_2, dossier).context["actions"] == []

    response = client.post(page(client, town.reviewer, dossier).context["actions"][1]["url"])

    assert response["Location"] == url("detail", dossier.pk)
    assert status_of(dossier) == Status.SUBMITTED
    assert labels(page(client, town.reviewer_2, dossier)) == ["Claim"]


def test_the_reviewer_opens_the_task_from_the_page_and_completes_it(client, town, the_campaign):
    dossier = routed(town, the_campaign, status=Status.UNDER_REVIEW)
    (open_the_task, _release) = page(client, town.reviewer, dossier).context["actions"]

    screen = client.get(open_the_task["url"])
    assert screen.status_code == 200
    response = client.post(open_the_task["url"], {"outcome": "forward", "comment": ""})

    assert response.status_code == 302
    assert response["Location"] == url("detail", dossier.pk)
    assert status_of(dossier) == Status.AT_COUNCIL


def test_the_council_step_is_offered_to_the_secretary(client, town, the_campaign):
    dossier = routed(town, the_campaign, status=Status.AT_COUNCIL)

    assert labels(page(client, town.secretary, dossier)) == ["Claim"]
    assert page(client, town.reviewer, dossier).context["actions"] == []


def test_the_decision_is_offered_to_the_chairman_and_nothing_to_the_auditor(client, town, the_campaign):
    dossier = routed(town, the_campaign, status=Status.AWAITING_DECISION)

    assert labels(page(client, town.chairman, dossier)) == ["Claim"]
    auditor = page(client, town.auditor, dossier)
    assert auditor.context["actions"] == []
    assert auditor.context["task"].flow_task == AwardDossierFlow.decision
    assert 'class="dossier-actions"' not in auditor.content.decode()


def test_an_auditor_who_is_also_another_towns_reviewer_gets_no_button_here(client, town, other_town, the_campaign):
    dossier = routed(town, the_campaign)
    membership_grant(
        actor=None, user=town.auditor, role=Role.LABOUR_REVIEWER, unit=other_town.labour_office,
        starts_on=datetime.date(2019, 1, 1),
    )

    assert page(client, town.auditor, dossier).context["actions"] == []


def test_a_submitters_draft_offers_their_own_buttons_on_both_pages(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    reader = page(client, town.submitter, dossier)
    own = as_user(client, town.submitter).get(reverse("my_dossiers:detail", args=[dossier.pk]))

    assert labels(reader) == labels(own) == ["Edit", "Add a document", "Submit", "Withdraw"]
    assert page(client, town.reviewer, dossier).context["actions"] == []


def test_a_returned_dossier_offers_its_commune_the_supplement_task(client, town, the_campaign):
    dossier = routed(town, the_campaign, status=Status.UNDER_REVIEW)
    back = lambda d: dossiers.dossier_return_for_supplement(dossier_id=d.pk, actor=town.reviewer, comment="Thiếu biên bản")  # noqa: E731
    transitions.task_complete(task_id=open_task(dossier).pk, actor=town.reviewer, perform=back)

    response = page(client, town.submitter, dossier)

    assert labels(response) == ["Edit", "Add a document", "Claim"]
    assert response.context["return_reason"] == "Thiếu biên bản"
    assert page(client, town.reviewer, dossier).context["actions"] == []


# Documents, opened in the browser.
@pytest.mark.parametrize(
    "name, content, content_type, disposition",
    [
        ("to-trinh.pdf", PDF, "application/pdf", "inline"),
        ("anh.png", PNG, "image/png", "inline"),
        ("anh.JPG", JPEG, "image/jpeg", "inline"),
        ("bao-cao.docx", ZIP, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment"),
        ("danh-sach.xlsx", ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment"),
    ],
)
def test_a_document_opens_with_its_type(client, town, the_campaign, name, content, content_type, disposition):
    dossier = draft(town, the_campaign, documents=False)
    document = dossiers.document_add(
        dossier_id=dossier.pk, actor=town.submitter, kind=DocumentKind.OTHER, upload=SimpleUploadedFile(name, content)
    )

    response = as_user(client, town.reviewer).get(url("document", dossier.pk, document.pk))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'{disposition}; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_document_is_not_served_outside_the_readers_units(client, town, other_town, the_campaign):
    theirs = draft(town, the_campaign, unit=town.ward)
    document = theirs.documents.first()

    assert as_user(client, town.submitter).get(url("document", theirs.pk, document.pk)).status_code == 404
    assert as_user(client, other_town.reviewer).get(url("document", theirs.pk, document.pk)).status_code == 404
    assert as_user(client, town.ward_submitter).get(url("document", theirs.pk, document.pk)).status_code == 200


def test_a_document_is_not_served_under_another_dossier(client, town, the_campaign):
    own = draft(town, the_campaign)
    theirs = draft(town, the_campaign, unit=town.ward)

    response = as_user(client, town.reviewer).get(url("document", own.pk, theirs.documents.first().pk))

    assert response.status_code == 404


# The task screens show what is acted on.
def test_the_task_screen_summarises_the_dossier_and_links_its_page(client, town, the_campaign):
    dossier = routed(town, the_campaign, status=Status.UNDER_REVIEW)
    task = open_task(dossier)

    response = as_user(client, town.reviewer).get(
        task.flow_task.reverse("execute", args=[task.process_id, task.pk]), headers={"accept-language": "vi"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert url("detail", dossier.pk) in html
    assert "50.000.000 đồng" in html
    assert url("document", dossier.pk, dossier.documents.first().pk) in html
    assert "Tiếp nhận thẩm định" in html  # the last event
    assert "Mở trang hồ sơ" in html


def test_the_claim_screen_summarises_the_dossier_too(client, town, the_campaign):
    dossier = routed(town, the_campaign)
    task = open_task(dossier)

    response = as_user(client, town.reviewer).get(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))

    assert response.status_code == 200
    assert url("detail", dossier.pk) in response.content.decode()


# The charts.
def svg(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    return response.content.decode()


def node_class(chart, node):
    match = re.search(rf'<g id="{node}"[^>]*?(?: class="(\w+)")?>', chart)
    assert match, node
    return match[1]


def test_the_flow_chart_shows_its_steps_in_vietnamese(client, town):
    chart = svg(as_user(client, town.reviewer).get(reverse("awarddossier:chart"), headers={"accept-language": "vi"}))

    texts = re.findall(r"<(?:text|title)[^>]*>([^<]*)</", chart)
    assert {"Thẩm định hồ sơ", "(Phòng LĐ-TB&amp;XH)", "Nộp hồ sơ", "Kết quả thẩm định"} <= set(texts)
    assert chart.startswith("<svg")


def test_the_process_chart_highlights_the_current_step(client, town, the_campaign):
    dossier = routed(town, the_campaign)
    process = DossierProcess.objects.get(dossier=dossier)
    chart_url = reverse("awarddossier:process_chart", args=[process.pk])
    as_user(client, town.reviewer)

    waiting = svg(client.get(chart_url))
    assert (node_class(waiting, "submit"), node_class(waiting, "review"), node_class(waiting, "council")) == (
        "done",
        "new",
        None,
    )

    transitions.task_claim(task_id=open_task(dossier).pk, actor=town.reviewer)
    assert node_class(svg(client.get(chart_url)), "review") == "assigned"


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.COMMUNE_SUBMITTER, Role.TOWN_CHAIRMAN])
def test_the_process_chart_is_shown_to_the_readers_of_the_dossier(client, town, the_campaign, role):
    dossier = routed(town, the_campaign)
    process = DossierProcess.objects.get(dossier=dossier)
    chart_url = reverse("awarddossier:process_chart", args=[process.pk])

    response = page(client, town.user_for(role), dossier)

    assert f'src="{chart_url}?step=' in response.content.decode()
    svg(client.get(chart_url))


def test_the_chart_is_addressed_by_the_step_so_that_a_browser_never_shows_an_earlier_one(client, town, the_campaign):
    """A browser keeps the images of the page it shows (the site changes pages without reloading
    it): each step, and each claim, gives the chart another address."""
    dossier = routed(town, the_campaign)
    chart = re.compile(r'class="dossier-chart" src="([^"]+)"')

    def chart_src():
        return chart.search(page(client, town.reviewer, dossier).content.decode())[1]

    waiting = chart_src()
    transitions.task_claim(task_id=open_task(dossier).pk, actor=town.reviewer)
    claimed = chart_src()
    transitions.task_complete(
        task_id=open_task(dossier).pk,
        actor=town.reviewer,
        perform=lambda d: dossiers.dossier_forward_to_council(dossier_id=d.pk, actor=town.reviewer),
    )
    at_council = chart_src()

    assert len({waiting, claimed, at_council}) == 3


def test_another_towns_process_chart_answers_404(client, town, other_town, the_campaign):
    dossier = routed(town, the_campaign, unit=town.ward)
    process = DossierProcess.objects.get(dossier=dossier)
    chart_url = reverse("awarddossier:process_chart", args=[process.pk])

    assert as_user(client, other_town.reviewer).get(chart_url).status_code == 404
    assert as_user(client, town.submitter).get(chart_url).status_code == 404  # another commune


def test_a_draft_has_no_process_chart_yet(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    response = page(client, town.submitter, dossier)

    assert response.context["process_id"] is None
    assert 'class="dossier-chart"' not in response.content.decode()
