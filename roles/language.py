"""The language the site speaks: Vietnamese on every screen, whatever the browser asks for, until
the user chooses English with the switch (in the menu under their name, and on the sign-in page).

On the screens the language is, in this order, the signed-in user's saved choice, the language
cookie (a choice made while signed out, on the sign-in page), else Vietnamese; ``Accept-Language``
is ignored, since office browsers are often set to English. A choice made while signed in is saved
on the user, so that it follows them to another browser; a choice made while signed out is kept in
the cookie until the next sign-in saves it on the user. The cookie goes once saved, and at
sign-out: whoever signs in next on the same browser starts from their own choice, never the
previous user's.

The JSON API (``/api/``) follows Django's rule (the cookie, then ``Accept-Language``): its clients
ask for their language with each call.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views import i18n

from .services import user_language_choose

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _supported(code: str | None) -> str | None:
    """The site's language for ``code`` (``en-us`` is English), or None if it offers none."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def screen_language(request) -> str:
    """The language of the screens for this request: the user's choice, the cookie's, or Vietnamese."""
    user = getattr(request, "user", None)
    saved = user.language if user is not None and user.is_authenticated else None
    return _supported(saved) or _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)) or settings.LANGUAGE_CODE


class LanguageMiddleware(LocaleMiddleware):
    """Django's ``LocaleMiddleware`` for the API; the screens' own rule everywhere else. It comes
    after ``AuthenticationMiddleware``: the signed-in user's choice comes first."""

    def process_request(self, request):
        if _is_api(request):
            return super().process_request(request)
        translation.activate(screen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if _is_api(request):
            return super().process_response(request, response)
        if getattr(request, "language_cookie_spent", False):
            _delete_cookie(response)
        # Who is signed in (the session) and the language cookie decide the page's language.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def _delete_cookie(response) -> None:
    response.delete_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@login_not_required
def set_language(request):
    """Django's switch (back to ``next``, the choice in the cookie); a signed-in user's choice is
    saved on them instead of the cookie."""
    response = i18n.set_language(request)
    language = _supported(request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER)) if request.method == "POST" else None
    if language and request.user.is_authenticated:
        user_language_choose(user=request.user, language=language)
        _delete_cookie(response)
    return response


@receiver(user_logged_in)
def keep_the_signed_out_choice(sender, request, user, **kwargs):
    """The language chosen on the sign-in page becomes the user's (not for the API's tokens)."""
    if request is None or _is_api(request):
        return
    language = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if language:
        user_language_choose(user=user, language=language)
        request.language_cookie_spent = True


@receiver(user_logged_out)
def forget_the_choice_on_this_browser(sender, request, user, **kwargs):
    if request is not None and settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        request.language_cookie_spent = True
