from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from approvals.campaign_reminders import campaign_reminders_send


class Command(BaseCommand):
    help = (
        "Remind the communes and the labour offices of the campaigns' deadlines that are near (registration, "
        "dossiers, compilation): once per campaign, deadline and unit, however often it runs."
    )

    def handle(self, *args, **options):
        count = campaign_reminders_send()
        self.stdout.write(_("%(count)s campaign reminders sent.") % {"count": count})
