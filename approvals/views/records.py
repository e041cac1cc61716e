"""Screens that act on several dossiers at once, under one record: the labour office's compiled
submission to the council, the council's meeting with its votes and outcomes, and the chairman's
decision covering several town awards, the liaison's letter carrying escalated dossiers to the
province; and the pages of those records, printable.

Every screen picks among the open tasks of its flow node that the user may take
(``selectors.records.open_tasks``; for the compiled submission, only the reviewer's own appraised
dossiers, ``appraised_tasks``); one submit goes through ``transitions.tasks_complete``, which claims
(except for the compiled submission) and completes every task in one transaction around ONE service
of ``approvals.services`` (the letter to the province completes none: the province's result does,
later). A
refusal changes nothing and is shown with the dossier it concerns; a task or record outside the
user's units answers 404, a user without the screen's role 403.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.urls import Application

from dossiers.files import file_response
from roles.mixins import RoleRequiredMixin
from roles.models import Role
from roles.selectors import handling_units, holders, holds_any, scope_q
from workflow_project.errors import NotFound, ServiceError
from workflow_project.forms import add_service_error
from workflow_project.numbers import dong
from workflow_project.spreadsheets import NUMBER, Column, wants_xlsx, xlsx_response

from ..flows import AwardDossierFlow
from ..forms.records import BallotFormSet, DecisionRecordForm, LetterForm, MeetingForm, SubmissionForm
from ..models import CouncilOutcome
from ..nodes import RoleTask
from ..selectors.dossiers import with_step_due
from ..selectors.records import (
    BATCH_ROLES,
    DECISION_READERS,
    LETTER_READERS,
    MEETING_READERS,
    SUBMISSION_READERS,
    appraised_tasks,
    councils,
    deciding_votes,
    decisions,
    held_roles,
    letters,
    meetings,
    open_tasks,
    submissions,
    unsent_tasks,
)
from ..selectors.tasks import DOSSIER, task_dossier
from ..services import (
    compiled_submission_create,
    council_meeting_record,
    decision_sign,
    percent,
    provincial_submission_create,
)
from ..spreadsheets import dossier_columns, dossier_rows
from ..transitions import tasks_complete

# The batch screens ----------------------------------------------------------------------------


def show_refusal(form: forms.Form, exc: ServiceError) -> None:
    """A refusal on the form; one about a task or dossier outside the user's units is a 404."""
    if isinstance(exc, NotFound):
        raise Http404(str(exc))
    add_service_error(form, exc)


class BatchTaskView(RoleRequiredMixin, generic.FormView):
    """Pick several open tasks of one node and complete them all with one service."""

    template_name = "approvals/records/pick.html"
    date_field: str
    node: RoleTask
    title = ""
    intro = ""
    button = ""
    detail = ""
    success = ""  # the message once done, with the record's %(number)s and its %(count)s dossiers
    show_votes = False  # whether each row shows its dossier's deciding council vote
    claim = True  # whether the unclaimed tasks ticked are claimed for the user on the way

    def available(self):
        """The open tasks the screen offers."""
        return open_tasks(self.request.user, self.node)

    def rows(self):
        if not hasattr(self, "_rows"):
            self._rows = list(self.available())
        return self._rows

    def get_initial(self):
        return {self.date_field: timezone.localdate()}

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"] = self.get_form()
        form = kwargs["form"]
        ticked = {str(value) for value in (form["tasks"].value() or [])}
        rows = [{"task": task, "dossier": task_dossier(task), "ticked": str(task.pk) in ticked} for task in self.rows()]
        if self.show_votes:
            votes = deciding_votes([row["dossier"] for row in rows])
            for row in rows:
                row["vote"] = votes.get(row["dossier"].pk)
        kwargs.update(
            title=self.title,
            intro=self.intro,
            button=self.button,
            rows=rows,
            show_votes=self.show_votes,
            fields=[form[name] for name in form.fields if name != "tasks"],
        )
        return super().get_context_data(**kwargs)

    def perform(self, dossier_ids, data):
        """Call the one service over all the dossiers; return the record it makes."""
        raise NotImplementedError

    def record(self, data):
        """Complete the ticked tasks around the one service; return the record it makes."""
        return tasks_complete(
            task_ids=data["tasks"],
            node=self.node,
            actor=self.request.user,
            perform=lambda dossiers: self.perform([dossier.pk for dossier in dossiers], data),
            claim=self.claim,
        )

    def success_message(self, record) -> str:
        return self.success % {"number": record.number, "count": record.dossiers.count()}

    def form_valid(self, form):
        try:
            record = self.record(form.cleaned_data)
        except ServiceError as exc:
            show_refusal(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=exc.http_status)
        messages.success(self.request, self.success_message(record))
        return HttpResponseRedirect(self.request.resolver_match.app.reverse(self.detail, args=[record.pk]))


class SubmissionCreateView(BatchTaskView):
    """The labour office forwards appraised dossiers to the council under one compiled submission:
    the reviewer's own, judged ready for the council on their review screen; none from the queue."""

    roles = (Role.LABOUR_REVIEWER,)
    form_class = SubmissionForm
    node = AwardDossierFlow.review
    date_field = "submitted_on"
    detail = "submission_detail"
    title = gettext_lazy("Forward to the council under a compiled submission")
    intro = gettext_lazy(
        "Tick the dossiers to forward: those you have appraised as ready for the council on their review "
        "screen. A dossier still in the queue, or not yet appraised, is not listed. All are forwarded "
        "together, or none."
    )
    button = gettext_lazy("Forward to the council")
    claim = False

    def available(self):
        return appraised_tasks(self.request.user, self.node)

    def perform(self, dossier_ids, data):
        return compiled_submission_create(
            actor=self.request.user,
            number=data["number"],
            submitted_on=data["submitted_on"],
            dossier_ids=dossier_ids,
            comment=data["comment"],
        )

    success = gettext_lazy("Compiled submission %(number)s: %(count)s dossiers forwarded to the council.")


class DecisionCreateView(BatchTaskView):
    """The chairman signs one award decision covering several dossiers awaiting it."""

    roles = (Role.TOWN_CHAIRMAN,)
    form_class = DecisionRecordForm
    node = AwardDossierFlow.decision
    date_field = "signed_on"
    detail = "decision_detail"
    title = gettext_lazy("Sign one award decision for several dossiers")
    intro = gettext_lazy("Tick the dossiers the decision awards. All are approved together, or none.")
    button = gettext_lazy("Sign the award decision")
    show_votes = True

    def perform(self, dossier_ids, data):
        return decision_sign(
            actor=self.request.user,
            number=data["number"],
            signed_on=data["signed_on"],
            dossier_ids=dossier_ids,
            comment=data["comment"],
        )

    success = gettext_lazy("Decision %(number)s signed: %(count)s dossiers awarded.")


class LetterCreateView(BatchTaskView):
    """The provincial liaison sends escalated dossiers to the province under one proposal letter.
    Their tasks stay open: the province's result, recorded later, completes each."""

    roles = (Role.PROVINCIAL_LIAISON,)
    form_class = LetterForm
    node = AwardDossierFlow.province
    date_field = "sent_on"
    detail = "letter_detail"
    title = gettext_lazy("Propose dossiers to the province under one letter")
    intro = gettext_lazy(
        "Tick the dossiers the council proposed for a provincial award that the letter carries to the province."
    )
    button = gettext_lazy("Send to the province")

    def available(self):
        return unsent_tasks(self.request.user, self.node)

    def record(self, data):
        tasks = open_tasks(self.request.user, self.node).filter(pk__in=data["tasks"])
        dossier_ids = [task_dossier(task).pk for task in tasks]
        if len(dossier_ids) != len(data["tasks"]):
            raise NotFound(_("No such task."))
        # A dossier sent meanwhile is refused by the service (409).
        return provincial_submission_create(
            actor=self.request.user, number=data["number"], sent_on=data["sent_on"], dossier_ids=dossier_ids
        )

    success = gettext_lazy("Letter %(number)s: %(count)s dossiers sent to the province.")


class MeetingCreateView(RoleRequiredMixin, generic.TemplateView):
    """The home-affairs secretary records one council meeting: attendance, and for each dossier
    before the council, its vote and outcome."""

    roles = (Role.HOME_AFFAIRS_SECRETARY,)
    template_name = "approvals/records/meeting_form.html"

    def councils(self):
        if not hasattr(self, "_councils"):
            self._councils = list(councils(self.request.user))
        return self._councils

    def council(self):
        """The council chosen by ``?council=``, else the first of the secretary's; 404 if foreign."""
        chosen = self.request.GET.get("council")
        councils = self.councils()
        if chosen is None:
            return councils[0] if councils else None
        council = next((c for c in councils if str(c.pk) == chosen), None)
        if council is None:
            raise Http404
        return council

    def rows(self, council):
        tasks = open_tasks(self.request.user, AwardDossierFlow.council).filter(
            **{f"{DOSSIER}__unit__path__startswith": council.scope_path}
        )
        return {task.pk: task_dossier(task) for task in tasks}

    def forms(self, council, rows, data=None, files=None):
        members = list(holders(Role.COUNCIL_MEMBER, council).order_by("full_name", "username"))
        form = MeetingForm(data, files, members=members, initial={"held_on": timezone.localdate()})
        formset = BallotFormSet(
            data,
            prefix="ballots",
            initial=[{"task": pk, "include": True} for pk in rows],
            dossiers=rows,
            members=members,
        )
        return form, formset

    def get(self, request, *args, **kwargs):
        council = self.council()
        if council is None:
            return self.render_to_response(self.get_context_data(council=None))
        rows = self.rows(council)
        return self.render(council, rows, *self.forms(council, rows), status=200)

    def post(self, request, *args, **kwargs):
        council = self.council()
        if council is None:
            raise Http404
        rows = self.rows(council)
        form, formset = self.forms(council, rows, request.POST, request.FILES)
        if not (form.is_valid() and formset.is_valid()):
            return self.render(council, rows, form, formset, status=200)
        chosen = {ballot.cleaned_data["task"]: ballot for ballot in formset if ballot.cleaned_data.get("include")}

        def record(dossiers):
            ballots = [
                chosen[task_id].ballot(dossier.pk) for task_id, dossier in zip(sorted(chosen), dossiers, strict=True)
            ]
            return council_meeting_record(
                actor=request.user,
                council_id=council.pk,
                held_on=form.cleaned_data["held_on"],
                attendee_ids=form.cleaned_data["attendees"],
                chaired_by=form.cleaned_data["chaired_by"],
                minutes=form.cleaned_data["minutes"],
                ballots=ballots,
            )

        try:
            meeting = tasks_complete(
                task_ids=list(chosen), node=AwardDossierFlow.council, actor=request.user, perform=record
            )
        except ServiceError as exc:
            show_refusal(form, exc)
            return self.render(council, rows, form, formset, status=exc.http_status)
        messages.success(
            request,
            _("Council meeting of %(date)s recorded: %(count)s dossiers considered.")
            % {"date": meeting.held_on.strftime("%d/%m/%Y"), "count": len(chosen)},
        )
        return HttpResponseRedirect(request.resolver_match.app.reverse("meeting_detail", args=[meeting.pk]))

    def proposal(self, dossier, members: int, handler_id: int | None) -> dict:
        """What the screen's script needs to propose the outcome from a row's votes: the award
        form's rules, the council's size, and the outcome of a vote that passes (the award where
        its awarding body handles the dossier, ``handler_id``, else the proposal to the level above)."""
        form = dossier.award_form
        return {
            "quorum": str(form.quorum_percent),
            "threshold": str(form.vote_threshold_percent),
            "basis": form.threshold_basis,
            "members": members,
            "passed": CouncilOutcome.TOWN_AWARD
            if form.awarding_body_id == handler_id
            else CouncilOutcome.PROVINCIAL_AWARD,
        }

    def render(self, council, rows, form, formset, status):
        context = self.get_context_data(council=council, rows=rows, form=form, formset=formset)
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        rows, formset = kwargs.get("rows") or {}, kwargs.get("formset")
        if formset is not None:
            handlers = handling_units(dossier.unit for dossier in rows.values() if dossier)
            kwargs["ballots"] = [
                {
                    "form": ballot,
                    "dossier": dossier,
                    "rules": council_rules(dossier.award_form) if dossier else [],
                    "proposal": self.proposal(dossier, len(formset.members), handlers[dossier.unit_id])
                    if dossier
                    else None,
                }
                for ballot in formset
                for dossier in [rows.get(_task_id(ballot))]
            ]
        kwargs["councils"] = self.councils()
        return super().get_context_data(**kwargs)


def council_rules(award_form) -> list[str]:
    """What the award form's council rules ask of the meeting, in words: its quorum, the votes
    needed (of all members or of those present) and the ballot."""
    return [
        _("Quorum: %(quorum)s%% of all members.") % {"quorum": percent(award_form.quorum_percent)},
        _("Votes needed: %(threshold)s%% %(basis)s.")
        % {"threshold": percent(award_form.vote_threshold_percent), "basis": award_form.get_threshold_basis_display()},
        _("Secret ballot: totals only.") if award_form.secret_ballot else _("Open ballot: each member's vote."),
    ]


def _task_id(form) -> int | None:
    try:
        return int(form["task"].value())
    except (TypeError, ValueError):
        return None


# The records ----------------------------------------------------------------------------------


class RecordView(RoleRequiredMixin, generic.DetailView):
    """A record of the user's units (404 otherwise), with its dossiers; the list of a submission,
    a decision or a letter as a spreadsheet too (``?format=xlsx``, when ``spreadsheet_name``)."""

    context_object_name = "record"
    DOSSIER_DETAILS = ("campaign", "nominee", "unit", "award_form")
    spreadsheet_name = ""

    def get(self, request, *args, **kwargs):
        if not (self.spreadsheet_name and wants_xlsx(request)):
            return super().get(request, *args, **kwargs)
        record = self.get_object()
        dossiers = with_step_due(self.record_dossiers(record)).iterator(chunk_size=1000)
        return xlsx_response(
            name=f"{self.spreadsheet_name}-{record.pk}",
            title=record.number,
            columns=[Column(_("No."), NUMBER), *dossier_columns()],
            rows=([number, *row] for number, row in enumerate(dossier_rows(dossiers), start=1)),
        )

    def get_queryset(self):
        return self.records(self.request.user)

    def record_dossiers(self, record):
        """The record's dossiers that the user may read, in their order on the record."""
        dossiers = record.dossiers.filter(scope_q(self.request.user, roles=self.roles))
        return dossiers.select_related(*self.DOSSIER_DETAILS).order_by("pk")

    def details(self, record) -> dict:
        return {"dossiers": self.record_dossiers(record)}

    def get_context_data(self, **kwargs):
        kwargs.update(self.details(self.object))
        return super().get_context_data(**kwargs)


class SubmissionDetailView(RecordView):
    roles = SUBMISSION_READERS
    records = staticmethod(submissions)
    template_name = "approvals/records/submission_detail.html"
    spreadsheet_name = "to-trinh"


class DecisionDetailView(RecordView):
    roles = DECISION_READERS
    records = staticmethod(decisions)
    template_name = "approvals/records/decision_detail.html"
    spreadsheet_name = "quyet-dinh"

    def details(self, record) -> dict:
        """With each dossier's bonus as the decision recorded it, and the total of those shown."""
        details = super().details(record)
        dossiers = list(details["dossiers"])
        for dossier in dossiers:
            dossier.bonus = record.bonus_of(dossier)
            dossier.bonus_text = "" if dossier.bonus is None else dong(dossier.bonus)
        amounts = [dossier.bonus for dossier in dossiers if dossier.bonus is not None]
        return details | {
            "dossiers": dossiers,
            "with_bonuses": True,
            "bonus_total": dong(sum(amounts)) if amounts else "",
        }


class LetterDetailView(RecordView):
    roles = LETTER_READERS
    records = staticmethod(letters)
    template_name = "approvals/records/letter_detail.html"
    spreadsheet_name = "to-trinh-tinh"


class MeetingDetailView(RecordView):
    roles = MEETING_READERS
    records = staticmethod(meetings)
    template_name = "approvals/records/meeting_detail.html"

    def details(self, record) -> dict:
        votes = record.votes.filter(scope_q(self.request.user, unit_field="dossier__unit", roles=self.roles))
        return {
            "votes": votes.select_related(*(f"dossier__{name}" for name in self.DOSSIER_DETAILS))
            .prefetch_related("member_votes__member")
            .order_by("dossier_id"),
            "attendees": record.attendees.order_by("full_name", "username"),
        }


class MeetingMinutesView(RoleRequiredMixin, generic.View):
    """The meeting's signed minutes, to those who may read the meeting (404 otherwise, and for a
    meeting recorded before minutes were kept); never a public media URL."""

    roles = MEETING_READERS

    def get(self, request, pk: int):
        meeting = meetings(request.user).filter(pk=pk).exclude(minutes="").first()
        if meeting is None:
            raise Http404
        return file_response(meeting.minutes, meeting.minutes_name)


class WorkIndexView(RoleRequiredMixin, generic.TemplateView):
    """What the user may do here, and the latest records of their units."""

    roles = tuple(BATCH_ROLES)
    template_name = "approvals/records/index.html"
    LATEST = 20

    def get_context_data(self, **kwargs):
        user = self.request.user
        held = roles_of(self.request)
        count = Count("dossiers")
        kwargs.update(
            submissions=submissions(user).annotate(count=count)[: self.LATEST]
            if held & set(SUBMISSION_READERS)
            else None,
            meetings=meetings(user).annotate(count=Count("votes"))[: self.LATEST]
            if held & set(MEETING_READERS)
            else None,
            decisions=decisions(user).annotate(count=count)[: self.LATEST] if held & set(DECISION_READERS) else None,
            letters=letters(user).annotate(count=count)[: self.LATEST] if held & set(LETTER_READERS) else None,
        )
        return super().get_context_data(**kwargs)


def may_work(user) -> bool:
    return holds_any(user, BATCH_ROLES)


def roles_of(request) -> set[Role]:
    """The batch roles the user holds, read once per request."""
    if not hasattr(request, "_batch_roles"):
        request._batch_roles = held_roles(request.user, BATCH_ROLES)
    return request._batch_roles


class WorkApplication(Application):
    """Compiled submissions, council meetings, award decisions and letters to the province: several
    dossiers at once."""

    app_name = "work"
    title = gettext_lazy("Submissions, meetings, decisions")
    icon = "library_books"
    permission = staticmethod(may_work)
    menu_template_name = "approvals/records/menu.html"

    def get_context_data(self, request):
        held = roles_of(request)
        return {
            "may_forward": Role.LABOUR_REVIEWER in held,
            "may_record_meeting": Role.HOME_AFFAIRS_SECRETARY in held,
            "may_decide": Role.TOWN_CHAIRMAN in held,
            "may_send_to_province": Role.PROVINCIAL_LIAISON in held,
        }

    index_path = path("", WorkIndexView.as_view(), name="index")
    submission_create_path = path("submissions/new/", SubmissionCreateView.as_view(), name="submission_create")
    submission_detail_path = path("submissions/<int:pk>/", SubmissionDetailView.as_view(), name="submission_detail")
    meeting_create_path = path("meetings/new/", MeetingCreateView.as_view(), name="meeting_create")
    meeting_detail_path = path("meetings/<int:pk>/", MeetingDetailView.as_view(), name="meeting_detail")
    meeting_minutes_path = path("meetings/<int:pk>/minutes/", MeetingMinutesView.as_view(), name="meeting_minutes")
    decision_create_path = path("decisions/new/", DecisionCreateView.as_view(), name="decision_create")
    decision_detail_path = path("decisions/<int:pk>/", DecisionDetailView.as_view(), name="decision_detail")
    letter_create_path = path("letters/new/", LetterCreateView.as_view(), name="letter_create")
    letter_detail_path = path("letters/<int:pk>/", LetterDetailView.as_view(), name="letter_detail")
