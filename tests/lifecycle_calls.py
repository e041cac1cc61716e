"""The calls of the lifecycle's state machine (``tests/test_lifecycle_properties.py``): each
action's service call by its user, the checks around every call (what it changed, or nothing if
refused) and, after every step, that no list shows a unit's dossiers to another unit's users."""

from __future__ import annotations

from hypothesis import event

from approvals import services as approval_services
from approvals.models import CouncilVote
from audit.models import AuditEvent, AuditStream
from dossiers import services as dossier_services
from dossiers.models import Dossier, Status
from dossiers.selectors import dossier_list, with_rules
from roles.models import User
from tests.factories import Town, chair_and_minutes, pdf
from tests.lifecycle_world import ACTIONS, COMMENT_REQUIRED, COUNTED, DOSSIERS, EDGES, TOWNS, USERNAMES
from workflow_project.errors import Conflict, ServiceError


class LifecycleCalls:
    """The state machine's calls and checks, mixed into ``LifecycleMachine``, which sets what they
    read: ``world``, ``users``, ``today``, ``last_snapshot``, ``lists_checked_at`` and ``checks``."""

    def act(self, action: str, index: int, who: str | None, data) -> None:
        extras = {name: data.draw(strategy, label=name) for name, strategy in ACTIONS[action][1].items()}
        getattr(self, f"do_{action}")(index, who, **extras)

    # Looking things up

    def in_states(self, states) -> list[int]:
        """The dossiers (indices) now in one of ``states``."""
        status = {row["id"]: row["status"] for row in self.last_snapshot["dossiers"]}
        return [i for i, pk in enumerate(self.world.dossier_ids) if status[pk] in states]

    def pk(self, index: int) -> int:
        return self.world.dossier_ids[index]

    def dossier(self, index: int) -> Dossier:
        return with_rules(Dossier.objects.all()).get(pk=self.pk(index))

    def town_of(self, index: int) -> Town:
        return self.world.towns[DOSSIERS[index][0]]

    def submitter_of(self, index: int) -> User:
        town = self.town_of(index)
        return town.submitter if DOSSIERS[index][1] == "commune" else town.ward_submitter

    def claimant_or_reviewer(self, index: int) -> User:
        return self.dossier(index).reviewer or self.town_of(index).reviewer

    def who(self, username: str | None, proper: User) -> tuple[User, bool]:
        """The acting user, and whether it is the one whose job the call is."""
        if username is None:
            return proper, True
        user = self.users[username]
        return user, user.pk == proper.pk

    # The checks around every call

    def snapshot(self) -> dict:
        """Every row a call may change, and the size of every table it may add to."""
        return {
            "dossiers": list(Dossier.objects.order_by("pk").values()),
            "votes": list(CouncilVote.objects.order_by("pk").values()),
            "heads": dict(AuditStream.objects.values_list("name", "last_seq")),
            **{model._meta.label: model.objects.count() for model in COUNTED},
        }

    def attempt(
        self,
        label: str,
        call,
        *,
        indices=(),
        transition: str | None = None,
        actions: dict[int, str] | None = None,
        must_succeed: bool = False,
        other_events: int = 0,
    ):
        """Make ``call``; check that it changed exactly what it should, or nothing if refused.

        ``transition`` names the FSM transition the call makes on each of ``indices``;
        ``actions`` gives instead the audit action expected on each of them (no state change).
        """
        # Nothing writes between two calls (refusals are checked to leave no trace), so the state
        # after the last call is the state before this one.
        before = self.last_snapshot
        rows_before = {row["id"]: row for row in before["dossiers"]}
        try:
            result = call()
        except ServiceError as refusal:
            event(f"{label}: refused ({type(refusal).__name__})")
            self.last_snapshot = self.snapshot()
            assert self.last_snapshot == before, f"a refused call ({refusal!r}) changed something"
            assert not must_succeed, f"{label} refused although the state machine allows it: {refusal!r}"
            if transition is not None and isinstance(refusal, Conflict) and len(indices) == 1:
                status = rows_before[self.pk(indices[0])]["status"]
                assert status not in EDGES[transition], (
                    f"{transition} refused as a conflict from {status}, which the state machine allows"
                )
            return None
        event(f"{label}: done")
        after = self.last_snapshot = self.snapshot()
        rows_after = {row["id"]: row for row in after["dossiers"]}
        touched = {self.pk(i): i for i in indices}
        for pk, row in rows_before.items():
            if pk not in touched:
                assert rows_after[pk] == row, f"dossier {pk} changed although {label} was not about it"
        for pk, index in touched.items():
            old, new = rows_before[pk]["status"], rows_after[pk]["status"]
            stream = f"dossiers.dossier:{pk}"
            new_events = list(AuditEvent.objects.filter(stream=stream, seq__gt=before["heads"].get(stream, 0)))
            assert len(new_events) == 1, f"{label} wrote {len(new_events)} events on dossier {pk}, not one"
            [written] = new_events
            if transition is not None:
                assert new in EDGES[transition].get(old, set()), f"{transition} moved {old} -> {new}"
                assert written.action == f"dossier.{transition}"
                assert (written.before, written.after["status"]) == ({"status": old}, new)
            else:
                assert new == old, f"{label} changed the state"
                assert written.action == actions[index]
        expected = before["audit.AuditEvent"] + len(touched) + other_events
        assert after["audit.AuditEvent"] == expected, f"{label} wrote events beyond one per dossier"
        return result

    def transition(self, index, name, call, *, proper, comment="", condition=True):
        """A single-dossier transition; it must succeed when the user, state and input are right."""
        status = self.dossier(index).status
        needs_comment = name in COMMENT_REQUIRED
        must = proper and status in EDGES[name] and condition and (not needs_comment or comment.strip())
        return self.attempt(name, call, indices=[index], transition=name, must_succeed=bool(must))

    # The calls: the submitter

    def do_submit(self, index, who):
        actor, proper = self.who(who, self.submitter_of(index))
        complete = not self.dossier(index).missing_documents()
        self.transition(
            index,
            "submit",
            lambda: dossier_services.dossier_submit(dossier_id=self.pk(index), actor=actor),
            proper=proper,
            condition=complete,
        )

    def do_resubmit(self, index, who):
        actor, proper = self.who(who, self.submitter_of(index))
        complete = not self.dossier(index).missing_documents()
        self.transition(
            index,
            "resubmit",
            lambda: dossier_services.dossier_resubmit(dossier_id=self.pk(index), actor=actor),
            proper=proper,
            condition=complete,
        )

    def do_withdraw(self, index, who, comment):
        actor, proper = self.who(who, self.submitter_of(index))
        self.transition(
            index,
            "withdraw",
            lambda: dossier_services.dossier_withdraw(dossier_id=self.pk(index), actor=actor, comment=comment),
            proper=proper,
            comment=comment,
        )

    def do_add_document(self, index, who, kind):
        actor, proper = self.who(who, self.submitter_of(index))
        dossier = self.dossier(index)
        replaces = any(doc.kind == kind for doc in dossier.current_documents())
        self.attempt(
            "add_document",
            lambda: dossier_services.document_add(dossier_id=self.pk(index), actor=actor, kind=kind, upload=pdf()),
            indices=[index],
            actions={index: "document.replaced" if replaces else "document.added"},
            must_succeed=proper and dossier.status in {Status.DRAFT, Status.RETURNED},
        )

    # The labour reviewer

    def do_start_review(self, index, who, second):
        town = self.town_of(index)
        actor, proper = self.who(who, town.reviewer_2 if second else town.reviewer)
        dossier = self.transition(
            index,
            "start_review",
            lambda: dossier_services.dossier_start_review(dossier_id=self.pk(index), actor=actor),
            proper=proper,
        )
        if dossier is not None:
            assert Dossier.objects.get(pk=dossier.pk).reviewer_id == actor.pk

    def do_release(self, index, who):
        actor, proper = self.who(who, self.claimant_or_reviewer(index))
        dossier = self.transition(
            index,
            "release",
            lambda: dossier_services.dossier_release(dossier_id=self.pk(index), actor=actor),
            proper=proper,
        )
        if dossier is not None:
            assert Dossier.objects.get(pk=dossier.pk).reviewer_id is None

    def do_return_for_supplement(self, index, who, comment):
        actor, proper = self.who(who, self.claimant_or_reviewer(index))
        count = Dossier.objects.get(pk=self.pk(index)).return_count
        dossier = self.transition(
            index,
            "return_for_supplement",
            lambda: dossier_services.dossier_return_for_supplement(
                dossier_id=self.pk(index), actor=actor, comment=comment
            ),
            proper=proper,
            comment=comment,
        )
        if dossier is not None:
            assert Dossier.objects.get(pk=dossier.pk).return_count == count + 1

    def do_reject(self, index, who, comment):
        actor, proper = self.who(who, self.claimant_or_reviewer(index))
        self.transition(
            index,
            "reject",
            lambda: dossier_services.dossier_reject(dossier_id=self.pk(index), actor=actor, comment=comment),
            proper=proper,
            comment=comment,
        )

    def do_forward_to_council(self, index, who):
        actor, proper = self.who(who, self.claimant_or_reviewer(index))
        complete = not self.dossier(index).missing_documents()
        self.transition(
            index,
            "forward_to_council",
            lambda: dossier_services.dossier_forward_to_council(dossier_id=self.pk(index), actor=actor),
            proper=proper,
            condition=complete,
        )

    # The council's secretary

    def do_council_vote(self, index, who, present, passing):
        town = self.town_of(index)
        actor, proper = self.who(who, town.secretary)
        attendees = [user.pk for user in town.council_members[:present]]
        meeting = self.attempt(
            "council_meeting",
            lambda: approval_services.council_meeting_create(
                actor=actor,
                council_id=town.council.pk,
                held_on=self.today,
                attendee_ids=attendees,
                **chair_and_minutes(),
            ),
            other_events=1,
            must_succeed=proper,
        )
        if meeting is None:
            return
        votes_for = present if passing else 1
        self.attempt(
            "council_vote",
            lambda: approval_services.council_vote_record(
                actor=actor,
                meeting_id=meeting.pk,
                dossier_id=self.pk(index),
                votes_for=votes_for,
                votes_against=present - votes_for,
            ),
            indices=[index],
            actions={index: "council.vote_recorded"},
            must_succeed=self.dossier(index).status == Status.AT_COUNCIL,
        )

    def do_recommend_town_award(self, index, who):
        actor, proper = self.who(who, self.town_of(index).secretary)
        self.transition(
            index,
            "recommend_town_award",
            lambda: approval_services.dossier_recommend_town_award(dossier_id=self.pk(index), actor=actor),
            proper=proper,
            condition=False,  # the council's vote decides
        )

    def do_recommend_provincial_award(self, index, who):
        actor, proper = self.who(who, self.town_of(index).secretary)
        self.transition(
            index,
            "recommend_provincial_award",
            lambda: approval_services.dossier_recommend_provincial_award(dossier_id=self.pk(index), actor=actor),
            proper=proper,
            condition=False,
        )

    def do_not_recommend(self, index, who, comment):
        actor, proper = self.who(who, self.town_of(index).secretary)
        self.transition(
            index,
            "not_recommend",
            lambda: approval_services.dossier_not_recommend(dossier_id=self.pk(index), actor=actor, comment=comment),
            proper=proper,
            comment=comment,
            condition=False,
        )

    # The chairman

    def do_decision_sign(self, index, who, number, also):
        actor, _ = self.who(who, self.town_of(index).chairman)
        indices = sorted({index} | ({also} if also is not None else set()))
        ids = [self.pk(i) for i in indices]
        self.attempt(
            "decision_sign",
            lambda: approval_services.decision_sign(actor=actor, number=number, signed_on=self.today, dossier_ids=ids),
            indices=indices,
            transition="approve",
        )

    def do_send_back(self, index, who, comment):
        actor, proper = self.who(who, self.town_of(index).chairman)
        round_ = Dossier.objects.get(pk=self.pk(index)).council_round
        dossier = self.transition(
            index,
            "send_back",
            lambda: approval_services.dossier_send_back(dossier_id=self.pk(index), actor=actor, comment=comment),
            proper=proper,
            comment=comment,
        )
        if dossier is not None:
            assert Dossier.objects.get(pk=dossier.pk).council_round == round_ + 1

    # The provincial liaison

    def do_provincial_submission(self, index, who, number, also):
        actor, _ = self.who(who, self.town_of(index).liaison)
        indices = sorted({index} | ({also} if also is not None else set()))
        ids = [self.pk(i) for i in indices]
        self.attempt(
            "provincial_submission",
            lambda: approval_services.provincial_submission_create(
                actor=actor, number=number, sent_on=self.today, dossier_ids=ids
            ),
            indices=indices,
            actions=dict.fromkeys(indices, "province.submitted"),
        )

    def do_provincial_result_record(self, index, who, approved, comment):
        actor, proper = self.who(who, self.town_of(index).liaison)
        sent = self.dossier(index).provincial_submissions.exists()
        self.transition(
            index,
            "record_provincial_result",
            lambda: approval_services.provincial_result_record(
                actor=actor,
                dossier_id=self.pk(index),
                approved=approved,
                decision_number="9/QĐ-UBND",
                decided_on=self.today,
                comment=comment,
            ),
            proper=proper,
            condition=sent and (approved or bool(comment.strip())),
        )

    # After every step

    def check_no_list_leaks_across_units(self):
        # The lists are a function of the database: after a refused call (checked to change
        # nothing) they are the lists checked the last time.
        state = self.last_snapshot
        if state == self.lists_checked_at:
            return
        self.lists_checked_at = state
        self.checks += 1
        own = [{pk for i, pk in enumerate(self.world.dossier_ids) if DOSSIERS[i][0] == t} for t in range(len(TOWNS))]
        units = {row["id"]: row["unit_id"] for row in state["dossiers"]}
        for index, town in enumerate(self.world.towns):
            other = self.world.towns[1 - index]
            for submitter, unit in ((town.submitter, town.commune), (town.ward_submitter, town.ward)):
                expected = {pk for pk in own[index] if units[pk] == unit.pk}
                seen = set(dossier_list(user=submitter).values_list("pk", flat=True))
                assert seen == expected, f"{submitter.username} sees {seen}, expected {expected}"
            # The other town's users, one each time in turn (every one of them within an example:
            # a list costs a few milliseconds). The auditors sit in the province and read every
            # town: they are checked below.
            strangers = [
                name for name in USERNAMES if name.startswith(f"{other.town.code}-") and not name.endswith("-auditor")
            ]
            username = strangers[self.checks % len(strangers)]
            leaked = set(dossier_list(user=self.users[username]).values_list("pk", flat=True)) & own[index]
            assert not leaked, f"{username} of {other.town.code} sees {leaked} of {town.town.code}"
        # And, in turn, what a town's reviewer, an auditor and an administrator see.
        index = self.checks % len(TOWNS)
        town = self.world.towns[index]
        check = [
            lambda: set(dossier_list(user=town.reviewer).values_list("pk", flat=True)) == own[index],
            lambda: set(dossier_list(user=town.auditor).values_list("pk", flat=True)) >= set(self.world.dossier_ids),
            lambda: not dossier_list(user=town.administrator).exists(),
        ][self.checks % 3]
        assert check(), f"{['reviewer', 'auditor', 'administrator'][self.checks % 3]} of {town.town.code}"
