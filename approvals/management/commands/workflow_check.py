from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from approvals.flows import AwardDossierFlow
from approvals.selectors.tasks import workflow_mismatches


class Command(BaseCommand):
    help = (
        "Report every award-dossier process whose open task does not match its dossier's state "
        "(viewflow's cancel, undo or revive, or a change made behind the flow's back). Exits non-zero if any."
    )

    def handle(self, *args, **options):
        problems = workflow_mismatches(AwardDossierFlow)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                _("%(count)s disagreements between the flow and the dossiers.") % {"count": len(problems)}
            )
        self.stdout.write(_("Every process agrees with its dossier."))
