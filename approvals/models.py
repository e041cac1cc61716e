from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task

from dossiers.models import AwardForm, Dossier, ThresholdBasis
from dossiers.numbering import decision_number_validator, submission_number_validator
from roles.models import Unit


class CompiledSubmission(models.Model):
    """The labour office's compiled submission (tờ trình tổng hợp) that forwards appraised dossiers
    to the town's council, with the compiled list of the dossiers it carries."""

    number = models.CharField(_("submission number"), max_length=40, validators=[submission_number_validator])
    submitted_on = models.DateField(_("submitted on"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sender = models.ForeignKey(
        Unit, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="compiled_submissions"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    dossiers = models.ManyToManyField(Dossier, verbose_name=_("dossiers"), related_name="compiled_submissions")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("compiled submission")
        verbose_name_plural = _("compiled submissions")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["sender", "year", "number"], name="submission_number_unique_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.submitted_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.year = self.submitted_on.year
        super().save(*args, **kwargs)


def minutes_path(meeting: CouncilMeeting, filename: str) -> str:
    return f"council/{meeting.council_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class CouncilMeeting(models.Model):
    """A meeting of a town's emulation-commendation council (Hội đồng TĐKT): who attended, who
    chaired it and its signed minutes (a private file, served to those who may read the meeting).

    Meetings recorded before the chair and the minutes were kept have neither; the service requires
    both of every new one."""

    council = models.ForeignKey(Unit, verbose_name=_("council"), on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("held on"))
    members_total = models.PositiveSmallIntegerField(_("council members"))
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("members present"), related_name="+")
    members_present = models.PositiveSmallIntegerField(_("number present"))
    chaired_by = models.CharField(
        _("chaired by"), max_length=200, blank=True, help_text=_("Who chaired the meeting, as the minutes name them.")
    )
    minutes = models.FileField(_("signed minutes"), upload_to=minutes_path, max_length=300, blank=True)
    minutes_name = models.CharField(_("file name"), max_length=255, blank=True)
    minutes_size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    minutes_sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.council} {self.held_on:%d/%m/%Y}"

    def has_quorum(self, award_form: AwardForm) -> bool:
        return Decimal(self.members_present) * 100 >= award_form.quorum_percent * self.members_total

    def threshold_base(self, award_form: AwardForm) -> int:
        """The number of members the award form's vote threshold is a share of."""
        if award_form.threshold_basis == ThresholdBasis.PRESENT:
            return self.members_present
        return self.members_total


class CouncilOutcome(models.TextChoices):
    TOWN_AWARD = "town_award", _("Recommended for the award")
    PROVINCIAL_AWARD = "provincial_award", _("Recommended for a provincial award")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")


class CouncilVote(models.Model):
    """The council's vote on one dossier at one meeting, and the outcome drawn from it.

    A secret ballot keeps only its totals; an open ballot keeps each present member's vote
    (``MemberVote``) and its totals are counted from them.
    """

    meeting = models.ForeignKey(
        CouncilMeeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="votes"
    )
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="council_votes"
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"))
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    secret = models.BooleanField(_("secret ballot"), default=True)
    council_round = models.PositiveSmallIntegerField(_("council round"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=CouncilOutcome.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True, help_text=_("The council's comment with its outcome."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("council vote")
        verbose_name_plural = _("council votes")
        ordering = ["-meeting__held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "dossier"], name="council_vote_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.votes_for}/{self.votes_against}/{self.abstentions}"

    def passes(self, award_form: AwardForm) -> bool:
        base = self.meeting.threshold_base(award_form)
        return Decimal(self.votes_for) * 100 >= award_form.vote_threshold_percent * base


class Choice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class MemberVote(models.Model):
    """One present member's vote in an open ballot. A secret ballot has none."""

    vote = models.ForeignKey(CouncilVote, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="member_votes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = _("member's vote")
        verbose_name_plural = _("members' votes")
        ordering = ["vote", "member__full_name", "member__username"]
        constraints = [models.UniqueConstraint(fields=["vote", "member"], name="member_votes_once")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


class Decision(models.Model):
    """A town award decision (quyết định khen thưởng), signed by the chairman, covering dossiers."""

    number = models.CharField(_("decision number"), max_length=40, validators=[decision_number_validator])
    signed_on = models.DateField(_("signed on"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    issuer = models.ForeignKey(Unit, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="decisions")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    dossiers = models.ManyToManyField(Dossier, verbose_name=_("dossiers"), related_name="decisions")
    # Each dossier's bonus in đồng as signed, by the dossier's id (a string, as JSON keys are); None
    # where its award form has no bonus configured (``dossiers.selectors.bonus_for``).
    bonuses = models.JSONField(_("bonuses"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "number"], name="decision_number_unique_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.year = self.signed_on.year
        super().save(*args, **kwargs)

    def bonus_of(self, dossier: Dossier) -> int | None:
        return self.bonuses.get(str(dossier.pk))

    def bonus_total(self) -> int | None:
        """The sum of the bonuses configured; None if none is."""
        amounts = [amount for amount in self.bonuses.values() if amount is not None]
        return sum(amounts) if amounts else None


class ProvincialSubmission(models.Model):
    """The town's letter proposing provincial awards, listing the escalated dossiers it carries."""

    number = models.CharField(_("letter number"), max_length=40, validators=[decision_number_validator])
    sent_on = models.DateField(_("sent on"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sender = models.ForeignKey(Unit, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    dossiers = models.ManyToManyField(Dossier, verbose_name=_("dossiers"), related_name="provincial_submissions")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("provincial submission")
        verbose_name_plural = _("provincial submissions")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["sender", "year", "number"], name="letter_number_unique_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.sent_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.year = self.sent_on.year
        super().save(*args, **kwargs)


class ProvincialResult(models.Model):
    """What the province decided on one escalated dossier."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="provincial_result"
    )
    submission = models.ForeignKey(
        ProvincialSubmission, verbose_name=_("submission"), on_delete=models.PROTECT, related_name="results"
    )
    approved = models.BooleanField(_("awarded"))
    decision_number = models.CharField(
        _("province's decision number"), max_length=40, validators=[decision_number_validator]
    )
    decided_on = models.DateField(_("province's decision date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("provincial result")
        verbose_name_plural = _("provincial results")

    def __str__(self) -> str:
        return f"{self.dossier}: {self.decision_number}"


class DossierProcess(Process):
    """The routing of one dossier through ``AwardDossierFlow``: whose turn it is, not what was decided.

    A concrete one-to-one rather than a proxy over ``Process.artifact``: the database keeps one
    process per dossier and refuses a dangling one, and lists scope processes by
    ``dossier__unit`` through the one selector, which a generic relation cannot be joined on.
    """

    dossier = models.OneToOneField(Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="process")

    class Meta:
        # "manage" is viewflow's permission for cancel, undo and revive; nobody is granted it
        # (only superusers pass), see AwardDossierFlow.has_manage_permission.
        default_permissions = ("view", "manage")
        ordering = ["-created"]
        verbose_name = _("dossier routing")
        verbose_name_plural = _("dossier routings")

    def __str__(self) -> str:
        return str(self.dossier)


class TaskDeadline(models.Model):
    """When an open task of the flow is due, fixed when it opens (``approvals.deadlines``), and
    whether it was escalated to the head of its office."""

    task = models.OneToOneField(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="deadline")
    due_on = models.DateField(_("due on"), db_index=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task deadline")
        verbose_name_plural = _("task deadlines")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.due_on:%d/%m/%Y}"


class CampaignReminder(models.Model):
    """A reminder sent to one unit's people before one of a campaign's deadlines
    (``approvals.campaign_reminders``): recorded with the notification, so that it goes once."""

    campaign = models.ForeignKey(
        "dossiers.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="reminders"
    )
    deadline = models.CharField(_("deadline"), max_length=40)
    unit = models.ForeignKey(Unit, verbose_name=_("reminded unit"), on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign reminder")
        verbose_name_plural = _("campaign reminders")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "deadline", "unit"], name="campaign_reminder_once_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.deadline} {self.unit_id}"
