"""Export: finished decks to PDF through a headless LibreOffice (`pdf`, finding it in
`soffice`), and contact sheets of their pages (`preview`)."""

from __future__ import annotations

from slidegen.export.errors import ExportError
from slidegen.export.pdf import WORK_PREFIX, convert_to_pdf, remove_stale_work_dirs
from slidegen.export.soffice import find_soffice, install_hint

__all__ = ["WORK_PREFIX", "ExportError", "convert_to_pdf", "find_soffice", "install_hint",
           "remove_stale_work_dirs"]
