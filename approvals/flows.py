from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import SelectForUpdateLock

from dossiers.models import Status
from dossiers.selectors import may_submit
from dossiers.services import dossier_hand_back, dossier_reassign, dossier_release, dossier_start_review
from roles.models import Role
from roles.selectors import can_see_unit, may_read

from . import deadlines
from .models import DossierProcess
from .nodes import RoleTask, dossier_of, status_is
from .views.tasks import CouncilView, DecisionView, ProvinceView, ReviewView, SubmitView, SupplementView


class AwardDossierFlow(flow.Flow):
    """Award dossier

    A commune or ward submits an award dossier to the town's labour office (LĐ-TB&XH). A
    reviewer of the labour office claims it from the review queue and appraises it: returns it to
    the commune for supplement, rejects it, or forwards it to the town's emulation-commendation
    council. A returned dossier waits for its commune, which supplements and resubmits it (back
    to review) or withdraws it. At the council, the home-affairs secretary records the council's
    outcome: a town award goes to the town chairman, who signs the award decision or sends the
    dossier back to the council; a provincial award goes to the provincial liaison, who records
    the province's result; a dossier the council does not recommend ends there.

    The flow only routes: every step calls one service of the dossier's lifecycle, and each gate
    reads the dossier's state.
    """

    # Explicit and translated: viewflow would otherwise take the docstring's English.
    process_title = _("Award dossiers")
    process_description = _(
        "Award dossiers of communes and wards, from submission to the town's award or the province's result."
    )
    process_class = DossierProcess
    # A process and its tasks are known by their dossier in viewflow's lists and dashboard.
    process_summary_template = "{{ process.dossier.reference }} · {{ process.dossier.nominee.name }}"
    # nowait=True answered a 500 to the losing request under contention; waiting gives it a clean
    # refusal once the winner has committed.
    lock_impl = SelectForUpdateLock(nowait=False)

    submit = (
        flow.Start(SubmitView.as_view()).Annotation(title=_("Submit a dossier")).Available(may_submit).Next(this.review)
    )

    review = (
        RoleTask(
            ReviewView.as_view(),
            role=Role.LABOUR_REVIEWER,
            states={Status.SUBMITTED},
            claimed_states={Status.UNDER_REVIEW},
            claim=dossier_start_review,
            release=dossier_release,
            reassign=dossier_reassign,
            hand_back=dossier_hand_back,
            limit="appraisal_days",
        )
        .Annotation(title=_("Appraise the dossier (labour office)"))
        .Next(this.after_review)
    )

    after_review = (
        flow.Switch()
        .Annotation(title=_("Outcome of the appraisal"))
        .Case(this.supplement, status_is(Status.RETURNED))
        .Case(this.rejected, status_is(Status.REJECTED))
        .Case(this.council, status_is(Status.AT_COUNCIL))
    )

    supplement = (
        RoleTask(SupplementView.as_view(), role=Role.COMMUNE_SUBMITTER, states={Status.RETURNED})
        .Annotation(title=_("Supplement the returned dossier (commune)"))
        .Next(this.after_supplement)
    )

    after_supplement = (
        flow.Switch()
        .Annotation(title=_("Resubmitted or withdrawn"))
        .Case(this.review, status_is(Status.SUBMITTED))
        .Case(this.withdrawn, status_is(Status.WITHDRAWN))
    )

    council = (
        RoleTask(
            CouncilView.as_view(),
            role=Role.HOME_AFFAIRS_SECRETARY,
            states={Status.AT_COUNCIL},
            limit="council_days",
        )
        .Annotation(title=_("Record the council's outcome (home affairs)"))
        .Next(this.after_council)
    )

    after_council = (
        flow.Switch()
        .Annotation(title=_("Council's outcome"))
        .Case(this.decision, status_is(Status.AWAITING_DECISION))
        .Case(this.province, status_is(Status.ESCALATED))
        .Case(this.not_recommended, status_is(Status.REJECTED))
    )

    decision = (
        RoleTask(
            DecisionView.as_view(),
            role=Role.TOWN_CHAIRMAN,
            states={Status.AWAITING_DECISION},
            limit="decision_days",
        )
        .Annotation(title=_("Sign the award decision (chairman)"))
        .Next(this.after_decision)
    )

    after_decision = (
        flow.Switch()
        .Annotation(title=_("Chairman's decision"))
        .Case(this.awarded, status_is(Status.APPROVED))
        .Case(this.council, status_is(Status.AT_COUNCIL))
    )

    province = (
        RoleTask(
            ProvinceView.as_view(),
            role=Role.PROVINCIAL_LIAISON,
            states={Status.ESCALATED},
            limit="province_days",
        )
        .Annotation(title=_("Record the province's result (provincial liaison)"))
        .Next(this.province_decided)
    )

    # Where each task's timers lead (``RoleTask``): a message and an audit event, then nothing more;
    # the task itself stays open where it is.
    remind = flow.Function(this.send_reminder).Annotation(title=_("Remind: due soon"))
    remind_overdue = flow.Function(this.send_overdue_reminder).Annotation(title=_("Remind: overdue"))
    escalate = flow.Function(this.escalate_to_head).Annotation(title=_("Escalate to the head of the office"))

    rejected = flow.End().Annotation(title=_("Rejected by the labour office"))
    withdrawn = flow.End().Annotation(title=_("Withdrawn by the commune"))
    not_recommended = flow.End().Annotation(title=_("Not recommended by the council"))
    awarded = flow.End().Annotation(title=_("Awarded"))
    province_decided = flow.End().Annotation(title=_("Decided by the province"))

    # The dossier's states a finished process may leave behind, by its end node.
    END_STATES = {
        "rejected": {Status.REJECTED},
        "withdrawn": {Status.WITHDRAWN},
        "not_recommended": {Status.REJECTED},
        "awarded": {Status.APPROVED},
        "province_decided": {Status.PROVINCE_APPROVED, Status.PROVINCE_REJECTED},
    }

    def send_reminder(self, activation) -> None:
        deadlines.task_remind(task=deadlines.host_task(activation), kind=deadlines.REMINDER)

    def send_overdue_reminder(self, activation) -> None:
        deadlines.task_remind(task=deadlines.host_task(activation), kind=deadlines.OVERDUE)

    def escalate_to_head(self, activation) -> None:
        deadlines.task_escalate(task=deadlines.host_task(activation))

    def has_view_permission(self, user, obj=None) -> bool:
        """Anyone holding a reading role sees the flow; a process, only within their units."""
        if not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        if obj is not None:
            return can_see_unit(user, dossier_of(obj).unit)
        return may_read(user)

    def has_manage_permission(self, user, obj=None) -> bool:
        """viewflow's cancel, undo and revive leave the dossier where it is: administrators only."""
        return user.is_authenticated and user.is_active and user.is_superuser
