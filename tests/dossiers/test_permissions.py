"""Who may make each transition, generated from the state machine and the roles.

Every transition of ``Dossier`` (one cell per source state) is tried by a holder of every role,
over the dossier's own unit and over another: the other town's holder of the role, and for the
commune submitter also the ward of the same town. DOMAIN.md says who may: the role the transition
names, held over the dossier's unit; the claimed-dossier transitions only by the reviewer who
claimed it. Anyone else who can read the dossier is Forbidden; anyone who cannot (another unit;
the administrator, who manages the system but reads no dossier) gets NotFound, so that the
dossier's existence does not leak. A refusal changes neither the dossier nor the audit trail.
"""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from approvals import services as approval_services
from dossiers import services as dossier_services
from dossiers.models import Dossier, Status, claimant, claimant_or_orphaned, head_of_reviewing_office
from roles.models import Role
from tests.factories import Town, bring_to, campaign, dossier_events, nothing_changes, vote
from workflow_project.errors import Forbidden, NotFound

TRANSITIONS = sorted(
    Dossier._meta.get_field("status").get_all_transitions(Dossier), key=lambda t: (t.name, str(t.source))
)

COMMENT = "Lý do"
SERVICES = {
    "submit": lambda pk, actor: dossier_services.dossier_submit(dossier_id=pk, actor=actor),
    "resubmit": lambda pk, actor: dossier_services.dossier_resubmit(dossier_id=pk, actor=actor),
    "withdraw": lambda pk, actor: dossier_services.dossier_withdraw(dossier_id=pk, actor=actor, comment=COMMENT),
    "start_review": lambda pk, actor: dossier_services.dossier_start_review(dossier_id=pk, actor=actor),
    "release": lambda pk, actor: dossier_services.dossier_release(dossier_id=pk, actor=actor),
    "reassign": lambda pk, actor: dossier_services.dossier_reassign(dossier_id=pk, actor=actor),
    "return_for_supplement": lambda pk, actor: dossier_services.dossier_return_for_supplement(
        dossier_id=pk, actor=actor, comment=COMMENT
    ),
    "reject": lambda pk, actor: dossier_services.dossier_reject(dossier_id=pk, actor=actor, comment=COMMENT),
    "forward_to_council": lambda pk, actor: dossier_services.dossier_forward_to_council(dossier_id=pk, actor=actor),
    "judge_ready": lambda pk, actor: dossier_services.dossier_judge_ready(dossier_id=pk, actor=actor),
    "recommend_town_award": lambda pk, actor: approval_services.dossier_recommend_town_award(
        dossier_id=pk, actor=actor
    ),
    "recommend_provincial_award": lambda pk, actor: approval_services.dossier_recommend_provincial_award(
        dossier_id=pk, actor=actor
    ),
    "not_recommend": lambda pk, actor: approval_services.dossier_not_recommend(
        dossier_id=pk, actor=actor, comment=COMMENT
    ),
    "approve": lambda pk, actor: approval_services.decision_sign(
        actor=actor, number="123/QĐ-UBND", signed_on=timezone.localdate(), dossier_ids=[pk], comment=COMMENT
    ),
    "send_back": lambda pk, actor: approval_services.dossier_send_back(dossier_id=pk, actor=actor, comment=COMMENT),
    "record_provincial_result": lambda pk, actor: approval_services.provincial_result_record(
        actor=actor, dossier_id=pk, approved=True, decision_number="45/QĐ-UBND", decided_on=timezone.localdate()
    ),
}
# What a transition's target is when it depends on the call (the province approves above).
TARGETS = {"record_provincial_result": Status.PROVINCE_APPROVED}
COMMENTED = {"withdraw", "return_for_supplement", "reject", "not_recommend", "approve", "send_back"}
# The unit each role acts through, as the audit trail names it (tests.factories.Town).
ACTING_UNIT = {
    Role.COMMUNE_SUBMITTER: "sa-pa-xa-a",
    Role.LABOUR_REVIEWER: "sa-pa-ldtbxh",
    Role.HOME_AFFAIRS_SECRETARY: "sa-pa-noi-vu",
    Role.TOWN_CHAIRMAN: "sa-pa",
    Role.PROVINCIAL_LIAISON: "sa-pa",
    Role.HEAD_OF_OFFICE: "sa-pa-ldtbxh",
}


@dataclass(frozen=True)
class Actor:
    """A holder of ``role``, described by where the role is held relative to the dossier's unit."""

    role: Role
    # "own": held over the dossier's unit (for the reviewer: the one who claimed the dossier);
    # "own-second-reviewer": another reviewer of the same town; "ward-same-town": the submitter of
    # the other unit of the same town; "other-office": for the head of office, the head of the
    # town's home-affairs office, which does not review; "other-town": the same role in Bát Xát.
    where: str

    @property
    def id(self) -> str:
        return f"{self.role.value}@{self.where}"

    def user(self, world):
        town = world.other if self.where == "other-town" else world.town
        if self.where == "ward-same-town":
            return town.ward_submitter
        if self.where == "own-second-reviewer":
            return town.reviewer_2
        if self.where == "other-office":
            return town.home_affairs_head
        return town.user_for(self.role)

    @property
    def reaches_unit(self) -> bool:
        """Whether the role, where it is held, reaches the dossier's commune (DOMAIN.md: Roles)."""
        if self.role == Role.AUDITOR:
            return True  # held in the province: reads everything
        return self.where in {"own", "own-second-reviewer", "other-office"}

    @property
    def claimed_the_dossier(self) -> bool:
        # The dossiers under review were claimed by the town's first reviewer (factories.bring_to).
        return self.role == Role.LABOUR_REVIEWER and self.where == "own"


ACTORS = [Actor(role, where) for role in Role for where in ("own", "other-town")]
ACTORS += [Actor(Role.COMMUNE_SUBMITTER, "ward-same-town"), Actor(Role.LABOUR_REVIEWER, "own-second-reviewer")]
ACTORS += [Actor(Role.HEAD_OF_OFFICE, "other-office")]


def expected(transition, actor: Actor):
    """None for success, else the class of the refusal DOMAIN.md calls for."""
    if actor.role == Role.ADMINISTRATOR or not actor.reaches_unit:
        return NotFound
    if actor.role != transition.permission.role:
        return Forbidden
    if transition.permission in (claimant, claimant_or_orphaned) and not actor.claimed_the_dossier:
        return Forbidden
    if transition.permission is head_of_reviewing_office and actor.where == "other-office":
        return Forbidden
    return None


@dataclass
class World:
    town: Town
    other: Town
    dossiers: dict


def setup_for(transition) -> tuple[str, str]:
    """The source state and what else the transition's conditions need. Every test rolls back,
    so transitions that need the same setup share one dossier."""
    needs = {
        "recommend_town_award": "passing vote",
        "recommend_provincial_award": "provincial award, passing vote",
        "not_recommend": "failing vote",
        "record_provincial_result": "sent to the province",
    }
    return transition.source, needs.get(transition.name, "")


def prepared(source, needs, town, the_campaign) -> Dossier:
    """A dossier of ``town``'s commune in ``source`` state, with what ``needs`` says."""
    form_code = "bang-khen" if "provincial award" in needs else None
    dossier = bring_to(Status(source), town, the_campaign, **({"form_code": form_code} if form_code else {}))
    if "passing vote" in needs:
        vote(town, dossier)  # every member present and in favour
    elif needs == "failing vote":
        vote(town, dossier, votes_for=1)  # quorum, but 1 of 5 in favour
    elif needs == "sent to the province":
        approval_services.provincial_submission_create(
            actor=town.liaison, number="9/TTr-UBND", sent_on=timezone.localdate(), dossier_ids=[dossier.pk]
        )
    return dossier


@pytest.fixture(scope="module")
def world(towns):
    town, other = towns
    the_campaign = campaign(town)
    setups = {setup_for(t) for t in TRANSITIONS}
    return World(town, other, {setup: prepared(*setup, town, the_campaign) for setup in sorted(setups)})


# DOMAIN.md, "Roles": who makes each move. The matrix below reads the roles from the state
# machine; this table holds the state machine to the domain.
DOMAIN_ROLES = {
    "submit": Role.COMMUNE_SUBMITTER,
    "resubmit": Role.COMMUNE_SUBMITTER,
    "withdraw": Role.COMMUNE_SUBMITTER,
    "start_review": Role.LABOUR_REVIEWER,
    "release": Role.LABOUR_REVIEWER,
    "reassign": Role.HEAD_OF_OFFICE,
    "return_for_supplement": Role.LABOUR_REVIEWER,
    "reject": Role.LABOUR_REVIEWER,
    "forward_to_council": Role.LABOUR_REVIEWER,
    "judge_ready": Role.LABOUR_REVIEWER,
    "recommend_town_award": Role.HOME_AFFAIRS_SECRETARY,
    "recommend_provincial_award": Role.HOME_AFFAIRS_SECRETARY,
    "not_recommend": Role.HOME_AFFAIRS_SECRETARY,
    "approve": Role.TOWN_CHAIRMAN,
    "send_back": Role.TOWN_CHAIRMAN,
    "record_provincial_result": Role.PROVINCIAL_LIAISON,
}
CLAIMED = {"release", "return_for_supplement", "reject", "forward_to_council", "judge_ready"}


def test_each_transition_is_made_by_the_role_the_domain_gives_it():
    assert {t.name: t.permission.role for t in TRANSITIONS} == DOMAIN_ROLES
    assert {t.name for t in TRANSITIONS if t.permission in (claimant, claimant_or_orphaned)} == CLAIMED


def test_every_transition_has_a_service_in_the_matrix():
    assert {t.name for t in TRANSITIONS} == set(SERVICES)
    assert all(t.permission.role in Role for t in TRANSITIONS)


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: f"{t.name}-from-{t.source}")
def test_only_the_holder_the_transition_names_may_make_it(db, world, transition, actor):
    dossier = Dossier.objects.get(pk=world.dossiers[setup_for(transition)].pk)
    user = actor.user(world)
    outcome = expected(transition, actor)
    call = SERVICES[transition.name]

    if outcome is not None:
        with nothing_changes(), pytest.raises(outcome) as refusal:
            call(dossier.pk, user)
        if outcome is NotFound:
            assert str(refusal.value) == "No such dossier."
        elif actor.where == "other-office" and actor.role == transition.permission.role:
            assert str(refusal.value) == (
                "Only the head of the office that reviews this dossier may put it back for another reviewer."
            )
        elif actor.role == transition.permission.role:  # a reviewer, but not the one who claimed it
            assert str(refusal.value) == "This dossier is being reviewed by sa-pa-reviewer; only they can act on it."
        else:
            assert (
                str(refusal.value) == f"Only a {transition.permission.role.label} of this dossier's unit may do this."
            )
        return

    events = len(dossier_events(dossier))
    call(dossier.pk, user)
    dossier.refresh_from_db()
    assert dossier.status == TARGETS.get(transition.name, transition.target)
    new_events = dossier_events(dossier)[events:]
    if transition.name == "judge_ready":  # the reviewer's judgement is recorded first, always
        evaluated, *new_events = new_events
        assert (evaluated.action, evaluated.actor) == ("dossier.criteria_evaluated", user)
    assert [(e.action, e.actor, e.role, e.unit, e.before, e.after["status"], e.comment) for e in new_events] == [
        (
            f"dossier.{transition.name}",
            user,
            actor.role.value,
            ACTING_UNIT[actor.role],
            {"status": transition.source},
            dossier.status,
            COMMENT if transition.name in COMMENTED else "",
        )
    ]


def test_a_user_without_the_role_is_forbidden_whatever_the_state(town, the_campaign):
    dossier = bring_to(Status.APPROVED, town, the_campaign)

    with nothing_changes(), pytest.raises(Forbidden, match="Only a Labour reviewer"):
        dossier_services.dossier_start_review(dossier_id=dossier.pk, actor=town.secretary)


def test_the_head_of_the_home_affairs_office_cannot_take_a_review_back(town, the_campaign):
    dossier = bring_to(Status.UNDER_REVIEW, town, the_campaign)

    with nothing_changes(), pytest.raises(Forbidden, match="Only the head of the office that reviews"):
        dossier_services.dossier_reassign(dossier_id=dossier.pk, actor=town.home_affairs_head)


def test_the_head_of_the_labour_office_takes_a_review_back(town, the_campaign):
    dossier = bring_to(Status.UNDER_REVIEW, town, the_campaign)

    dossier_services.dossier_reassign(dossier_id=dossier.pk, actor=town.labour_head)

    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED and dossier.reviewer is None
