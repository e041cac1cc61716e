"""What the audit trail's readers are told about the flow's events (``audit.labels``): councils,
votes, compiled submissions, letters to the province, decisions, deadlines and reminders."""

from django.utils.translation import gettext_lazy as _

from audit import labels
from dossiers.models import Campaign, Dossier

from .campaign_reminders import REMINDER
from .deadlines import ESCALATION, OVERDUE
from .deadlines import REMINDER as DEADLINE_REMINDER
from .models import CompiledSubmission, CouncilMeeting, CouncilVote, ProvincialSubmission

DOSSIER = Dossier._meta.label_lower
PUT_BACK = "deadline.put_back"


def _campaign_deadline(name: str) -> str:
    return str(Campaign._meta.get_field(name).verbose_name)


def register() -> None:
    labels.actions(
        {
            "council.meeting_recorded": _("Council meeting recorded"),
            "council.vote_recorded": _("Council vote recorded"),
            "submission.compiled": _("Compiled submission recorded"),
            "province.submitted": _("Sent to the province"),
            DEADLINE_REMINDER: _("Reminded: the current step is due soon"),
            OVERDUE: _("Reminded: the current step is overdue"),
            ESCALATION: _("Escalated to the head of the office"),
            PUT_BACK: _("Put back in the queue by the head of the office"),
            REMINDER: _("Reminded of a campaign's deadline"),
        }
    )
    # What a transition of the flow adds to the dossier's own event.
    labels.field("decision_number", _("decision number"), scope=DOSSIER)
    labels.field("signed_on", _("signed on"), scope=DOSSIER)
    labels.field("decided_on", _("province's decision date"), scope=DOSSIER)
    labels.field("submission_number", _("submission number"), scope=DOSSIER)
    labels.field("submitted_on", _("submitted on"), scope=DOSSIER)

    labels.model(CouncilMeeting)
    labels.model(CouncilVote, scope="council.vote_recorded")
    labels.model(CouncilMeeting, scope="council.vote_recorded")
    labels.field("member_votes", _("members' votes"), scope="council.vote_recorded")
    labels.model(CompiledSubmission)
    labels.model(ProvincialSubmission, scope="province.submitted")
    labels.field("submission_id", ProvincialSubmission._meta.verbose_name, scope="province.submitted")

    for action in (DEADLINE_REMINDER, OVERDUE, ESCALATION, PUT_BACK, REMINDER):
        labels.field("task", _("task"), scope=action)
        labels.field("due_on", _("due on"), scope=action)
        labels.field("to", _("sent to"), scope=action)
    labels.field("owner", _("held by"), scope=PUT_BACK)
    labels.field("deadline", _("deadline"), scope=REMINDER)
    labels.value("deadline", _campaign_deadline, scope=REMINDER)
    labels.field("count", _("how many"), scope=REMINDER)
