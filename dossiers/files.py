"""A dossier document's file as an HTTP response, for the screens' download and the API's."""

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


def document_response(document: Document) -> FileResponse:
    """The document's file: shown in the browser if it can show it (PDF, images), else saved."""
    extension = os.path.splitext(document.original_name)[1].lower().lstrip(".")
    content_type, inline = FILE_TYPES.get(extension, ("application/octet-stream", False))
    response = FileResponse(
        document.file.open("rb"), as_attachment=not inline, filename=document.original_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
