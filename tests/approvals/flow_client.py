"""Driving the award-dossier flow through its URLs, as the town's people would in a browser."""

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

import workflow_project.urls  # noqa: F401 - node URL names resolve once the site's URLs are built
from approvals.flows import AwardDossierFlow
from approvals.models import DossierProcess
from tests.languages import english_browser

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


@pytest.fixture
def client():
    """A browser on which English was chosen with the language switch, so that messages are
    asserted in English."""
    return english_browser()


def as_user(client, user):
    client.force_login(user)
    return client


def submit(client, user, dossier, comment=""):
    url = AwardDossierFlow.submit.reverse("execute")
    return as_user(client, user).post(url, {"dossier": dossier.pk, "comment": comment})


def open_task(dossier):
    """The one open task of the dossier's process."""
    process = DossierProcess.objects.get(dossier=dossier)
    (task,) = Task.objects.filter(process_id=process.pk, status__in=OPEN)
    return task


def task_url(task, action):
    return task.flow_task.reverse(action, args=[task.process_id, task.pk])


def claim(client, user, task):
    return as_user(client, user).post(task_url(task, "assign"))


def execute(client, user, task, **data):
    return as_user(client, user).post(task_url(task, "execute"), data)


def done(client, user, dossier, node, **data):
    """``user`` claims the dossier's open task (which must be ``node``) and completes it."""
    task = open_task(dossier)
    assert task.flow_task == node
    response = claim(client, user, task)
    assert response.status_code == 302, response
    response = execute(client, user, task, **data)
    assert response.status_code == 302, getattr(response, "context", None) and response.context["form"].errors
    return task


def status_of(dossier):
    dossier.refresh_from_db()
    return dossier.status


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    user.save()
    return user


def said(response) -> str:
    """The message the step whose answer is ``response`` added (earlier ones wait for the next page)."""
    from django.contrib.messages import get_messages

    assert response.status_code == 302, getattr(response, "context", None) and response.context["form"].errors
    return [str(message) for message in get_messages(response.wsgi_request)][-1]


def done_saying(client, user, dossier, node, **data) -> str:
    """``done``, answering the message the completed task's screen said."""
    task = open_task(dossier)
    assert task.flow_task == node
    assert claim(client, user, task).status_code == 302
    return said(execute(client, user, task, **data))
