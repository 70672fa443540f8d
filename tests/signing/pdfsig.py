"""Poppler's ``pdfsig`` as an independent verifier. It exits 0 even on "Digest Mismatch", so its
text is parsed, signature by signature."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class PdfsigEntry:
    field: str
    signed: bool
    signer: str | None
    signature_validation: str | None  # "Signature is Valid.", "Digest Mismatch." ...
    certificate_validation: str | None  # "Certificate is Trusted.", "Certificate issuer is unknown." ...
    total_document_signed: bool | None
    signature_type: str | None

    @property
    def valid(self) -> bool:
        return self.signature_validation == "Signature is Valid."

    @property
    def trusted(self) -> bool:
        return self.certificate_validation == "Certificate is Trusted."


def pdfsig(path: Path, nssdir: str | None = None) -> list[PdfsigEntry]:
    exe = shutil.which("pdfsig")
    if exe is None:
        pytest.skip("poppler-utils (pdfsig) is not installed")
    cmd = [exe] + (["-nssdir", nssdir] if nssdir else []) + [str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    text = done.stdout + done.stderr
    blocks = re.split(r"^Signature #\d+:\s*$", text, flags=re.M)[1:]
    entries = []
    for block in blocks:
        def value(label: str, body: str = block) -> str | None:
            m = re.search(rf"^\s*- {re.escape(label)}: (.*)$", body, flags=re.M)
            return m.group(1).strip() if m else None

        signed = "is not signed" not in block
        total = None
        if signed:
            total = "Total document signed" in block if ("Total document signed" in block
                                                         or "Not total document signed" in block) else None
        entries.append(PdfsigEntry(
            field=value("Signature Field Name") or "",
            signed=signed,
            signer=value("Signer Certificate Common Name"),
            signature_validation=value("Signature Validation"),
            certificate_validation=value("Certificate Validation"),
            total_document_signed=total,
            signature_type=value("Signature Type"),
        ))
    return entries


def signed_entries(path: Path, nssdir: str | None = None) -> dict[str, PdfsigEntry]:
    return {e.field: e for e in pdfsig(path, nssdir) if e.signed}
