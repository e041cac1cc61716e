"""The dossier's pages (``dossiers:``) as their readers open them."""

from django.urls import reverse

from tests.approvals.flow_client import as_user


def url(name, *args):
    return reverse(f"dossiers:{name}", args=args)


def page(client, user, dossier, **headers):
    return as_user(client, user).get(url("detail", dossier.pk), headers=headers)
