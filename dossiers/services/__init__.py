"""Every change to a dossier: one function each, one transaction each, one audit event each.

Every public name is importable from ``dossiers.services``:

- ``transitions``: ``transition_dossier``, the building block of every transition, and one service
  per transition (``dossier_submit``, ``dossier_start_review``…), with their refusals
  (``require_role``, ``wrong_state``) and labels;
- ``appraisal``: the end of the labour office's appraisal (return, reject, forward to the council,
  judge ready for a compiled submission) with the reviewer's ``Judgement`` of the award standard;
- ``drafts``: a new dossier (``dossier_create``), its edits (``dossier_update``), the check of the
  award form chosen (``award_form_choice_check``) and the fields they take;
- ``documents``: a dossier's files (``document_add``) and the checks of an upload;
- ``common``: what they share (``dossier_lock``, ``state_label``, the audit event).
"""

from .appraisal import (
    Judgement,
    dossier_forward_to_council,
    dossier_judge_ready,
    dossier_reject,
    dossier_return_for_supplement,
)
from .common import EDITABLE_STATES, dossier_lock, state_label
from .documents import FILE_SIGNATURES, document_add, upload_check, upload_sha256
from .drafts import (
    EDITABLE_FIELDS,
    EVIDENCE_FIELDS,
    NOMINEE_FIELDS,
    award_form_choice_check,
    dossier_create,
    dossier_update,
)
from .transitions import (
    dossier_hand_back,
    dossier_reassign,
    dossier_release,
    dossier_resubmit,
    dossier_start_review,
    dossier_submit,
    dossier_withdraw,
    require_role,
    transition_dossier,
    transition_label,
    transition_role,
    wrong_state,
)

__all__ = [
    "EDITABLE_FIELDS",
    "EDITABLE_STATES",
    "EVIDENCE_FIELDS",
    "FILE_SIGNATURES",
    "NOMINEE_FIELDS",
    "Judgement",
    "award_form_choice_check",
    "document_add",
    "dossier_create",
    "dossier_forward_to_council",
    "dossier_hand_back",
    "dossier_judge_ready",
    "dossier_lock",
    "dossier_reassign",
    "dossier_reject",
    "dossier_release",
    "dossier_resubmit",
    "dossier_return_for_supplement",
    "dossier_start_review",
    "dossier_submit",
    "dossier_update",
    "dossier_withdraw",
    "require_role",
    "state_label",
    "transition_dossier",
    "transition_label",
    "transition_role",
    "upload_check",
    "upload_sha256",
    "wrong_state",
]
