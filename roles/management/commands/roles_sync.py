from django.core.management.base import BaseCommand

from roles.services import permissions_sync


class Command(BaseCommand):
    help = "Apply membership start and end dates to permissions. Run daily (cron or Celery beat)."

    def handle(self, *args, **options):
        changed = permissions_sync()
        self.stdout.write(f"{changed} permission(s) changed.")
