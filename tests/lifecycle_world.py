"""The world of the lifecycle's state machine (``tests/test_lifecycle_properties.py``): the users
and dossiers of its two towns, the strategies of every action, django-fsm's transition table, and
the rules that direct each action at the dossiers and users it suits."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import rule

from approvals.models import CouncilMeeting, Decision, ProvincialResult, ProvincialSubmission
from audit.models import AuditEvent
from dossiers import services as dossier_services
from dossiers.models import Document, DocumentKind, Dossier, Nominee, Status
from roles.models import Membership, UnitUserObjectPermission
from tests.factories import Town, bring_to, campaign, draft, pdf, vote

TOWNS = ("sa-pa", "bat-xat")
USER_SUFFIXES = (
    "submitter",
    "ward-submitter",
    "reviewer",
    "reviewer-2",
    "secretary",
    "council-1",
    "council-5",
    "chairman",
    "liaison",
    "auditor",
    "admin",
)
USERNAMES = tuple(f"{town}-{suffix}" for town in TOWNS for suffix in USER_SUFFIXES)

# (town, unit, award form, state to start from, council vote held, documents left out): town and
# provincial awards, commune and ward, every stage of the process, and one draft that cannot be
# submitted until someone adds its council minutes.
DOSSIERS = (
    (0, "commune", "giay-khen", Status.DRAFT, None, ()),
    (0, "ward", "giay-khen", Status.AT_COUNCIL, "passed", ()),
    (0, "commune", "bang-khen", Status.UNDER_REVIEW, None, ()),
    (0, "ward", "bang-khen", Status.ESCALATED, None, ()),
    (1, "commune", "bang-khen", Status.AT_COUNCIL, "passed", ()),
    (1, "ward", "giay-khen", Status.AWAITING_DECISION, None, ()),
    (1, "ward", "bang-khen", Status.AT_COUNCIL, "failed", ()),
    (1, "commune", "giay-khen", Status.DRAFT, None, (DocumentKind.COUNCIL_MINUTES,)),
)
INDEX = st.integers(min_value=0, max_value=len(DOSSIERS) - 1)
# True about one time in four; False, the simplest value, is what a shrunk example keeps.
RARELY = st.tuples(st.booleans(), st.booleans()).map(all)
COMMENT = st.sampled_from(["", "  ", "Hồ sơ chưa đạt, đề nghị xem lại"])

# Each action: the states it leaves (where it is mostly tried), and what else it takes ("also": a
# second dossier for the actions that take several).
ACTIONS = {
    "submit": ([Status.DRAFT], {}),
    "resubmit": ([Status.RETURNED], {}),
    "withdraw": ([Status.DRAFT, Status.SUBMITTED, Status.RETURNED], {"comment": COMMENT}),
    "add_document": (
        [Status.RETURNED],
        {"kind": st.sampled_from([DocumentKind.COUNCIL_MINUTES, DocumentKind.OTHER])},
    ),
    "start_review": ([Status.SUBMITTED], {"second": st.booleans()}),
    "release": ([Status.UNDER_REVIEW], {}),
    "return_for_supplement": ([Status.UNDER_REVIEW], {"comment": COMMENT}),
    "reject": ([Status.UNDER_REVIEW], {"comment": COMMENT}),
    "forward_to_council": ([Status.UNDER_REVIEW], {}),
    "council_vote": ([Status.AT_COUNCIL], {"present": st.sampled_from([5, 4, 2]), "passing": st.booleans()}),
    "recommend_town_award": ([Status.AT_COUNCIL], {}),
    "recommend_provincial_award": ([Status.AT_COUNCIL], {}),
    "not_recommend": ([Status.AT_COUNCIL], {"comment": COMMENT}),
    "decision_sign": (
        [Status.AWAITING_DECISION],
        {
            "number": st.sampled_from(["1/QĐ-UBND", "2/QĐ-UBND", "1/2020/QĐ-UBND", "QĐ số một"]),
            "also": st.one_of(st.none(), INDEX),
        },
    ),
    "send_back": ([Status.AWAITING_DECISION], {"comment": COMMENT}),
    "provincial_submission": (
        [Status.ESCALATED],
        {"number": st.sampled_from(["5/TTr-UBND", "6/TTr-UBND"]), "also": st.one_of(st.none(), INDEX)},
    ),
    "provincial_result_record": ([Status.ESCALATED], {"approved": st.booleans(), "comment": COMMENT}),
}


def fsm_edges() -> dict[str, dict[str, set[str]]]:
    """transition name -> source state -> the states it may lead to, from django-fsm's table."""
    edges: dict[str, dict[str, set[str]]] = {}
    for transition in Dossier._meta.get_field("status").get_all_transitions(Dossier):
        targets = getattr(transition.target, "allowed_states", None) or [transition.target]
        edges.setdefault(transition.name, {})[transition.source] = set(targets)
    return edges


EDGES = fsm_edges()
COUNTED = (
    AuditEvent,
    Nominee,
    Document,
    CouncilMeeting,
    Decision,
    ProvincialSubmission,
    ProvincialResult,
    Membership,
    UnitUserObjectPermission,
)
COMMENT_REQUIRED = {
    t.name for t in Dossier._meta.get_field("status").get_all_transitions(Dossier) if t.custom.get("comment_required")
}


class World:
    """Two towns of one province, a campaign each, and the dossiers of ``DOSSIERS``."""

    def __init__(self):
        first = Town(TOWNS[0])
        self.towns = [first, Town(TOWNS[1], province=first.province)]
        self.campaigns = [campaign(town) for town in self.towns]
        self.dossier_ids = []
        for town_index, unit_name, form_code, status, council_vote, left_out in DOSSIERS:
            town = self.towns[town_index]
            unit = getattr(town, unit_name)
            if not left_out:
                dossier = bring_to(status, town, self.campaigns[town_index], form_code=form_code, unit=unit)
                if council_vote is not None:
                    vote(town, dossier, votes_for=5 if council_vote == "passed" else 1)
            else:
                dossier = draft(town, self.campaigns[town_index], form_code=form_code, unit=unit, documents=False)
                submitter = town.submitter if unit == town.commune else town.ward_submitter
                for kind in {DocumentKind.PROPOSAL_LETTER, DocumentKind.ACHIEVEMENT_REPORT} - set(left_out):
                    dossier_services.document_add(dossier_id=dossier.pk, actor=submitter, kind=kind, upload=pdf())
            self.dossier_ids.append(dossier.pk)


def directed(action: str):
    """The rule for ``action``: mostly on a dossier in a state the action leaves, if there is one,
    by the user whose job it is; otherwise on any dossier, or by any user of either town in any
    role, so that refusals keep being tried too."""
    sources, _ = ACTIONS[action]

    @rule(data=st.data())
    def directed_rule(self, data):
        suited = self.in_states(sources)
        if suited and not data.draw(RARELY, label="any dossier"):
            index = data.draw(st.sampled_from(suited), label="suited dossier")
        else:
            index = data.draw(INDEX, label="dossier")
        who = None
        if data.draw(RARELY, label="anyone"):
            who = data.draw(st.sampled_from(USERNAMES), label="user")
        self.act(action, index, who, data)

    directed_rule.__name__ = action
    return directed_rule
