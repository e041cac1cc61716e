"""A private file as an HTTP response (never a public media URL): a dossier document's, for the
screens' download and the API's, and any other stored file the apps above serve to its readers
(the council's signed minutes)."""

from __future__ import annotations

import os

from django.http import FileResponse

from .models import Document

# What a browser is given for each accepted kind of file, and whether it shows it itself.
FILE_TYPES = {
    "pdf": ("application/pdf", True),
    "jpg": ("image/jpeg", True),
    "jpeg": ("image/jpeg", True),
    "png": ("image/png", True),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", False),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
}


def file_response(file, name: str) -> FileResponse:
    """A stored ``file`` named ``name``: shown in the browser if it can show it (PDF, images), else saved."""
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    content_type, inline = FILE_TYPES.get(extension, ("application/octet-stream", False))
    response = FileResponse(file.open("rb"), as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_response(document: Document) -> FileResponse:
    """The document's file."""
    return file_response(document.file, document.original_name)
