"""Forms of the commune and ward submitters' screens. They validate input only; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dossiers.models import AMOUNT_FIELDS, DocumentKind, Dossier, Nominee, NomineeKind, Procedure
from dossiers.selectors import award_forms_offered, open_campaigns, submitter_units
from dossiers.services import EVIDENCE_FIELDS, NOMINEE_FIELDS
from registrations.selectors import followable
from workflow_project.forms import AmountField


class DossierForm(forms.ModelForm):
    """The dossier's own data and its evidence for the award standards (every nominee kind)."""

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


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("file"),
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in settings.DOCUMENT_EXTENSIONS)}),
    )


class WithdrawForm(forms.Form):
    comment = forms.CharField(label=_("Why is it withdrawn?"), widget=forms.Textarea(attrs={"rows": 3}))
