"""What the audit trail's readers are told about the dossiers' events (``audit.labels``): each
action's label (a transition's is the one it carries), and the dossier's, nominee's, documents'
and evaluations' fields in words, states in words and amounts in đồng."""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from audit import labels
from workflow_project.numbers import dong

from .fsm import is_transition
from .models import AMOUNT_FIELDS, BaseSalary, CriteriaEvaluation, Document, Dossier, Nominee
from .services import state_label, transition_label

DOSSIER = Dossier._meta.label_lower


def register() -> None:
    labels.actions(
        {
            "dossier.created": _("Dossier created"),
            "dossier.updated": _("Dossier edited"),
            "dossier.criteria_evaluated": _("Award standard evaluated"),
            "document.added": _("Document added"),
            "document.replaced": _("Document replaced"),
        }
    )
    for name in dir(Dossier):
        method = getattr(Dossier, name, None)
        if is_transition(method):
            labels.action(f"dossier.{name}", lazy(transition_label, str)(method))

    labels.value("status", state_label, scope=DOSSIER)
    for name in AMOUNT_FIELDS:
        labels.value(name, dong, scope=DOSSIER)
    labels.model(Dossier)
    labels.value("amount", dong, scope=BaseSalary._meta.label_lower)
    labels.model(Nominee, scope=DOSSIER, prefix="nominee")
    for action in ("document.added", "document.replaced"):
        labels.model(Document, scope=action)
        labels.field("document_id", _("document"), scope=action)
    labels.model(CriteriaEvaluation, scope="dossier.criteria_evaluated")
    labels.value("action", lambda name: transition_label(getattr(Dossier, name)), scope="dossier.criteria_evaluated")
