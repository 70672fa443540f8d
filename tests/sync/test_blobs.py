"""Resumable blob upload/download through the client, verified on arrival."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop.sync.blobs import download_blob, file_sha256, upload_blob
from desktop.sync.errors import SyncError
from desktop.sync.login import LoginService
from server_stub.demo import DEMO_PASSWORD
from tests.server.fixtures import ApiFor, MakeServer

pytestmark = pytest.mark.softhsm


def test_upload_resumes_and_download_verifies(make_server: MakeServer, api_for: ApiFor, tmp_path: Path) -> None:
    server = make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    api = api_for(server.url)
    LoginService(api, None).login_with_password("zzmmj_jb", DEMO_PASSWORD)
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 3000)
    sha = file_sha256(pdf)

    api.blob_announce(sha, pdf.stat().st_size)
    api.blob_put(sha, 0, pdf.read_bytes()[:200_000])  # an upload that broke off
    assert upload_blob(api, pdf, chunk_size=256 * 1024) == sha
    status = api.blob_status(sha)
    assert status.complete and status.received == pdf.stat().st_size

    dest = tmp_path / "down" / "contract.pdf"
    dest.parent.mkdir()
    partial = dest.with_name("contract.pdf.part")
    partial.write_bytes(pdf.read_bytes()[:123_456])  # a download that broke off
    download_blob(api, sha, dest)
    assert dest.read_bytes() == pdf.read_bytes() and not partial.exists()

    partial.write_bytes(b"garbage" * 10)  # a damaged partial file is caught by the hash check
    other = tmp_path / "down" / "again.pdf"
    other.with_name("again.pdf.part").write_bytes(b"garbage" * 10)
    with pytest.raises(SyncError) as info:
        download_blob(api, sha, other)
    assert info.value.code == "blob_corrupt" and not other.exists()
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == sha
