"""The administrator's form for recording a merger. It validates input only; the service decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roles.models import Unit, UnitKind

from .models import UnitMerger
from .services import MERGEABLE_KINDS


def _open_units():
    return Unit.objects.filter(merged_into__isnull=True, kind__in=MERGEABLE_KINDS).select_related("parent")


class UnitMergerForm(forms.Form):
    merged_units = forms.ModelMultipleChoiceField(
        label=_("merged units"), queryset=Unit.objects.none(), widget=forms.SelectMultiple(attrs={"size": 12})
    )
    successor = forms.ModelChoiceField(
        label=_("merged into an existing unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Or leave it empty and name the new unit below."),
    )
    new_name = forms.CharField(label=_("name of the new unit"), max_length=200, required=False)
    new_code = forms.SlugField(label=_("code of the new unit"), max_length=60, required=False)
    new_kind = forms.ChoiceField(
        label=_("kind of the new unit"),
        choices=[(kind.value, kind.label) for kind in (UnitKind.COMMUNE, UnitKind.WARD)],
        required=False,
    )
    effective_on = forms.DateField(
        label=_("effective on"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("dd/mm/yyyy: the first day of the merged unit."),
    )
    legal_basis = UnitMerger._meta.get_field("legal_basis").formfield()
    carry_memberships = forms.BooleanField(
        label=_("The merged units' members keep their roles in the merged unit"),
        required=False,
        initial=True,
        help_text=_(
            "Their roles in the old units end on the merger's date either way. Untick to grant the "
            "merged unit's roles afresh."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged_units"].queryset = _open_units()
        self.fields["successor"].queryset = _open_units()

    def clean(self):
        data = super().clean()
        new = data.get("new_name") or data.get("new_code")
        if data.get("successor") and new:
            raise forms.ValidationError(_("Choose an existing unit or name a new one, not both."))
        if not data.get("successor"):
            if not (data.get("new_name") and data.get("new_code") and data.get("new_kind")):
                raise forms.ValidationError(
                    _("Choose the unit they are merged into, or give the new unit's name, code and kind.")
                )
        return data

    def successor_unit(self) -> Unit:
        """The chosen unit, or the new one (unsaved), under the merged units' parent."""
        if self.cleaned_data["successor"]:
            return self.cleaned_data["successor"]
        return Unit(
            name=self.cleaned_data["new_name"],
            code=self.cleaned_data["new_code"],
            kind=self.cleaned_data["new_kind"],
            parent=self.cleaned_data["merged_units"][0].parent,
        )
