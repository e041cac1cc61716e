"""The files of a dossier: attaching one (``document_add``), checked on the way in (``upload_check``,
``upload_sha256``, which the council's signed minutes go through too)."""

from __future__ import annotations

import hashlib
import os

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from audit.services import snapshot
from roles.models import Role, User
from workflow_project.errors import InvalidInput

from ..models import Document, DocumentKind
from .common import _audit_dossier, _lock_editable

# The start of each file kind, so that a renamed executable is not accepted as a PDF.
FILE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}


def upload_check(upload: UploadedFile, *, allowed=None, field: str = "file") -> str:
    """Refuse a file of a kind not ``allowed`` (the documents' kinds by default), too large, empty
    or whose content is not what its extension says; its extension otherwise. The refusals name
    ``field``."""
    extension = os.path.splitext(upload.name or "")[1].lower().lstrip(".")
    allowed = allowed or settings.DOCUMENT_EXTENSIONS
    if extension not in allowed:
        raise InvalidInput(
            _("Files of this kind cannot be attached. Accepted: %(kinds)s.")
            % {"kinds": ", ".join(k.upper() for k in allowed)},
            fields={field: [_("Unsupported file type.")]},
        )
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise InvalidInput(
            _("The file is too large: at most %(size)s.") % {"size": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
            fields={field: [_("File too large.")]},
        )
    if upload.size == 0:
        raise InvalidInput(_("The file is empty."), fields={field: [_("The file is empty.")]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in FILE_SIGNATURES[extension]):
        raise InvalidInput(
            _("The file's content does not match its extension (.%(ext)s).") % {"ext": extension},
            fields={field: [_("The content does not match the file type.")]},
        )
    return extension


def upload_sha256(upload: UploadedFile) -> str:
    """The SHA-256 checksum of the file's content, read in chunks; the file is left at its start."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def document_add(*, dossier_id: int, actor: User, kind: str, upload: UploadedFile) -> Document:
    """Attach a file to a draft or returned dossier; it replaces the current file of its kind."""
    if kind not in DocumentKind.values:
        raise InvalidInput(_("Unknown document kind."), fields={"kind": [_("Unknown document kind.")]})
    upload_check(upload)
    sha256 = upload_sha256(upload)
    with transaction.atomic():
        dossier = _lock_editable(
            dossier_id,
            actor,
            _("Documents can be added only to a draft or returned dossier; this one is “%(state)s”."),
        )
        previous = next((doc for doc in dossier.current_documents() if doc.kind == kind), None)
        document = Document(
            dossier=dossier,
            kind=kind,
            original_name=os.path.basename(upload.name)[:255],
            size=upload.size,
            sha256=sha256,
            uploaded_by=actor,
        )
        document.file.save(document.original_name, upload, save=False)
        document.save()
        if previous is not None:
            previous.superseded_by = document
            previous.save(update_fields=["superseded_by"])
        _audit_dossier(
            dossier,
            action="document.replaced" if previous else "document.added",
            actor=actor,
            role=Role.COMMUNE_SUBMITTER,
            before=snapshot(previous, ["kind", "original_name", "size", "sha256"]) if previous else None,
            after=snapshot(document, ["kind", "original_name", "size", "sha256"]) | {"document_id": document.pk},
        )
    return document
