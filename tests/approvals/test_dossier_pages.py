"""The dossier list and page for every reader, and their documents. The buttons for what each user
may do now: ``test_dossier_actions.py``; the flow's charts: ``test_flow_charts.py``."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dossiers import services as dossier_services
from dossiers.models import DocumentKind, Status
from roles.models import Role, UnitKind
from tests.approvals.dossier_pages import page, url
from tests.approvals.flow_client import as_user, client, open_task  # noqa: F401 - fixtures
from tests.approvals.routed import routed
from tests.factories import PDF, Town, UnitFactory, bring_to, campaign, draft
from tests.languages import speaking

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


# Who reads the page.
@pytest.mark.parametrize("role", READERS, ids=lambda role: role.value)
def test_every_reader_of_the_town_sees_the_dossier_page(client, town, the_campaign, role):
    dossier = routed(Status.SUBMITTED, town, the_campaign)

    response = page(client, town.user_for(role), dossier)

    assert response.status_code == 200
    assert response.context["dossier"] == dossier
    assert dossier.reference in response.content.decode()


@pytest.mark.parametrize("role", [role for role in READERS if role != Role.AUDITOR], ids=lambda role: role.value)
def test_another_towns_dossier_answers_404_to_every_reader(client, town, other_town, the_campaign, role):
    dossier = routed(Status.SUBMITTED, town, the_campaign)

    response = page(client, other_town.user_for(role), dossier)

    assert response.status_code == 404


def test_another_provinces_dossier_answers_404_to_an_auditor(client, town, the_campaign):
    elsewhere = Town("mu-cang-chai", province=UnitFactory(code="yen-bai", name="Tỉnh Yên Bái", kind=UnitKind.PROVINCE))
    dossier = routed(Status.SUBMITTED, town, the_campaign)

    assert page(client, elsewhere.auditor, dossier).status_code == 404
    assert (
        as_user(client, elsewhere.auditor).get(url("document", dossier.pk, dossier.documents.first().pk)).status_code
        == 404
    )
    assert page(client, town.auditor, dossier).status_code == 200


def test_a_submitter_cannot_read_another_communes_dossier(client, town, the_campaign):
    theirs = routed(Status.SUBMITTED, town, the_campaign, unit=town.ward)

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
    dossier_services.dossier_update(
        dossier_id=two.pk, actor=town.submitter, fields={}, nominee={"name": "Hộ ông Giàng A Páo"}
    )

    def found(text):
        response = as_user(client, town.reviewer).get(url("index"), {"search": text})
        return {row["dossier"] for row in response.context["rows"]}

    assert found(one.reference) == {one}
    assert found(one.reference.lower()) == {one}
    assert found(str(two.pk)) == {two}
    assert found("Páo") == {two}
    assert found(f"HS-{the_campaign.year + 1}-{one.pk:05d}") == set()


def test_the_list_shows_the_columns_and_links_each_page(client, town, the_campaign):
    dossier = bring_to(Status.RETURNED, town, the_campaign)

    response = as_user(speaking(client, "vi"), town.reviewer).get(url("index"))

    (row,) = response.context["rows"]
    assert row["due"]["date"] == the_campaign.dossier_deadline
    html = response.content.decode()
    for shown in (dossier.reference, "Nguyễn Văn A", town.commune.name, the_campaign.name, "Trả lại"):
        assert shown in html
    assert url("detail", dossier.pk) in html
    assert reverse("awarddossier:chart") in html


def test_the_list_takes_a_constant_number_of_queries(client, town, the_campaign, django_assert_num_queries):
    routed(Status.SUBMITTED, town, the_campaign)
    as_user(client, town.reviewer).get(url("index"))
    with CaptureQueriesContext(connection) as one:
        client.get(url("index"))
    for _ in range(4):
        routed(Status.SUBMITTED, town, the_campaign)
        draft(town, the_campaign, unit=town.ward)

    with django_assert_num_queries(len(one)):
        response = client.get(url("index"))
    assert len(response.context["rows"]) == 9


# The page.
def test_the_page_shows_the_header_evidence_documents_and_history_in_vietnamese(client, town, the_campaign):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)

    response = page(speaking(client, "vi"), town.auditor, dossier)

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
    dossier_services.document_add(
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
    small = routed(Status.SUBMITTED, town, the_campaign)
    big = routed(Status.AWAITING_DECISION, town, the_campaign)
    big_draft = draft(town, the_campaign)
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        upload = SimpleUploadedFile(name, PDF)
        dossier_services.document_add(
            dossier_id=big_draft.pk, actor=town.submitter, kind=DocumentKind.OTHER, upload=upload
        )
    small_draft = draft(town, the_campaign)
    as_user(client, town.reviewer).get(url("detail", small.pk))

    for few, many in ((small, big), (small_draft, big_draft)):
        with CaptureQueriesContext(connection) as counted:
            client.get(url("detail", few.pk))
        with django_assert_num_queries(len(counted)):
            client.get(url("detail", many.pk))


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
    document = dossier_services.document_add(
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
