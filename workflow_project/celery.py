"""The Celery application, used when ``CELERY_BROKER_URL`` is set: its worker sends the
notifications' emails, and its beat runs viewflow's timers every minute and the campaigns'
reminders every hour.

    celery -A workflow_project worker --loglevel=INFO
    celery -A workflow_project beat --loglevel=INFO

Without a broker nothing here runs: emails are sent by the request's process after commit, and
cron runs ``manage.py workflow_timers`` and ``manage.py campaign_reminders``.
"""

import os

from celery import Celery
from django.core.management import call_command

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workflow_project.settings")

app = Celery("workflow_project")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="workflow_project.workflow_timers")
def workflow_timers() -> None:
    """viewflow's due timers and scheduled starts, as ``manage.py workflow_timers`` fires them."""
    call_command("workflow_timers")


@app.task(name="workflow_project.campaign_reminders")
def campaign_reminders() -> None:
    """Reminders before the campaigns' own deadlines, as ``manage.py campaign_reminders`` sends them."""
    call_command("campaign_reminders")
