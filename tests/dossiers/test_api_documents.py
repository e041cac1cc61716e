"""The dossiers' JSON API for submitters: adding, listing and downloading their documents, and the
schema of an upload. Every refusal changes nothing."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossiers.models import Document, DocumentKind, Status
from tests.api_client import DOSSIERS, api, client, refusal, upload  # noqa: F401 - client: the English one
from tests.factories import PDF, bring_to, dossier_events, draft, nothing_changes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
DOCX = b"PK\x03\x04" + b"\x00" * 16


# Adding documents.
def test_a_submitter_adds_a_document(client, town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)

    response = upload(api(client, town.submitter), dossier, DocumentKind.PROPOSAL_LETTER, "tờ trình.pdf")

    assert response.status_code == 201, response.content
    body = response.json()
    document = Document.objects.get(pk=body["id"])
    assert document.dossier == dossier and document.uploaded_by == town.submitter
    assert body["kind"]["code"] == DocumentKind.PROPOSAL_LETTER
    assert (body["original_name"], body["size"], body["sha256"]) == (
        "tờ trình.pdf",
        len(PDF),
        hashlib.sha256(PDF).hexdigest(),
    )
    assert body["uploaded_by"] == {"username": town.submitter.username, "name": town.submitter.full_name}
    assert body["replaced_by"] is None
    assert body["url"].endswith(f"{DOSSIERS}{dossier.pk}/documents/{document.pk}/")
    event = dossier_events(dossier)[-1]
    assert (event.action, event.actor, event.after["document_id"]) == ("document.added", town.submitter, document.pk)


def test_a_document_replaces_the_current_one_of_its_kind(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    previous = dossier.documents.get(kind=DocumentKind.PROPOSAL_LETTER)

    response = upload(api(client, town.submitter), dossier, DocumentKind.PROPOSAL_LETTER)

    assert response.status_code == 201, response.content
    previous.refresh_from_db()
    assert previous.superseded_by_id == response.json()["id"]
    assert dossier_events(dossier)[-1].action == "document.replaced"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "Unsupported file type."),
        ("to-trinh.pdf", b"MZ\x90\x00 not a pdf", "The content does not match the file type."),
        ("anh.png", PDF, "The content does not match the file type."),
        ("rong.pdf", b"", "The file is empty."),
    ],
)
def test_a_file_the_screens_refuse_is_refused(client, town, the_campaign, name, content, message):
    dossier = draft(town, the_campaign)
    api(client, town.submitter)
    with nothing_changes():
        response = upload(client, dossier, name=name, content=content)

    assert refusal(response, 422, "invalid_input")["fields"] == {"file": [message]}


def test_a_file_too_large_is_refused(client, town, the_campaign, settings):
    settings.DOCUMENT_MAX_BYTES = len(PDF) - 1
    dossier = draft(town, the_campaign, documents=False)
    api(client, town.submitter)
    with nothing_changes():
        response = upload(client, dossier)

    body = refusal(response, 422, "invalid_input")
    assert body["fields"] == {"file": ["File too large."]}
    assert body["detail"].startswith("The file is too large")


def test_an_unknown_kind_or_no_file_is_refused(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    api(client, town.submitter)
    with nothing_changes():
        response = client.post(f"{DOSSIERS}{dossier.pk}/documents/", {"kind": "nonsense"})

    assert sorted(refusal(response, 422, "invalid_input")["fields"]) == ["file", "kind"]


def test_a_document_cannot_be_added_to_a_submitted_dossier_409(client, town, the_campaign):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    api(client, town.submitter)
    with nothing_changes():
        response = upload(client, dossier)

    refusal(response, 409, "invalid_state")


def test_a_reviewer_cannot_add_a_document_403(client, town, the_campaign):
    dossier = bring_to(Status.RETURNED, town, the_campaign)
    api(client, town.reviewer)
    with nothing_changes():
        response = upload(client, dossier)

    refusal(response, 403, "forbidden")


def test_a_document_cannot_be_added_to_another_communes_dossier_404(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    api(client, town.ward_submitter)
    with nothing_changes():
        response = upload(client, dossier)

    refusal(response, 404, "not_found")


# Listing and downloading documents.
def test_the_documents_are_listed_current_and_replaced(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    api(client, town.submitter)
    newer = upload(client, dossier, DocumentKind.PROPOSAL_LETTER, "to-trinh-moi.pdf").json()
    older = dossier.documents.get(kind=DocumentKind.PROPOSAL_LETTER, superseded_by__isnull=False)

    response = api(client, town.reviewer).get(f"{DOSSIERS}{dossier.pk}/documents/")

    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    assert [(row["kind"]["code"], row["original_name"], row["replaced_by"]) for row in rows] == [
        ("achievement_report", "to-trinh.pdf", None),
        ("council_minutes", "to-trinh.pdf", None),
        ("proposal_letter", "to-trinh.pdf", newer["id"]),
        ("proposal_letter", "to-trinh-moi.pdf", None),
    ]
    assert rows[2]["id"] == older.pk
    assert rows[3] == newer


def test_another_communes_documents_are_not_listed_404(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    refusal(api(client, town.ward_submitter).get(f"{DOSSIERS}{dossier.pk}/documents/"), 404, "not_found")


def test_the_documents_list_costs_as_many_queries_with_8_files_as_with_1(client, town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)
    api(client, town.submitter)
    upload(client, dossier)
    url = f"{DOSSIERS}{dossier.pk}/documents/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url).json()["results"]) == 1
    for kind in [*DocumentKind, DocumentKind.OTHER]:
        upload(client, dossier, kind)
    with CaptureQueriesContext(connection) as eight:
        assert len(client.get(url).json()["results"]) == 8
    assert len(eight) == len(one)


def test_a_reader_downloads_a_document_itself(client, town, the_campaign):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    document = dossier.documents.first()

    response = api(client, town.reviewer).get(f"{DOSSIERS}{dossier.pk}/documents/{document.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="to-trinh.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_replaced_document_is_downloaded_too_whatever_the_client_accepts(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    api(client, town.submitter)
    upload(client, dossier, DocumentKind.OTHER, "bang-tinh.docx", DOCX)
    upload(client, dossier, DocumentKind.OTHER, "anh.png", PNG)
    replaced = dossier.documents.get(original_name="bang-tinh.docx")

    response = client.get(f"{DOSSIERS}{dossier.pk}/documents/{replaced.pk}/", HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == DOCX
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="bang-tinh.docx"'


def test_another_communes_document_answers_404(client, town, the_campaign):
    theirs = draft(town, the_campaign, unit=town.ward)
    document = theirs.documents.first()

    response = api(client, town.submitter).get(f"{DOSSIERS}{theirs.pk}/documents/{document.pk}/")

    assert refusal(response, 404, "not_found")["detail"] == "No such dossier."


def test_another_dossiers_document_answers_404(client, town, the_campaign):
    own = draft(town, the_campaign)
    other = draft(town, the_campaign)
    api(client, town.submitter)

    response = client.get(f"{DOSSIERS}{own.pk}/documents/{other.documents.first().pk}/")
    missing = client.get(f"{DOSSIERS}{own.pk}/documents/999999/")

    assert refusal(response, 404, "not_found")["detail"] == "No such document."
    assert missing.json() == response.json()


# The schema.
def test_the_schema_describes_the_upload_as_multipart_and_the_file_as_binary(client, town):
    schema = api(client, town.submitter).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert list(paths["/api/dossiers/{id}/documents/"]["post"]["requestBody"]["content"]) == ["multipart/form-data"]
    download = paths["/api/dossiers/{id}/documents/{document_id}/"]["get"]["responses"]
    assert download["200"]["content"]["application/pdf"]["schema"] == {"type": "string", "format": "binary"}
    assert "404" in download
    assert "put" not in paths["/api/dossiers/{id}/"]
    assert {"201", "403", "404", "422"} <= set(paths["/api/dossiers/"]["post"]["responses"])
