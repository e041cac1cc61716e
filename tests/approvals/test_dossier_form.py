"""The commune clerk's dossier form and document upload: fieldsets and required marks, the
evidence each award form's standard reads by nominee kind (embedded for the page's script), and
several documents attached in one go, all or none."""

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from dossiers.models import AwardForm, Criterion, DocumentKind, Dossier, NomineeKind, Rule
from tests.approvals.flow_client import as_user
from tests.approvals.test_submitter_screens import create_data
from tests.factories import PDF, draft, nothing_changes, registration
from tests.languages import english_browser


@pytest.fixture
def client():
    return english_browser()


def url(name, *args):
    return reverse(f"my_dossiers:{name}", args=args)


def embedded(response, element_id):
    """What the page embeds with json_script under ``element_id``."""
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(match.group(1))


def standard(form: AwardForm) -> None:
    def criterion(kinds, rule, field="", other="", threshold=None, alternative=1, description=""):
        Criterion.objects.create(
            award_form=form,
            nominee_kinds=kinds,
            alternative=alternative,
            rule=rule,
            field=field,
            other_field=other,
            threshold=threshold,
            description=description,
        )

    criterion([NomineeKind.ENTERPRISE, NomineeKind.INDIVIDUAL], Rule.MIN_AMOUNT, "support_amount", threshold=50000000)
    criterion([NomineeKind.INDIVIDUAL], Rule.MIN_COUNT, "households_helped", threshold=5, alternative=2)
    criterion(
        [NomineeKind.COMMUNE, NomineeKind.VILLAGE],
        Rule.OVER_TARGET,
        "poverty_reduction_achieved",
        "poverty_reduction_target",
        threshold=50,
    )
    criterion([NomineeKind.COMMUNE, NomineeKind.VILLAGE], Rule.ATTESTATION, "party_clean_strong")
    criterion([], Rule.ATTESTATION, "complies_with_policy")
    criterion([NomineeKind.AGENCY], Rule.JUDGEMENT, description="Thành tích xuất sắc")


# The form's layout.
def test_the_form_is_grouped_in_fieldsets_with_the_required_fields_marked(client, town, the_campaign):
    response = as_user(client, town.submitter).get(url("create"))

    page = response.content.decode()
    legends = re.findall(r"<legend>(.*?)</legend>", page)
    assert legends == ["The proposal", "The nominee", "Evidence for the award standards", "Summary of achievements"]
    assert "Fields marked * are required." in page
    assert re.search(
        r'<label for="id_award_form">Award form <span class="required-mark" aria-hidden="true">\*</span>', page
    )
    assert re.search(r'<label for="id_nominee_name">Nominee&#x27;s name <span class="required-mark"', page)
    assert re.search(r'<label for="id_nominee_position">Position</label>', page)
    award_form = re.search(r'<select name="award_form"[^>]*>', page).group(0)
    assert 'aria-required="true"' in award_form and "required" in award_form.split()
    assert 'aria-required="true"' in re.search(r'<input type="text" name="nominee_name"[^>]*>', page).group(0)


def test_the_edit_form_has_the_same_groups_without_the_proposals_unit(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    response = as_user(client, town.submitter).get(url("update", dossier.pk))

    groups = [
        (str(group["legend"]), [item["field"].name for item in group["fields"]])
        for group in response.context["form"].fieldsets()
    ]
    assert groups[0] == ("The proposal", ["award_form", "procedure"])
    assert groups[1][1] == ["nominee_kind", "nominee_name", "nominee_position", "nominee_birth_year", "nominee_address"]


# The evidence shown.
def test_the_page_embeds_the_evidence_each_kind_of_nominee_is_asked_for_each_award_form(client, town, the_campaign):
    giay_khen = AwardForm.objects.get(code="giay-khen")
    standard(giay_khen)

    response = as_user(client, town.submitter).get(url("create"))

    mapping = embedded(response, "evidence-fields")
    assert mapping[str(giay_khen.pk)] == {
        NomineeKind.ENTERPRISE: ["support_amount", "complies_with_policy"],
        NomineeKind.AGENCY: ["complies_with_policy"],
        NomineeKind.COMMUNE: [
            "poverty_reduction_target",
            "poverty_reduction_achieved",
            "party_clean_strong",
            "complies_with_policy",
        ],
        NomineeKind.VILLAGE: [
            "poverty_reduction_target",
            "poverty_reduction_achieved",
            "party_clean_strong",
            "complies_with_policy",
        ],
        NomineeKind.INDIVIDUAL: ["support_amount", "households_helped", "complies_with_policy"],
        NomineeKind.OFFICIAL: ["complies_with_policy"],
        NomineeKind.HOUSEHOLD: ["complies_with_policy"],
        NomineeKind.POOR_HOUSEHOLD: ["complies_with_policy"],
    }
    # An award form offered without a standard asks no evidence of anyone.
    bang_khen = AwardForm.objects.get(code="bang-khen")
    assert mapping[str(bang_khen.pk)] == dict.fromkeys(NomineeKind.values, [])
    page = response.content.decode()
    assert "The award standard asks no evidence for this award form and kind of nominee." in page
    # Every evidence field is on the page, in a wrapper the script shows or hides.
    for name in ("support_amount", "households_helped", "on_2019_poor_list", "village_agrees"):
        assert f'data-evidence="{name}"' in page


def test_the_page_embeds_each_registrations_award_form_and_kind_of_nominee(client, town, the_campaign):
    registered = registration(
        town, the_campaign, nominee={"kind": NomineeKind.INDIVIDUAL, "name": "Ông Lý A Sử", "birth_year": 1970}
    )

    response = as_user(client, town.submitter).get(url("create"))

    assert embedded(response, "registration-nominees") == {
        str(registered.pk): {"award_form": registered.award_form_id, "nominee_kind": NomineeKind.INDIVIDUAL}
    }


def test_evidence_typed_in_fields_the_standard_does_not_read_is_kept(client, town, the_campaign):
    standard(AwardForm.objects.get(code="giay-khen"))
    data = create_data(
        the_campaign,
        town.commune,
        nominee_kind=NomineeKind.POOR_HOUSEHOLD,
        support_amount="50.000.000",
        households_helped="3",
        party_clean_strong="on",
    )

    response = as_user(client, town.submitter).post(url("create"), data)

    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.support_amount, dossier.households_helped, dossier.party_clean_strong) == (50000000, 3, True)


def test_the_edit_form_keeps_what_was_typed_in_fields_the_standard_does_not_read(client, town, the_campaign):
    standard(AwardForm.objects.get(code="giay-khen"))
    dossier = draft(town, the_campaign)
    data = create_data(the_campaign, town.commune, nominee_kind=NomineeKind.HOUSEHOLD, income_per_capita_2019="")
    data.update(households_helped="4", funds_settled_on_time="on")

    response = as_user(client, town.submitter).post(url("update", dossier.pk), data)

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.households_helped, dossier.funds_settled_on_time, dossier.income_per_capita_2019) == (4, True, None)


def test_the_server_still_validates_every_evidence_field(client, town, the_campaign):
    standard(AwardForm.objects.get(code="giay-khen"))
    data = create_data(the_campaign, town.commune, nominee_kind=NomineeKind.POOR_HOUSEHOLD, support_amount="50,5")

    response = as_user(client, town.submitter).post(url("create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["support_amount"]
    assert not Dossier.objects.exists()


# Several documents at once.
def files(**named):
    return {kind: SimpleUploadedFile(name, content) for kind, (name, content) in named.items()}


def test_two_documents_uploaded_at_once_are_both_added_and_audited(client, town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)

    response = as_user(client, town.submitter).post(
        url("upload", dossier.pk),
        files(proposal_letter=("to-trinh.pdf", PDF), council_minutes=("bien-ban.pdf", PDF)),
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["2 documents have been added."]
    assert sorted((d.kind, d.original_name) for d in dossier.documents.all()) == [
        (DocumentKind.COUNCIL_MINUTES, "bien-ban.pdf"),
        (DocumentKind.PROPOSAL_LETTER, "to-trinh.pdf"),
    ]
    added = AuditEvent.objects.filter(action="document.added", object_id=str(dossier.pk))
    assert sorted(event.after["original_name"] for event in added) == ["bien-ban.pdf", "to-trinh.pdf"]


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("bien-ban.exe", b"MZ\x90\x00", "bien-ban.exe: files of this kind cannot be attached."),
        ("bien-ban.pdf", PDF + b"x" * 2000, "bien-ban.pdf is too large (2.0"),
        ("bien-ban.pdf", b"MZ\x90\x00", "bien-ban.pdf: The file's content does not match its extension"),
    ],
    ids=["wrong type", "too large", "content not of its type"],
)
def test_one_refused_file_among_two_saves_none_and_is_named(client, town, the_campaign, settings, name, content, error):
    settings.DOCUMENT_MAX_BYTES = 1024
    dossier = draft(town, the_campaign, documents=False)

    as_user(client, town.submitter)
    with nothing_changes():
        response = client.post(
            url("upload", dossier.pk), files(proposal_letter=("to-trinh.pdf", PDF), council_minutes=(name, content))
        )

    assert response.status_code == 200
    (message,) = response.context["form"].errors[DocumentKind.COUNCIL_MINUTES]
    assert message.startswith(error)
    assert error in response.content.decode().replace("&#x27;", "'")
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]  # no file left behind


def test_an_upload_without_a_file_asks_for_one(client, town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)

    as_user(client, town.submitter)
    with nothing_changes():
        response = client.post(url("upload", dossier.pk), {})

    assert response.context["form"].non_field_errors() == ["Choose at least one file."]


def test_the_upload_form_states_the_size_limit_from_the_settings(client, town, the_campaign, settings):
    settings.DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
    dossier = draft(town, the_campaign)

    response = as_user(client, town.submitter).get(url("upload", dossier.pk))

    page = response.content.decode()
    assert "At most 10 MB per file; PDF, DOCX, XLSX, JPEG or PNG." in page
    # Each kind of document has its input, saying which the dossier requires and which it has.
    assert (
        response.context["form"].fields[DocumentKind.PROPOSAL_LETTER].help_text.startswith("Required for this dossier.")
    )
    assert "a new file replaces it" in response.context["form"].fields[DocumentKind.PROPOSAL_LETTER].help_text


def test_the_upload_form_speaks_vietnamese(town, the_campaign, settings):
    settings.DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
    dossier = draft(town, the_campaign)

    response = as_user(Client(), town.submitter).get(url("upload", dossier.pk))

    assert "Tối đa 10 MB mỗi tệp" in response.content.decode()
