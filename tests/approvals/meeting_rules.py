"""The council's meeting screen as its secretary fills it: a meeting on dossiers of secret and open
ballots, and the award-form rules each row states."""

from approvals.models import CouncilMeeting
from dossiers.models import AwardForm
from tests.approvals.batch_screens import DATE
from tests.approvals.routed import task_of
from tests.factories import chair_and_minutes


def open_ballot(dossier, **rules):
    """Turn the dossier's award form to an open ballot (and any other council rule given)."""
    AwardForm.objects.filter(pk=dossier.award_form_id).update(secret_ballot=False, **rules)
    return dossier


def secret_row(index, dossier, votes_for, against, abstentions, outcome, comment=""):
    return {
        f"ballots-{index}-task": task_of(dossier).pk,
        f"ballots-{index}-include": "on",
        f"ballots-{index}-votes_for": votes_for,
        f"ballots-{index}-votes_against": against,
        f"ballots-{index}-abstentions": abstentions,
        f"ballots-{index}-outcome": outcome,
        f"ballots-{index}-comment": comment,
    }


def open_row(index, dossier, choices, outcome, comment=""):
    """``choices`` maps each member present to "for", "against" or "abstain"."""
    return {
        f"ballots-{index}-task": task_of(dossier).pk,
        f"ballots-{index}-include": "on",
        f"ballots-{index}-outcome": outcome,
        f"ballots-{index}-comment": comment,
        **{f"ballots-{index}-member_{member.pk}": choice for member, choice in choices.items()},
    }


def meeting(present, *rows):
    """The meeting form's data: the members ``present`` and the ballot rows built above."""
    data = {
        "held_on": DATE(),
        "attendees": [member.pk for member in present],
        **chair_and_minutes(),
        "ballots-TOTAL_FORMS": len(rows),
        "ballots-INITIAL_FORMS": len(rows),
    }
    for row in rows:
        data.update(row)
    return data


def the_meeting():
    return CouncilMeeting.objects.get()
