"""viewflow's processes and tasks stay out of the admin, which is kept to configuration."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_processes_and_tasks_are_not_in_the_admin(client):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    root.save()
    client.force_login(root)

    assert client.get("/admin/viewflow/process/").status_code == 404
    assert client.get("/admin/viewflow/task/").status_code == 404
    assert b"/admin/viewflow/" not in client.get("/admin/").content
