"""The release step of the README: ``collectstatic`` with the production storage succeeds."""

from django.core.management import call_command
from django.test import override_settings

PRODUCTION = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "workflow_project.storage.StaticFilesStorage"},
}


def test_collectstatic_hashes_and_compresses_every_static_file(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION):
        call_command("collectstatic", interactive=False, verbosity=0)

    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "approvals/dossiers.css" in manifest
    assert list(tmp_path.glob("approvals/dossiers.*.css.gz"))
