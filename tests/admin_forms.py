"""The Django admin as the configuration tests use it: a signed-in superuser's client, a form's
post that must save, and the data of the campaign and award form forms (with their criteria).

``admin_client`` overrides pytest-django's fixture of that name; the conftests of the directories
that use this one import it (tests/audit, tests/dossiers), so that the others keep pytest-django's.
The superuser it signs in is ``superuser``, of tests/conftest.py."""

import datetime

import pytest
from django.utils import timezone

from dossiers.models import Procedure

ISO = "%Y-%m-%d"


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def post(client, url, data, **extra):
    response = client.post(url, data, REMOTE_ADDR="192.0.2.10", **extra)
    if response.status_code != 302:
        context = response.context or {}
        form = context.get("adminform").form if context.get("adminform") else None
        inlines = [formset.formset.errors for formset in context.get("inline_admin_formsets", [])]
        pytest.fail(f"{url} answered {response.status_code}: {form.errors if form else ''} {inlines}")
    return response


def campaign_data(town, forms, **changes):
    today = timezone.localdate()
    data = {
        "name": "Phong trào giảm nghèo 2020",
        "year": today.year,
        "legal_basis": "Kế hoạch của UBND thị xã Sa Pa",
        "launched_by": town.town.pk,
        "award_forms": [form.pk for form in forms],
        "registration_deadline": (today + datetime.timedelta(days=10)).strftime(ISO),
        "registration_compile_deadline": (today + datetime.timedelta(days=15)).strftime(ISO),
        "plan_deadline": (today + datetime.timedelta(days=12)).strftime(ISO),
        "dossier_deadline": (today + datetime.timedelta(days=60)).strftime(ISO),
        "compile_deadline": (today + datetime.timedelta(days=65)).strftime(ISO),
        "report_day": 25,
        "returns_allowed": 1,
        "appraisal_days": 10,
        "council_days": 10,
        "decision_days": 5,
        "province_days": 20,
        "reminder_days": 2,
        "escalation_days": 2,
        "midyear_report_deadline": "",
        "yearend_report_deadline": "",
    }
    return data | changes


def inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def award_form_data(town, *, quorum="66.67", documents=()):
    data = {
        "code": "giay-khen-2020",
        "name": "Giấy khen của Chủ tịch UBND thị xã",
        "awarding_body": town.town.pk,
        "valid_from": "2016-01-01",
        "valid_until": "",
        "quorum_percent": quorum,
        "vote_threshold_percent": "50",
        "threshold_basis": "all_members",
        "secret_ballot": "on",
    }
    data |= inline_management("required_documents", len(documents))
    data |= inline_management("criteria", 0)
    for i, kind in enumerate(documents):
        data |= {
            f"required_documents-{i}-procedure": Procedure.ORDINARY,
            f"required_documents-{i}-kind": kind,
            f"required_documents-{i}-nominee_kinds": "[]",
            f"required_documents-{i}-copies": "2",
        }
    return data


def with_criteria(town, *criteria, initial=0):
    """The award form's data (``award_form_data``) with ``criteria``, each a criterion's fields."""
    data = award_form_data(town) | inline_management("criteria", len(criteria), initial=initial)
    for i, fields in enumerate(criteria):
        data |= {
            f"criteria-{i}-{name}": value
            for name, value in ({"nominee_kinds": "[]", "alternative": "1"} | fields).items()
        }
    return data
