"""The flow's task screens, kept minimal: a form whose completion calls one lifecycle service.

Every task view runs inside viewflow's process lock and one transaction (``flow.View`` wraps a
POST in both). The view calls the service first; a refusal (``ServiceError``) becomes a form error
and nothing changes; on success the task completes in the same transaction and the flow routes
the dossier by reading its new state.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.workflow.flow.views import mixins

from approvals import services as approvals
from dossiers import services as dossiers
from dossiers.models import Dossier, Result, Status, may_be_returned_again
from dossiers.selectors import Evaluation, criteria_evaluate
from roles.models import Role
from roles.selectors import scope_q
from workflow_project.errors import ServiceError
from workflow_project.forms import add_service_error


class CommentField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Comment"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)


class DossierMessageMixin:
    """Once done, a message naming the task and its dossier (viewflow's names the task's number)."""

    success_message = ""

    def form_valid(self, form):
        response = super().form_valid(form)
        activation = self.request.activation
        messages.success(
            self.request,
            self.success_message % {"task": activation.task.title, "reference": activation.process.dossier.reference},
            fail_silently=True,
        )
        return response


class ServiceTaskView(
    DossierMessageMixin,
    mixins.TaskSuccessUrlMixin,
    mixins.TaskViewTemplateNames,
    generic.FormView,
):
    """A flow task: validate the form, call one service, complete the task."""

    template_filename = "task.html"
    success_message = _("“%(task)s” done for dossier %(reference)s.")

    @property
    def dossier(self) -> Dossier:
        return self.request.activation.process.dossier

    def perform(self, form: forms.Form) -> None:
        """Call the task's one lifecycle service."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        self.request.activation.execute()
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("dossier", self.dossier)
        return super().get_context_data(**kwargs)


# The submit (start) task.
class SubmitForm(forms.Form):
    dossier = forms.ModelChoiceField(label=_("Dossier"), queryset=Dossier.objects.none())
    comment = CommentField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Drafts of the submitter's own units that are not routed yet.
        self.fields["dossier"].queryset = Dossier.objects.filter(
            scope_q(user, roles=[Role.COMMUNE_SUBMITTER]), status=Status.DRAFT, process__isnull=True
        ).select_related("nominee", "campaign")


class SubmitView(
    DossierMessageMixin,
    mixins.TaskSuccessUrlMixin,
    mixins.TaskViewTemplateNames,
    generic.FormView,
):
    """The commune submits one of its drafts: ``dossier_submit``, and the process starts."""

    form_class = SubmitForm
    template_filename = "start.html"
    success_message = _("Dossier %(reference)s has been submitted to the labour office.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        # The dossier page's Submit button names its dossier; the form's own choices still decide.
        return {**super().get_initial(), "dossier": self.request.GET.get("dossier")}

    def form_valid(self, form):
        dossier = form.cleaned_data["dossier"]
        try:
            dossiers.dossier_submit(dossier_id=dossier.pk, actor=self.request.user, comment=form.cleaned_data["comment"])
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        activation = self.request.activation
        activation.process.dossier = dossier
        activation.execute()
        return super().form_valid(form)


class OutcomeTaskView(ServiceTaskView):
    """A task whose form picks an outcome; each outcome is one service taking a comment."""

    services: dict = {}

    def perform(self, form):
        self.services[form.cleaned_data["outcome"]](
            dossier_id=self.dossier.pk, actor=self.request.user, comment=form.cleaned_data["comment"]
        )


# The labour office's appraisal.
YES_NO = [("1", _("Met")), ("0", _("Not met"))]


def yes_no(**kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(choices=YES_NO, coerce=lambda value: value == "1", widget=forms.RadioSelect, **kwargs)


class ReviewForm(forms.Form):
    """The appraisal's outcome and comment and, where the award form sets a standard for the
    nominee's kind, the reviewer's judgement: their answer to each criterion left to them, and
    whether the standard is met (proposed from the evaluation; a judgement that differs from it
    needs a comment saying why, and a dossier judged not meeting it can only be returned or
    rejected)."""

    RETURN, REJECT, FORWARD = "return", "reject", "forward"
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (FORWARD, _("Forward to the council")),
            (RETURN, _("Return for supplement")),
            (REJECT, _("Reject")),
        ],
    )
    comment = CommentField()

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

    def judgement(self) -> dossiers.Judgement | None:
        if "standard_met" not in self.fields:
            return None
        data = self.cleaned_data
        answers = {c.pk: data[f"judgement_{c.pk}"] for c in self.evaluation.judgements}
        return dossiers.Judgement(standard_met=data["standard_met"], answers=answers, seen=data["standard_seen"])


class ReviewView(OutcomeTaskView):
    form_class = ReviewForm
    services = {
        ReviewForm.RETURN: dossiers.dossier_return_for_supplement,
        ReviewForm.REJECT: dossiers.dossier_reject,
        ReviewForm.FORWARD: dossiers.dossier_forward_to_council,
    }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "evaluation": criteria_evaluate(dossier=self.dossier)}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not may_be_returned_again(self.dossier):  # returned as often as the campaign allows
            field = form.fields["outcome"]
            field.choices = [choice for choice in field.choices if choice[0] != ReviewForm.RETURN]
            field.help_text = may_be_returned_again.message(self.dossier)
        return form

    def perform(self, form):
        self.services[form.cleaned_data["outcome"]](
            dossier_id=self.dossier.pk,
            actor=self.request.user,
            comment=form.cleaned_data["comment"],
            judgement=form.judgement(),
        )


# The commune's supplement of a returned dossier.
class SupplementForm(forms.Form):
    RESUBMIT, WITHDRAW = "resubmit", "withdraw"
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[(RESUBMIT, _("Resubmit")), (WITHDRAW, _("Withdraw"))]
    )
    comment = CommentField()


class SupplementView(OutcomeTaskView):
    form_class = SupplementForm
    services = {
        SupplementForm.RESUBMIT: dossiers.dossier_resubmit,
        SupplementForm.WITHDRAW: dossiers.dossier_withdraw,
    }


# The council's outcome, recorded by the home-affairs secretary.
class CouncilForm(forms.Form):
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


class CouncilView(OutcomeTaskView):
    form_class = CouncilForm
    services = {
        CouncilForm.TOWN: approvals.dossier_recommend_town_award,
        CouncilForm.PROVINCE: approvals.dossier_recommend_provincial_award,
        CouncilForm.NOT_RECOMMENDED: approvals.dossier_not_recommend,
    }


# The chairman's decision.
class DecisionForm(forms.Form):
    APPROVE, SEND_BACK = "approve", "send_back"
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Sign the award decision")), (SEND_BACK, _("Send back to the council"))],
    )
    number = forms.CharField(label=_("decision number"), max_length=40, required=False)
    signed_on = forms.DateField(label=_("signed on"), required=False)
    comment = CommentField()

    def clean(self):
        data = super().clean()
        if data.get("outcome") == self.APPROVE:
            for field in ("number", "signed_on"):
                if not data.get(field):
                    self.add_error(field, _("This field is required."))
        return data


class DecisionView(ServiceTaskView):
    form_class = DecisionForm

    def get_initial(self):
        return {"signed_on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        if data["outcome"] == DecisionForm.APPROVE:
            approvals.decision_sign(
                actor=self.request.user,
                number=data["number"],
                signed_on=data["signed_on"],
                dossier_ids=[self.dossier.pk],
                comment=data["comment"],
            )
        else:
            approvals.dossier_send_back(dossier_id=self.dossier.pk, actor=self.request.user, comment=data["comment"])


# The province's result, recorded by the provincial liaison.
class ProvinceForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Province's decision"),
        choices=[("1", _("Awarded by the province")), ("0", _("Not awarded by the province"))],
        coerce=lambda value: value == "1",
    )
    decision_number = forms.CharField(label=_("province's decision number"), max_length=40)
    decided_on = forms.DateField(label=_("province's decision date"))
    comment = CommentField()


class ProvinceView(ServiceTaskView):
    form_class = ProvinceForm

    def perform(self, form):
        data = form.cleaned_data
        approvals.provincial_result_record(
            actor=self.request.user,
            dossier_id=self.dossier.pk,
            approved=data["approved"],
            decision_number=data["decision_number"],
            decided_on=data["decided_on"],
            comment=data["comment"],
        )


# Claiming and releasing a task. Some tasks move the dossier when claimed (the review: a claimed
# dossier is under review by its claimant), through the node's ``claim``/``release`` services.
class ClaimTaskView(
    DossierMessageMixin,
    mixins.TaskSuccessUrlMixin,
    mixins.TaskViewTemplateNames,
    generic.FormView,
):
    """Claim a task; a task claimed a moment ago by someone else is refused with a message (409)."""

    form_class = forms.Form
    template_filename = "task_assign.html"
    success_message = _("You have claimed “%(task)s” of dossier %(reference)s.")

    def form_valid(self, form):
        activation = self.request.activation
        try:
            activation.flow_task.claim(activation, self.request.user)
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=exc.http_status)
        return super().form_valid(form)


class ReleaseTaskView(
    DossierMessageMixin,
    mixins.TaskSuccessUrlMixin,
    mixins.TaskViewTemplateNames,
    generic.FormView,
):
    form_class = forms.Form
    template_filename = "task_unassign.html"
    success_message = _("“%(task)s” of dossier %(reference)s is back in the queue.")

    def form_valid(self, form):
        activation = self.request.activation
        try:
            activation.flow_task.release(activation, self.request.user)
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=exc.http_status)
        return super().form_valid(form)
