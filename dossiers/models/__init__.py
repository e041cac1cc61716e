"""What a dossier is, module by module; every public name is importable from ``dossiers.models``.

- ``nominees``: who is proposed (``Nominee``, ``NomineeKind``);
- ``catalogue``: award forms and their council rules, the documents each requires, procedures;
- ``campaigns``: the emulation movements of a year, the award forms they offer, their deadlines;
- ``dossier``: the dossier, its states and its state machine, with the transitions' permissions
  and conditions;
- ``documents``: the dossier's files;
- ``bonuses``: the base salary and each award form's bonus coefficients, with dates;
- ``criteria``: award standards' criteria and the dossiers' recorded evaluations against them.
"""

from .bonuses import AwardBonus, BaseSalary
from .campaigns import Campaign, award_forms_valid_in_campaign_year
from .catalogue import (
    AWARDING_KINDS,
    PERCENT,
    PERCENT_MESSAGE,
    AwardForm,
    DocumentKind,
    Procedure,
    RequiredDocument,
    ThresholdBasis,
)
from .criteria import (
    AMOUNT_FIELDS,
    ATTESTATION_FIELDS,
    COUNT_FIELDS,
    EVIDENCE_CHOICES,
    LIST_FIELDS,
    RULE_FIELDS,
    THRESHOLD_RULES,
    TWO_FIELD_RULES,
    CriteriaEvaluation,
    Criterion,
    Result,
    Rule,
)
from .documents import Document, document_path
from .dossier import (
    FINAL_STATES,
    Dossier,
    Status,
    award_form_in_force,
    awarding_chairman,
    before_dossier_deadline,
    claimant,
    claimant_or_orphaned,
    condition,
    has_required_documents,
    head_of_reviewing_office,
    is_higher_award,
    is_local_award,
    may_be_returned_again,
    role_over_unit,
)
from .nominees import COLLECTIVE_KINDS, Nominee, NomineeKind

__all__ = [
    "AMOUNT_FIELDS",
    "ATTESTATION_FIELDS",
    "AWARDING_KINDS",
    "COLLECTIVE_KINDS",
    "COUNT_FIELDS",
    "EVIDENCE_CHOICES",
    "FINAL_STATES",
    "LIST_FIELDS",
    "PERCENT",
    "PERCENT_MESSAGE",
    "RULE_FIELDS",
    "THRESHOLD_RULES",
    "TWO_FIELD_RULES",
    "AwardBonus",
    "AwardForm",
    "BaseSalary",
    "Campaign",
    "CriteriaEvaluation",
    "Criterion",
    "Document",
    "DocumentKind",
    "Dossier",
    "Nominee",
    "NomineeKind",
    "Procedure",
    "RequiredDocument",
    "Result",
    "Rule",
    "Status",
    "ThresholdBasis",
    "award_form_in_force",
    "award_forms_valid_in_campaign_year",
    "awarding_chairman",
    "before_dossier_deadline",
    "claimant",
    "claimant_or_orphaned",
    "condition",
    "document_path",
    "has_required_documents",
    "head_of_reviewing_office",
    "is_higher_award",
    "is_local_award",
    "may_be_returned_again",
    "role_over_unit",
]
