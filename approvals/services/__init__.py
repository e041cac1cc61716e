"""The flow's services: the council (``council``) and the records that carry dossiers on
(``records``). Every name is importable from here, as from a single module."""

from .council import (
    CHAIR_REQUIRED,
    MINUTES_EXTENSIONS,
    MINUTES_REQUIRED,
    OUTCOME_SERVICES,
    Ballot,
    council_meeting_create,
    council_meeting_record,
    council_vote_record,
    dossier_not_recommend,
    dossier_recommend_provincial_award,
    dossier_recommend_town_award,
    percent,
)
from .records import (
    about_dossier,
    compiled_submission_create,
    decision_sign,
    dossier_send_back,
    provincial_result_record,
    provincial_submission_create,
)

__all__ = [
    "CHAIR_REQUIRED",
    "MINUTES_EXTENSIONS",
    "MINUTES_REQUIRED",
    "OUTCOME_SERVICES",
    "Ballot",
    "about_dossier",
    "compiled_submission_create",
    "council_meeting_create",
    "council_meeting_record",
    "council_vote_record",
    "decision_sign",
    "dossier_not_recommend",
    "dossier_recommend_provincial_award",
    "dossier_recommend_town_award",
    "dossier_send_back",
    "percent",
    "provincial_result_record",
    "provincial_submission_create",
]
