"""Forms of the commune and ward submitters' screens. They validate input only; the services decide.

The dossier form groups its fields in fieldsets (``fieldsets``) and marks those required; the
upload form takes a file of each kind of document at once, checked for its type and size here so
that a refused file is named before any is saved."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from dossiers.models import AMOUNT_FIELDS, DocumentKind, Dossier, Nominee, NomineeKind, Procedure
from dossiers.selectors import (
    award_forms_offered,
    document_checklist,
    evidence_fields_read,
    open_campaigns,
    submitter_units,
)
from dossiers.services import EVIDENCE_FIELDS, NOMINEE_FIELDS
from registrations.selectors import followable
from workflow_project.forms import AmountField


class DossierForm(forms.ModelForm):
    """The dossier's own data and its evidence for the award standards (every nominee kind).

    Every evidence field is validated; the page shows only those that the award standard reads
    for the award form and nominee kind chosen (``evidence_fields``, read by
    ``approvals/evidence.js``), keeping the values of the others."""

    FIELDSETS = (
        (_("The proposal"), ("unit", "campaign", "registration", "award_form", "procedure")),
        (_("The nominee"), tuple(f"nominee_{name}" for name in NOMINEE_FIELDS)),
        (_("Evidence for the award standards"), tuple(EVIDENCE_FIELDS)),
        (_("Summary of achievements"), ("summary",)),
    )
    # Required, though the form lets them be empty when something else answers (see clean).
    marked_required: tuple[str, ...] = ()

    nominee_kind = forms.ChoiceField(label=_("kind of nominee"), choices=NomineeKind.choices)
    nominee_name = forms.CharField(label=_("nominee's name"), max_length=300)
    nominee_position = forms.CharField(label=_("position"), max_length=200, required=False)
    nominee_birth_year = forms.IntegerField(label=_("year of birth"), required=False, min_value=1900, max_value=2100)
    nominee_address = forms.CharField(label=_("address"), max_length=300, required=False)

    class Meta:
        model = Dossier
        fields = ["award_form", "procedure", "summary", *EVIDENCE_FIELDS]
        field_classes = dict.fromkeys(AMOUNT_FIELDS, AmountField)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_form"].queryset = award_forms_offered(open_campaigns(user), submitter_units(user))
        self.fields["procedure"].choices = Procedure.choices
        nominee: Nominee | None = self.instance.nominee if self.instance.pk else None
        if nominee is not None:
            for name in NOMINEE_FIELDS:
                self.initial[f"nominee_{name}"] = getattr(nominee, name)
        for name, field in self.fields.items():
            if field.required or name in self.marked_required:
                field.widget.attrs["aria-required"] = "true"

    def fieldsets(self) -> list[dict]:
        """The form's fields in their groups, each field with whether it is required."""
        return [
            {
                "legend": legend,
                "evidence": names == tuple(EVIDENCE_FIELDS),
                "fields": [
                    {"field": self[name], "required": self.fields[name].required or name in self.marked_required}
                    for name in names
                    if name in self.fields
                ],
            }
            for legend, names in self.FIELDSETS
        ]

    def evidence_fields(self) -> dict[int, dict[str, list[str]]]:
        """The evidence each award form offered reads, by nominee kind (for the page's script)."""
        return evidence_fields_read(self.fields["award_form"].queryset)

    def registration_nominees(self) -> dict[int, dict]:
        """The registrations the form may follow, with their award form and nominee kind: none here."""
        return {}

    def nominee_data(self) -> dict:
        data = {name: self.cleaned_data.get(f"nominee_{name}") for name in NOMINEE_FIELDS}
        for name in ("position", "address"):
            data[name] = data[name] or ""
        return data

    def dossier_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ["procedure", "summary", *EVIDENCE_FIELDS]}


class RegistrationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference} · {obj.nominee.name} · {obj.award_form.name}"


class DossierCreateForm(DossierForm):
    unit = forms.ModelChoiceField(label=_("proposing unit"), queryset=None)
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=None)
    registration = RegistrationChoiceField(
        label=_("following the registration"),
        queryset=None,
        required=False,
        help_text=_(
            "The dossier then proposes the nominee registered, for the award form registered; "
            "leave the nominee's fields empty."
        ),
    )

    field_order = ["unit", "campaign", "registration", "award_form", "procedure", "nominee_kind", "nominee_name"]
    marked_required = ("nominee_kind", "nominee_name")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = submitter_units(user)
        self.fields["campaign"].queryset = open_campaigns(user)
        self.fields["registration"].queryset = followable(user=user)
        # Required unless a registration names the nominee (see clean).
        self.fields["nominee_kind"].choices = [("", "—"), *NomineeKind.choices]
        for name in ("nominee_kind", "nominee_name"):
            self.fields[name].required = False
        for name in ("unit", "campaign"):  # the only choice, chosen
            choices = list(self.fields[name].queryset[:2])
            if len(choices) == 1:
                self.initial.setdefault(name, choices[0].pk)

    def clean(self):
        data = super().clean()
        if not data.get("registration"):
            for name in ("nominee_kind", "nominee_name"):
                if not data.get(name):
                    self.add_error(name, forms.ValidationError(_("This field is required."), code="required"))
        return data

    def nominee_data(self) -> dict | None:
        """The nominee typed in; None when a registration names it."""
        return None if self.cleaned_data.get("registration") else super().nominee_data()

    def registration_nominees(self) -> dict[int, dict]:
        """The award form and nominee kind of each registration offered: with one chosen, the
        evidence shown is the one its standard reads."""
        registrations = self.fields["registration"].queryset.select_related("nominee")
        return {r.pk: {"award_form": r.award_form_id, "nominee_kind": r.nominee.kind} for r in registrations}


def size_text(size: int) -> str:
    """A size in bytes in words: whole megabytes as "20 MB", else as Django writes sizes."""
    megabyte = 1024 * 1024
    return f"{size // megabyte} MB" if size >= megabyte and size % megabyte == 0 else str(filesizeformat(size))


class DocumentFileField(forms.FileField):
    """One document's file, refused here (named) if its type is not accepted or it is too large;
    its content is checked by ``dossiers.services.document_add``."""

    widget = forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in settings.DOCUMENT_EXTENSIONS)})

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        name = os.path.basename(value.name or "")
        extension = os.path.splitext(name)[1].lower().lstrip(".")
        if extension not in settings.DOCUMENT_EXTENSIONS:
            raise forms.ValidationError(
                _("%(name)s: files of this kind cannot be attached. Accepted: %(kinds)s."),
                code="file_type",
                params={"name": name, "kinds": ", ".join(k.upper() for k in settings.DOCUMENT_EXTENSIONS)},
            )
        if value.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("%(name)s is too large (%(size)s): at most %(limit)s per file."),
                code="file_size",
                params={"name": name, "size": size_text(value.size), "limit": size_text(settings.DOCUMENT_MAX_BYTES)},
            )


class DocumentForm(forms.Form):
    """Files attached in one go, at most one of each kind of document: a dossier keeps one current
    file of each kind, and a new one replaces it. All of them are added, or none."""

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        required = {item["required"].kind for item in document_checklist(dossier)}
        current = {document.kind: document for document in dossier.current_documents()}
        for kind, label in DocumentKind.choices:
            notes = []
            if kind in required:
                notes.append(_("Required for this dossier."))
            if kind in current:
                notes.append(
                    _("Now attached: %(name)s; a new file replaces it.") % {"name": current[kind].original_name}
                )
            self.fields[kind] = DocumentFileField(label=label, required=False, help_text=" ".join(map(str, notes)))

    @staticmethod
    def limits() -> str:
        return _("At most %(limit)s per file; PDF, DOCX, XLSX, JPEG or PNG.") % {
            "limit": size_text(settings.DOCUMENT_MAX_BYTES)
        }

    def clean(self):
        data = super().clean()
        if not self.errors and not self.uploads():
            raise forms.ValidationError(_("Choose at least one file."), code="required")
        return data

    def uploads(self) -> list[tuple[str, object]]:
        """The files chosen, with their kind, in the order of the kinds."""
        return [(kind, self.cleaned_data[kind]) for kind in DocumentKind.values if self.cleaned_data.get(kind)]


class WithdrawForm(forms.Form):
    comment = forms.CharField(label=_("Why is it withdrawn?"), widget=forms.Textarea(attrs={"rows": 3}))
