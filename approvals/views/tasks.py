"""The flow's task screens, kept minimal: a form whose completion makes one transition.

Every task view runs inside viewflow's process lock and one transaction (``flow.View`` wraps a
POST in both). The view hands the form's transition and values to ``approvals.transitions``, which
calls the transition's service; a refusal (``ServiceError``) becomes a form error and nothing
changes; on success the task completes in the same transaction and the flow routes the dossier by
reading its new state.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.workflow.flow.views import mixins

from dossiers.models import Dossier, may_be_returned_again
from dossiers.selectors import criteria_evaluate
from workflow_project.errors import ServiceError
from workflow_project.forms import add_service_error

from ..forms.tasks import CouncilForm, DecisionTaskForm, ProvinceForm, ReviewForm, SubmitForm, SupplementForm

# What each transition made on a task screen (or the submitter's dossier page) did, said to whoever made it.
SUCCESS_MESSAGES = {
    "submit": _("Dossier %(reference)s has been submitted to the labour office."),
    "return_for_supplement": _("Dossier %(reference)s has been returned for supplement."),
    "reject": _("Dossier %(reference)s has been rejected."),
    "forward_to_council": _("Dossier %(reference)s has been forwarded to the emulation and commendation council."),
    "judge_ready": _(
        "Dossier %(reference)s has been appraised as ready for the council: forward it under a compiled submission."
    ),
    "resubmit": _("Dossier %(reference)s has been resubmitted to the labour office."),
    "withdraw": _("Dossier %(reference)s has been withdrawn."),
    "recommend_town_award": _("The council's recommendation to award dossier %(reference)s has been recorded."),
    "recommend_provincial_award": _(
        "The council's proposal of dossier %(reference)s to the province has been recorded."
    ),
    "not_recommend": _("The council's decision not to recommend dossier %(reference)s has been recorded."),
    "approve": _("The award decision for dossier %(reference)s has been signed."),
    "send_back": _("Dossier %(reference)s has been sent back to the council."),
    "record_provincial_result": _("The province's result for dossier %(reference)s has been recorded."),
}


class DossierMessageMixin:
    """Once done, a message saying what was done to which dossier (viewflow's names the task's
    number)."""

    success_message = ""

    def success_message_for(self, form):
        return self.success_message

    def form_valid(self, form):
        response = super().form_valid(form)
        activation = self.request.activation
        messages.success(
            self.request,
            self.success_message_for(form)
            % {"task": activation.task.title, "reference": activation.process.dossier.reference},
            fail_silently=True,
        )
        return response


class ServiceTaskView(
    DossierMessageMixin,
    mixins.TaskSuccessUrlMixin,
    mixins.TaskViewTemplateNames,
    generic.FormView,
):
    """A flow task: validate the form, make its transition, complete the task."""

    template_filename = "task.html"
    success_message = _("“%(task)s” done for dossier %(reference)s.")

    @property
    def dossier(self) -> Dossier:
        return self.request.activation.process.dossier

    def success_message_for(self, form):
        return SUCCESS_MESSAGES.get(form.transition_name(), self.success_message)

    def form_valid(self, form):
        from ..transitions import task_complete_here  # the flow, which the transitions read, holds these screens

        try:
            task_complete_here(
                self.request.activation,
                transition=form.transition_name(),
                actor=self.request.user,
                values=form.values(),
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("dossier", self.dossier)
        return super().get_context_data(**kwargs)


class SubmitView(
    DossierMessageMixin,
    mixins.TaskSuccessUrlMixin,
    mixins.TaskViewTemplateNames,
    generic.FormView,
):
    """The commune submits one of its drafts: ``dossier_submit``, and the process starts."""

    form_class = SubmitForm
    template_filename = "start.html"
    success_message = SUCCESS_MESSAGES["submit"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        # The dossier page's Submit button names its dossier; the form's own choices still decide.
        return {**super().get_initial(), "dossier": self.request.GET.get("dossier")}

    def form_valid(self, form):
        from ..transitions import flow_start  # the flow, which the transitions read, holds these screens

        try:
            flow_start(
                self.request.activation,
                dossier_id=form.cleaned_data["dossier"].pk,
                actor=self.request.user,
                comment=form.cleaned_data["comment"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        return super().form_valid(form)


class ReviewView(ServiceTaskView):
    """The labour office's appraisal."""

    form_class = ReviewForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "evaluation": criteria_evaluate(dossier=self.dossier)}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not may_be_returned_again(self.dossier):  # returned as often as the campaign allows
            field = form.fields["outcome"]
            field.choices = [choice for choice in field.choices if choice[0] != ReviewForm.RETURN]
            field.help_text = may_be_returned_again.message(self.dossier)
        return form


class SupplementView(ServiceTaskView):
    """The commune's supplement of a returned dossier."""

    form_class = SupplementForm


class CouncilView(ServiceTaskView):
    """The council's outcome, recorded by the home-affairs secretary."""

    form_class = CouncilForm


class DecisionView(ServiceTaskView):
    """The chairman's decision."""

    form_class = DecisionTaskForm

    def get_initial(self):
        return {"signed_on": timezone.localdate()}


class ProvinceView(ServiceTaskView):
    """The province's result, recorded by the provincial liaison."""

    form_class = ProvinceForm


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
