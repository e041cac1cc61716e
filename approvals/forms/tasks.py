"""The forms of the flow's task screens (``approvals.views.tasks``). Each names the transition it
makes (``approvals.transitions``), from its outcome where it offers several, and the values the
transition takes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier, Result, Status
from dossiers.selectors import Evaluation
from dossiers.services import Judgement
from roles.models import Role
from roles.selectors import scope_q


class CommentField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Comment"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)


class TaskForm(forms.Form):
    """A task's form: the transition it makes (``transition``, or by its outcome, ``TRANSITIONS``)
    and the values the transition takes."""

    transition = ""
    TRANSITIONS: dict[str, str] = {}

    def transition_name(self) -> str:
        return self.TRANSITIONS[self.cleaned_data["outcome"]] if self.TRANSITIONS else self.transition

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "outcome"}


class SubmitForm(forms.Form):
    dossier = forms.ModelChoiceField(label=_("Dossier"), queryset=Dossier.objects.none())
    comment = CommentField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Drafts of the submitter's own units that are not routed yet.
        self.fields["dossier"].queryset = Dossier.objects.filter(
            scope_q(user, roles=[Role.COMMUNE_SUBMITTER]), status=Status.DRAFT, process__isnull=True
        ).select_related("nominee", "campaign")


YES_NO = [("1", _("Met")), ("0", _("Not met"))]


def yes_no(**kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(choices=YES_NO, coerce=lambda value: value == "1", widget=forms.RadioSelect, **kwargs)


class ReviewForm(TaskForm):
    """The appraisal's outcome and comment and, where the award form sets a standard for the
    nominee's kind, the reviewer's judgement: their answer to each criterion left to them, and
    whether the standard is met (proposed from the evaluation; a judgement that differs from it
    needs a comment saying why, and a dossier judged not meeting it can only be returned or
    rejected). Judged ready for the council, the dossier stays under review, with the reviewer,
    until their compiled submission forwards it."""

    RETURN, REJECT, FORWARD, READY = "return", "reject", "forward", "ready"
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (FORWARD, _("Forward to the council")),
            (READY, _("Ready for the council (forward in a compiled submission)")),
            (RETURN, _("Return for supplement")),
            (REJECT, _("Reject")),
        ],
    )
    comment = CommentField()
    TRANSITIONS = {
        RETURN: "return_for_supplement",
        REJECT: "reject",
        FORWARD: "forward_to_council",
        READY: "judge_ready",
    }

    def __init__(self, *args, evaluation: Evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        if evaluation.result is None:
            return
        for criterion in evaluation.judgements:
            self.fields[f"judgement_{criterion.pk}"] = yes_no(label=str(criterion))
        proposed = {Result.MET: "1", Result.NOT_MET: "0", Result.MISSING: "0"}.get(evaluation.result)
        self.fields["standard_met"] = yes_no(
            label=_("In your judgement, the award standard is"),
            initial=proposed,
            help_text=_("Evaluated on the evidence: %(result)s.") % {"result": evaluation.label()},
        )
        self.fields["comment"] = self.fields.pop("comment")  # last, after the judgement it may explain
        self.fields["standard_seen"] = forms.CharField(widget=forms.HiddenInput, initial=evaluation.digest())

    def values(self) -> dict:
        return {"comment": self.cleaned_data["comment"], "judgement": self.judgement()}

    def judgement(self) -> Judgement | None:
        if "standard_met" not in self.fields:
            return None
        data = self.cleaned_data
        answers = {c.pk: data[f"judgement_{c.pk}"] for c in self.evaluation.judgements}
        return Judgement(standard_met=data["standard_met"], answers=answers, seen=data["standard_seen"])


class SupplementForm(TaskForm):
    RESUBMIT, WITHDRAW = "resubmit", "withdraw"
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[(RESUBMIT, _("Resubmit")), (WITHDRAW, _("Withdraw"))])
    comment = CommentField()
    TRANSITIONS = {RESUBMIT: "resubmit", WITHDRAW: "withdraw"}


class CouncilForm(TaskForm):
    TOWN, PROVINCE, NOT_RECOMMENDED = "town", "province", "not_recommended"
    outcome = forms.ChoiceField(
        label=_("Council's outcome"),
        choices=[
            (TOWN, _("Recommend the award")),
            (PROVINCE, _("Propose to the province")),
            (NOT_RECOMMENDED, _("Not recommended")),
        ],
    )
    comment = CommentField()
    TRANSITIONS = {
        TOWN: "recommend_town_award",
        PROVINCE: "recommend_provincial_award",
        NOT_RECOMMENDED: "not_recommend",
    }


class DecisionTaskForm(TaskForm):
    APPROVE, SEND_BACK = "approve", "send_back"
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Sign the award decision")), (SEND_BACK, _("Send back to the council"))],
    )
    number = forms.CharField(label=_("decision number"), max_length=40, required=False)
    signed_on = forms.DateField(label=_("signed on"), required=False)
    comment = CommentField()
    TRANSITIONS = {APPROVE: "approve", SEND_BACK: "send_back"}

    def clean(self):
        data = super().clean()
        if data.get("outcome") == self.APPROVE:
            for field in ("number", "signed_on"):
                if not data.get(field):
                    self.add_error(field, _("This field is required."))
        return data


class ProvinceForm(TaskForm):
    approved = forms.TypedChoiceField(
        label=_("Province's decision"),
        choices=[("1", _("Awarded by the province")), ("0", _("Not awarded by the province"))],
        coerce=lambda value: value == "1",
    )
    decision_number = forms.CharField(label=_("province's decision number"), max_length=40)
    decided_on = forms.DateField(label=_("province's decision date"))
    comment = CommentField()
    transition = "record_provincial_result"
