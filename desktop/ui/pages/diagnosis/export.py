"""Write a diagnosis report to a file: ``.json`` for scripts, anything else as Chinese text.

No Qt here; the page runs :func:`write_report` in an op. The write is atomic (a temporary file
in the same folder, flushed and fsynced, then ``os.replace``), so a crash or a full disk never
leaves half a report under the chosen name.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from desktop.token.report import DiagnosisReport, report_to_json, report_to_text


def render_report(report: DiagnosisReport, suffix: str) -> str:
    if suffix.lower() == ".json":
        return json.dumps(report_to_json(report), ensure_ascii=False, indent=2) + "\n"
    return report_to_text(report)


def write_atomically(path: Path, text: str) -> Path:
    # utf-8-sig for text: Notepad on older Windows guesses the encoding from the BOM.
    encoding = "utf-8" if path.suffix.lower() == ".json" else "utf-8-sig"
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def write_report(path: Path, report: DiagnosisReport) -> Path:
    return write_atomically(path, render_report(report, path.suffix))
