from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from approvals.deadlines import deadlines_open_missing
from approvals.flows import AwardDossierFlow


class Command(BaseCommand):
    help = (
        "Give every open task of the award-dossier flow that has no due date (it opened before due dates "
        "existed) its due date, reminders and escalation. Safe to run again."
    )

    def handle(self, *args, **options):
        count = deadlines_open_missing(AwardDossierFlow)
        self.stdout.write(_("%(count)s open tasks given a due date.") % {"count": count})
