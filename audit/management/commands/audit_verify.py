from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.verify import verify_trail


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains. Exits non-zero, naming the first bad event, if any."

    def handle(self, *args, **options):
        report = verify_trail()
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(_("Audit trail broken at %(problem)s") % {"problem": report.problems[0]})
        self.stdout.write(
            _("Audit trail intact: %(events)s events in %(streams)s streams.")
            % {"events": report.events, "streams": report.streams}
        )
