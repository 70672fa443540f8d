"""The sync engine: meta -> push the outbox -> pull the feed -> count check (-> full resync)
-> fetch the documents still to be signed.

Before a command is pushed, every file it names (:func:`desktop.domain.commands.command_blobs`:
a contract PDF, a signed PDF) is uploaded; a file not yet complete on the server holds back that
command and every one after it (the server applies commands in order), while the commands before
it still go. A file that can never be uploaded refuses its command locally, with the reason,
like a rejection by the server.

Runs on a worker thread (never the UI thread) and reports through a progress callback and a
:class:`SyncReport`. Scheduling (when to try again) is the caller's: :class:`Backoff` gives the
delays, :class:`SyncStatus` the indicator's state.
"""

from __future__ import annotations

import datetime as dt
import enum
import gc
import logging
import random
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from desktop.domain.commands import CommandInvalid, command_blobs, parse_command
from desktop.domain.protocol import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    PROTOCOL_VERSION,
    CommandResult,
    CommandStatus,
    Meta,
    RejectReason,
)
from desktop.store.blobfiles import BlobFiles
from desktop.store.changes import Changes
from desktop.store.contracts import Contracts
from desktop.store.database import Store
from desktop.store.outbox import Outbox, OutboxEntry
from desktop.store.repositories import Records, SyncState
from desktop.sync.client import ApiClient
from desktop.sync.documents import BlobRefused, ContractDocuments
from desktop.sync.errors import SyncError, SyncErrorKind

log = logging.getLogger(__name__)

PUSH_BATCH = 50
COUNT_CHECK_ROUNDS = 3
PREFETCH_LIMIT = 20
"""Documents still to be signed fetched after a pull, newest first (for signing offline)."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while pages are pulled (process-wide; nests and
    works across threads: the last one out turns it back on, if it was on).

    A pull of 100,000 records allocates some 400,000 containers that stay alive for a page,
    which sets off full collections of the whole heap: ~0.25 s of a 1 s pull. Reference
    counting still frees everything at once; only garbage in reference cycles waits for the end
    of the pull.
    """
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()


class Phase(enum.StrEnum):
    META = "meta"
    UPLOAD = "upload"
    PUSH = "push"
    PULL = "pull"
    CHECK = "check"
    RESYNC = "resync"
    FETCH = "fetch"


@dataclass(frozen=True)
class SyncProgress:
    phase: Phase
    done: int = 0
    total: int | None = None  # None: unknown (the feed's length is not known in advance)
    """Items, except for UPLOAD (KiB of files) and FETCH (documents)."""

    @property
    def label(self) -> str:
        return {Phase.META: "连接服务器", Phase.UPLOAD: "上传合同文件（KB）", Phase.PUSH: "上传本机操作",
                Phase.PULL: "下载数据", Phase.CHECK: "核对数据", Phase.RESYNC: "重新完整同步",
                Phase.FETCH: "下载待签章的合同文件"}[self.phase]


@dataclass(frozen=True)
class SyncReport:
    applied: list[CommandResult] = field(default_factory=list)
    rejected: list[CommandResult] = field(default_factory=list)
    pulled: int = 0
    changes: Changes = field(default_factory=Changes)
    full_resync: bool = False
    clock_skew: dt.timedelta = dt.timedelta(0)
    clock_warning: str | None = None
    """Chinese warning when the local clock is off by more than five minutes."""
    notes: list[str] = field(default_factory=list)
    revision: int = 0


class ConnectionState(enum.StrEnum):
    ONLINE = "在线"
    OFFLINE = "离线"
    SYNCING = "同步中"


@dataclass(frozen=True)
class SyncStatus:
    state: ConnectionState
    pending: int
    rejected: int = 0
    last_error: str | None = None


class Backoff:
    """Exponential backoff with jitter for retries after OFFLINE/SERVER errors."""

    def __init__(self, base: float = 2.0, factor: float = 2.0, maximum: float = 300.0, jitter: float = 0.1,
                 rng: random.Random | None = None) -> None:
        self.base, self.factor, self.maximum, self.jitter = base, factor, maximum, jitter
        self.failures = 0
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        """Seconds to wait before the next try after one more failure."""
        delay = min(self.maximum, self.base * self.factor ** self.failures)
        self.failures += 1
        return delay * (1 + self._rng.uniform(-self.jitter, self.jitter))

    def reset(self) -> None:
        self.failures = 0


class SyncEngine:
    def __init__(self, api: ApiClient, store: Store, *, clock: Callable[[], dt.datetime] = utc_now,
                 page_size: int | None = None, auto_full_resync: bool = True) -> None:
        self.api = api
        self.store = store
        self.outbox = Outbox(store)
        self.records = Records(store)
        self.state = SyncState(store)
        self.contracts = Contracts(store)
        self.clock = clock
        self.files = BlobFiles(store)
        self.documents = ContractDocuments(api, self.files, clock)
        self.page_size = page_size
        self.auto_full_resync = auto_full_resync
        self._fetch_refused: dict[str, tuple[int, int]] = {}
        """sha256 → (refusals so far, syncs still to skip): a document the server refuses (gone, not
        ours, damaged) is tried again after 2, 4, … 64 syncs, not downloaded on every one."""

    def status(self, state: ConnectionState, last_error: str | None = None) -> SyncStatus:
        return SyncStatus(state=state, pending=self.outbox.pending_count(), rejected=len(self.outbox.rejected()),
                          last_error=last_error)

    # --- the whole sync -------------------------------------------------------------------

    def sync(self, progress: Callable[[SyncProgress], None] | None = None) -> SyncReport:
        report = progress or (lambda _p: None)
        report(SyncProgress(Phase.META))
        meta = self.check_meta(self.api.meta())
        skew = meta.clock_skew(self.clock())
        warning = None
        if meta.clock_skew_too_large(self.clock()):
            minutes = round(abs(skew.total_seconds()) / 60)
            warning = (f"本机时间与服务器相差约 {minutes} 分钟，请校准电脑时间，"
                       "否则证书有效期和签章时间可能被判为无效")
            log.warning("clock skew %s beyond the limit", skew)
        results = self.push(report)
        changes, pulled = self.pull(report)
        full, more_changes, more_pulled = self.check_counts(report)
        changes = changes.merge(more_changes).merge(Changes(outbox=bool(results)))
        notes = ["本地数据与服务器核对不一致，已自动重新完整同步"] if full else []
        fetched = self.prefetch_documents(report, notes)
        if fetched:
            changes = changes.merge(Changes(ids={"contract": frozenset(fetched)}))
        self.state.mark_synced(self.clock())
        return SyncReport(applied=[r for r in results if r.status is CommandStatus.APPLIED],
                          rejected=[r for r in results if r.status is CommandStatus.REJECTED],
                          pulled=pulled + more_pulled, changes=changes, full_resync=full, clock_skew=skew,
                          clock_warning=warning, notes=notes, revision=self.state.cursor)

    @staticmethod
    def check_meta(meta: Meta) -> Meta:
        if meta.protocol_version != PROTOCOL_VERSION:
            raise SyncError(SyncErrorKind.PROTOCOL,
                            f"服务器的同步协议版本（{meta.protocol_version}）与本程序（{PROTOCOL_VERSION}）不同，"
                            "请升级豫采桌面", "protocol version mismatch", code="protocol_version")
        return meta

    # --- steps ----------------------------------------------------------------------------

    def push(self, progress: Callable[[SyncProgress], None] | None = None) -> list[CommandResult]:
        """Send pending commands in order, a batch at a time, and record the answers.

        The files each command names are uploaded first; a file that fails to upload stops the
        push after the commands before it have been sent (the error is raised then).
        """
        report = progress or (lambda _p: None)
        total = self.outbox.pending_count()
        results: list[CommandResult] = []
        while True:
            batch = self.outbox.pending(PUSH_BATCH)
            if not batch:
                return results
            ready, refused, failure = self._upload_files(batch, report)
            if refused:
                self.outbox.record_results(refused, self.clock())
                results.extend(refused)
            if ready:
                report(SyncProgress(Phase.PUSH, len(results), total))
                results.extend(self._push_batch(ready))
            if failure is not None:
                raise failure

    def _push_batch(self, batch: list[OutboxEntry]) -> list[CommandResult]:
        self.outbox.note_attempt([e.envelope.uuid for e in batch])
        response = self.api.push([e.envelope for e in batch])
        sent = {e.envelope.uuid for e in batch}
        answered = [r for r in response.results if r.uuid in sent]
        if len(answered) != len(batch):
            raise SyncError(SyncErrorKind.PROTOCOL, "服务器没有逐条答复上传的操作", "push answer incomplete")
        self.outbox.record_results(answered, self.clock())
        for r in answered:
            if r.status is CommandStatus.REJECTED and r.reason is not None:
                log.info("command %s rejected: %s", r.uuid, r.reason.code)
        return answered

    @staticmethod
    def files_of(entry: OutboxEntry) -> tuple[str, ...]:
        try:
            return command_blobs(parse_command(entry.envelope.name, entry.envelope.payload))
        except CommandInvalid:
            return ()  # the server will refuse it with its reason

    def _upload_files(self, batch: list[OutboxEntry], report: Callable[[SyncProgress], None]
                      ) -> tuple[list[OutboxEntry], list[CommandResult], SyncError | None]:
        """Upload the files of ``batch`` in order: (commands ready to push, commands refused
        locally, the error that held back the rest or None)."""
        wanted = [(entry, self.files_of(entry)) for entry in batch]
        total = sum(self.documents.needs_upload(sha) for _, shas in wanted for sha in dict.fromkeys(shas))
        ready: list[OutboxEntry] = []
        refused: list[CommandResult] = []
        done = 0
        for entry, shas in wanted:
            try:
                for sha in shas:
                    before = done

                    def step(sent: int, _size: int | None, before: int = before) -> None:
                        report(SyncProgress(Phase.UPLOAD, (before + sent) // 1024, max(1, total // 1024)))

                    needed = self.documents.needs_upload(sha)
                    self.documents.upload(sha, step if total else None)
                    done += needed
            except BlobRefused as exc:
                log.info("command %s refused locally: %s", entry.envelope.uuid, exc.code)
                refused.append(CommandResult(entry.envelope.uuid, CommandStatus.REJECTED,
                                             reason=RejectReason(exc.code, exc.message, exc.message_en)))
                continue
            except SyncError as exc:
                log.info("upload for command %s held back: %s", entry.envelope.uuid, exc.code)
                return ready, refused, exc
            ready.append(entry)
        return ready, refused, None

    def pull(self, progress: Callable[[SyncProgress], None] | None = None) -> tuple[Changes, int]:
        """Pull pages from the cursor until the feed is exhausted; each page is one transaction.

        While a page is being written, the next one is already being fetched (one request ahead,
        on a helper thread; decoded here, see :meth:`ApiClient.fetch_feed`): it is applied only
        after the previous page has committed, so a failure anywhere leaves the store at a page
        boundary.

        Once a page comes back full, the client is catching up (an initial sync, a long time
        offline): the store checkpoints its WAL once at the end rather than every few pages
        (:meth:`Store.bulk`) and, without an explicit ``page_size``, the rest of the requests ask
        for ``MAX_PAGE_SIZE`` records instead of ``DEFAULT_PAGE_SIZE`` (a tenth of the round trips
        and transactions). The cyclic garbage collector waits for the end of the pull.
        """
        report = progress or (lambda _p: None)
        touched: dict[str, set[str]] = {}  # merged in place: merging Changes page by page is quadratic
        pulled = 0
        cursor = self.state.cursor
        size = self.page_size or DEFAULT_PAGE_SIZE
        catching_up = False
        with ExitStack() as stack:
            stack.enter_context(collector_paused())
            fetcher = stack.enter_context(ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-prefetch"))
            page = self.api.feed_page(cursor, size)
            while True:
                if page.next_cursor < cursor:
                    raise SyncError(SyncErrorKind.PROTOCOL, "服务器数据版本倒退", "feed cursor went backwards")
                if page.has_more and not catching_up:
                    catching_up = True
                    stack.enter_context(self.store.bulk())
                    size = self.page_size or MAX_PAGE_SIZE
                ahead = fetcher.submit(self.api.fetch_feed, page.next_cursor, size) if page.has_more else None
                try:
                    applied = self.records.apply_rows(page.rows, page.next_cursor, json_values=not page.lenient)
                except BaseException:
                    if ahead is not None:
                        ahead.cancel()
                    raise
                for kind, ids in applied.ids.items():
                    if kind in touched:
                        touched[kind].update(ids)
                    else:
                        touched[kind] = set(ids)
                pulled += len(page.rows)
                cursor = page.next_cursor
                report(SyncProgress(Phase.PULL, pulled, None if page.has_more else pulled))
                if ahead is None:
                    return Changes(ids={k: frozenset(v) for k, v in touched.items()}, revision=cursor), pulled
                page = self.api.decode_feed(ahead.result())
        raise AssertionError("unreachable")  # for mypy: the loop returns or raises

    def prefetch_documents(self, progress: Callable[[SyncProgress], None] | None = None,
                           notes: list[str] | None = None) -> list[str]:
        """Download the current PDF of contracts still to be signed that are not here yet, so the
        user can sign them offline later; returns the contract ids fetched. Never fails the sync."""
        report = progress or (lambda _p: None)
        wanted = self.contracts.documents_to_fetch(PREFETCH_LIMIT)
        fetched: list[str] = []
        for number, (contract_id, sha) in enumerate(wanted):
            report(SyncProgress(Phase.FETCH, number, len(wanted)))
            refusals, skip = self._fetch_refused.get(sha, (0, 0))
            if skip:
                self._fetch_refused[sha] = (refusals, skip - 1)
                continue
            try:
                self.documents.fetch(sha)
            except SyncError as exc:
                log.info("document %s of contract %s not fetched: %s", sha[:12], contract_id, exc.code)
                if exc.retryable:
                    if notes is not None:
                        notes.append("部分待签章的合同文件尚未下载，下次同步时继续")
                    break
                self._fetch_refused[sha] = (refusals + 1, min(2 ** (refusals + 1), 64))
                continue
            self._fetch_refused.pop(sha, None)
            fetched.append(contract_id)
        return fetched

    def check_counts(self, progress: Callable[[SyncProgress], None] | None = None) -> tuple[bool, Changes, int]:
        """Compare per-kind counts with the server; on a mismatch, resync fully once.

        Returns (full resync happened, changes, records pulled by the extra rounds).
        """
        report = progress or (lambda _p: None)
        report(SyncProgress(Phase.CHECK))
        changes, pulled, mismatch = self._settled_mismatch(report)
        if not mismatch:
            return False, changes, pulled
        log.warning("count check failed: %s", mismatch)
        if not self.auto_full_resync:
            raise self._count_error(mismatch)
        report(SyncProgress(Phase.RESYNC))
        changes = changes.merge(self.full_resync(report))
        more, n, mismatch = self._settled_mismatch(report)
        if mismatch:
            raise self._count_error(mismatch)
        return True, changes.merge(more), pulled + n

    def _settled_mismatch(self, report: Callable[[SyncProgress], None]
                          ) -> tuple[Changes, int, dict[str, tuple[int, int]] | None]:
        """Count at our cursor, pulling again while the server moves on (a few rounds at most).

        The mismatch is None when the server kept moving: the check is left for the next sync.
        """
        changes, pulled = Changes(), 0
        for _ in range(COUNT_CHECK_ROUNDS):
            check = self.api.counts()
            if check.revision == self.state.cursor:
                return changes, pulled, check.mismatches(self.records.counts())
            more, n = self.pull(report)
            changes, pulled = changes.merge(more), pulled + n
        return changes, pulled, None

    def full_resync(self, progress: Callable[[SyncProgress], None] | None = None) -> Changes:
        """Forget local records and pull everything again (the user's "重新完整同步")."""
        changes = self.records.reset()
        more, _ = self.pull(progress)
        return changes.merge(more)

    @staticmethod
    def _count_error(mismatch: dict[str, tuple[int, int]]) -> SyncError:
        detail = "；".join(f"{k}：本机 {a} 条，服务器 {b} 条" for k, (a, b) in mismatch.items())
        return SyncError(SyncErrorKind.PROTOCOL, f"本地数据与服务器核对不一致（{detail}），需要重新完整同步",
                         f"count check failed: {mismatch}", code="count_mismatch")
