from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%d/%m/%Y"
# The API's clients write dates as ISO 8601 (yyyy-mm-dd), and may write them as on the screen.
API_DATE_FORMATS = ("%Y-%m-%d", DATE_FORMAT)
DATE_WIDGET = forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": _("dd/mm/yyyy")})


class EventFilterForm(forms.Form):
    """The audit trail's filters (all optional), on the screen and in the API alike: people, units
    and actions by name (accents and case aside) or by code; dates written dd/mm/yyyy, or as
    ``date_formats`` say."""

    dossier = forms.CharField(label=_("Dossier"), required=False, help_text=_("Reference (HS-2020-00042) or number"))
    user = forms.CharField(label=_("User"), required=False, help_text=_("Full name or user name"))
    unit = forms.CharField(label=_("Unit"), required=False, help_text=_("Name or code"))
    action = forms.CharField(
        label=_("Action"), required=False, help_text=_("Its name, or its code: dossier.submit, or dossier")
    )
    date_from = forms.DateField(label=_("From"), required=False, input_formats=[DATE_FORMAT], widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, input_formats=[DATE_FORMAT], widget=DATE_WIDGET)

    def __init__(self, *args, date_formats=(DATE_FORMAT,), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("date_from", "date_to"):
            self.fields[name].input_formats = list(date_formats)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def selector_kwargs(self) -> dict:
        """The filters for ``audit.selectors.event_list`` (none when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "dossier": data["dossier"],
            "actor": data["user"],
            "unit": data["unit"],
            "action": data["action"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
