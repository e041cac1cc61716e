"""Asking the screens for a language as a user does: with the language switch, whose choice a
browser keeps in the language cookie until its user signs in. The screens ignore the browser's
Accept-Language (they speak Vietnamese unless English was chosen); the API follows it."""

from django.conf import settings
from django.test import Client


def speaking(client, language: str):
    """``client`` as a browser on which ``language`` was chosen with the switch."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def english_browser(**kwargs) -> Client:
    """A new browser on which English was chosen, so that the screens' messages are asserted in English."""
    return speaking(Client(**kwargs), "en")
