"""Forms of the registration screens. They validate input only; the services decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dossiers.models import NomineeKind
from dossiers.selectors import award_forms_offered
from registrations.selectors import REGISTRARS, registering_campaigns
from roles.selectors import units_held
from workflow_project.forms import TickedIdsField

# Who a commune registers besides itself: its people, households, villages and enterprises.
OTHER_KINDS = [(kind.value, kind.label) for kind in NomineeKind if kind != NomineeKind.COMMUNE]


class RegistrationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("registering unit"), queryset=None)
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=None)
    award_form = forms.ModelChoiceField(label=_("registered for"), queryset=None)
    nominee_kind = forms.ChoiceField(
        label=_("who registers"),
        choices=[("", _("The commune or ward itself")), *OTHER_KINDS],
        required=False,
    )
    nominee_name = forms.CharField(
        label=_("nominee's name"),
        max_length=300,
        required=False,
        help_text=_("For a person, a household, a village or an enterprise of the unit."),
    )
    nominee_position = forms.CharField(label=_("position"), max_length=200, required=False)
    nominee_birth_year = forms.IntegerField(label=_("year of birth"), required=False, min_value=1900, max_value=2100)
    nominee_address = forms.CharField(label=_("address"), max_length=300, required=False)
    pledge = forms.CharField(label=_("pledge"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        campaigns = registering_campaigns(user)
        units = units_held(user, REGISTRARS).order_by("path")
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = campaigns
        self.fields["award_form"].queryset = award_forms_offered(campaigns, units)
        for name in ("unit", "campaign"):  # the only choice, chosen
            choices = list(self.fields[name].queryset[:2])
            if len(choices) == 1:
                self.initial.setdefault(name, choices[0].pk)

    def clean(self):
        data = super().clean()
        if data.get("nominee_kind") and not data.get("nominee_name"):
            self.add_error("nominee_name", ValidationError(_("This field is required."), code="required"))
        return data

    def nominee_data(self) -> dict | None:
        """The person or household registered; None when the unit registers itself."""
        data = self.cleaned_data
        if not data.get("nominee_kind"):
            return None
        return {
            "kind": data["nominee_kind"],
            "name": data["nominee_name"],
            "position": data.get("nominee_position") or "",
            "birth_year": data.get("nominee_birth_year"),
            "address": data.get("nominee_address") or "",
        }


class RegistrationIdsField(TickedIdsField):
    """The ids of the registrations ticked in the table."""

    default_error_messages = {
        "required": _("Choose at least one registration."),
        "invalid": _("Choose registrations from the list."),
    }


class CompileForm(forms.Form):
    registrations = RegistrationIdsField(label=_("Registrations"))
    number = forms.CharField(label=_("list number"), max_length=40, help_text=_("e.g. 12/DS-LĐTBXH"))
    compiled_on = forms.DateField(label=_("dated"), help_text=_("dd/mm/yyyy"))
    comment = forms.CharField(label=_("Comment"), required=False)
