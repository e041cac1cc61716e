"""The forms of the screens over several dossiers (``approvals.views.records``): the dossiers
ticked, the record's number and date, and a council meeting's attendance, chair, signed minutes and
ballots."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflow_project.forms import TickedIdsField

from ..models import Choice, CouncilOutcome
from ..services import CHAIR_REQUIRED, MINUTES_EXTENSIONS, MINUTES_REQUIRED, Ballot
from .tasks import CommentField


class TaskIdsField(TickedIdsField):
    """The ids of the tasks ticked in the table (rendered by the template, checked by the flow)."""

    default_error_messages = {
        "required": gettext_lazy("Choose at least one dossier."),
        "invalid": gettext_lazy("Choose dossiers from the list."),
    }


class BatchForm(forms.Form):
    """The dossiers ticked, and the number and date of the one record that covers them."""

    tasks = TaskIdsField(label=gettext_lazy("Dossiers"))
    comment = CommentField()


class SubmissionForm(BatchForm):
    number = forms.CharField(
        label=gettext_lazy("submission number"), max_length=40, help_text=gettext_lazy("e.g. 45/TTr-LĐTBXH")
    )
    submitted_on = forms.DateField(label=gettext_lazy("submitted on"), help_text=gettext_lazy("dd/mm/yyyy"))
    field_order = ["tasks", "number", "submitted_on", "comment"]


class DecisionRecordForm(BatchForm):
    number = forms.CharField(
        label=gettext_lazy("decision number"), max_length=40, help_text=gettext_lazy("e.g. 123/QĐ-UBND")
    )
    signed_on = forms.DateField(label=gettext_lazy("signed on"), help_text=gettext_lazy("dd/mm/yyyy"))
    field_order = ["tasks", "number", "signed_on", "comment"]


class LetterForm(forms.Form):
    tasks = TaskIdsField(label=gettext_lazy("Dossiers"))
    number = forms.CharField(
        label=gettext_lazy("letter number"), max_length=40, help_text=gettext_lazy("e.g. 52/TTr-UBND")
    )
    sent_on = forms.DateField(label=gettext_lazy("sent on"), help_text=gettext_lazy("dd/mm/yyyy"))


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("held on"), help_text=gettext_lazy("dd/mm/yyyy"))
    attendees = forms.TypedMultipleChoiceField(
        label=gettext_lazy("members present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    chaired_by = forms.CharField(
        label=gettext_lazy("Chaired by"),
        max_length=200,
        error_messages={"required": CHAIR_REQUIRED},
        help_text=gettext_lazy("Full name and position of whoever chaired the meeting, as the minutes name them."),
    )
    minutes = forms.FileField(
        label=gettext_lazy("Signed minutes of the meeting"),
        error_messages={"required": MINUTES_REQUIRED},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in MINUTES_EXTENSIONS)}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [(member.pk, str(member)) for member in members]
        self.fields["minutes"].help_text = _("Signed and stamped: PDF, JPEG or PNG, at most %(size)s.") % {
            "size": filesizeformat(settings.DOCUMENT_MAX_BYTES)
        }


class BallotForm(forms.Form):
    """One dossier of the meeting's agenda: whether it is considered, the vote and the outcome.

    The vote is asked as the dossier's award form rules it: the totals of a secret ballot, or each
    council member's choice in an open one (left empty for a member not present).
    """

    task = forms.IntegerField(widget=forms.HiddenInput)
    include = forms.BooleanField(label=gettext_lazy("Considered at this meeting"), required=False)
    votes_for = forms.IntegerField(label=gettext_lazy("votes for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=gettext_lazy("votes against"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=gettext_lazy("abstentions"), min_value=0, required=False)
    outcome = forms.ChoiceField(
        label=gettext_lazy("outcome"), choices=[("", "—"), *CouncilOutcome.choices], required=False
    )
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False)
    TOTALS = ("votes_for", "votes_against", "abstentions")

    def __init__(self, *args, secret: bool = True, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.secret = secret
        if not secret:
            for name in self.TOTALS:
                del self.fields[name]
            for member in members:
                self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                    label=str(member),
                    choices=[("", gettext_lazy("— not present")), *Choice.choices],
                    required=False,
                )

    def member_fields(self):
        return [self[name] for name in self.fields if name.startswith("member_")]

    def clean(self):
        data = super().clean()
        if data.get("include"):
            required = ("votes_for", "votes_against", "outcome") if self.secret else ("outcome",)
            for field in required:
                if data.get(field) in (None, ""):
                    self.add_error(field, _("This field is required."))
        return data

    def ballot(self, dossier_id: int) -> Ballot:
        data = self.cleaned_data
        if self.secret:
            totals, member_votes = (data["votes_for"], data["votes_against"], data["abstentions"] or 0), None
        else:
            totals = (None, None, None)
            member_votes = {
                int(name.removeprefix("member_")): choice
                for name, choice in data.items()
                if name.startswith("member_") and choice
            }
        return Ballot(dossier_id, *totals, outcome=data["outcome"], comment=data["comment"], member_votes=member_votes)


class BaseBallotFormSet(forms.BaseFormSet):
    """Each row asks for the vote its dossier's award form rules: ``dossiers`` maps task ids to
    dossiers, ``members`` are the council's members."""

    def __init__(self, *args, dossiers, members, **kwargs):
        self.dossiers, self.members = dossiers, members
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        if self.is_bound:
            task = self.data.get(f"{self.add_prefix(index)}-task")
        else:
            task = self.initial[index]["task"] if index < len(self.initial or []) else None
        try:
            dossier = self.dossiers.get(int(task))
        except (TypeError, ValueError):
            dossier = None
        secret = dossier is None or dossier.award_form.secret_ballot
        return {"secret": secret, "members": self.members}


BallotFormSet = forms.formset_factory(BallotForm, formset=BaseBallotFormSet, extra=0)
