"""A table model over keyset pages of the local store, read lazily and never on the GUI thread.

Setting a filter (or a source) resets the model and asks for the first page in the background; the
view asks for more (``canFetchMore``/``fetchMore``) as the user scrolls near the end, and each page
is read from where the last one stopped (keyset: the same cost for the first page and the 500th).
The total for the filter is counted separately after the first page (which alone settles it when
it is short) and only labels the list. After a sync, :meth:`LazyTableModel.refresh` re-reads the
rows shown, or the list when a row may be new or too many changed.

Subclasses give the headers, how a row reads and, where the source is not ``page``/``count``/``get``,
how to ask it (:meth:`read_page`, :meth:`read_count`, :meth:`read_one`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from desktop.ui.ops import Op

PAGE_SIZE = 100
RELOAD_ABOVE = 200
"""More changed rows than this in one sync: read the list again instead of row by row."""

Index = QModelIndex | QPersistentModelIndex


class KeysetRow(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def cursor(self) -> Any: ...


R = TypeVar("R", bound=KeysetRow)
F = TypeVar("F")


class LazyTableModel(QAbstractTableModel, Generic[R, F]):
    RowRole = Qt.ItemDataRole.UserRole + 1

    loading_changed = Signal(bool)
    count_changed = Signal(object)  # int, or None while counting
    page_loaded = Signal(int)  # rows now loaded

    def __init__(self, where: F, source: Any = None, page_size: int = PAGE_SIZE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self.page_size = page_size
        self.filter = where
        self.rows: list[R] = []
        self.total: int | None = None
        self.exhausted = source is None
        self.loading = False
        self._generation = 0
        self._headers: tuple[str, ...] = ()

    def set_headers(self, *headers: str) -> None:
        """The column titles (subclasses translate them with their own ``tr`` context)."""
        self._headers = headers

    # --- how the source is asked (worker threads) ------------------------------------------

    def read_page(self, source: Any, where: F, after: Any, limit: int) -> list[R]:
        return list(source.page(where, after, limit))

    def read_count(self, source: Any, where: F) -> int:
        return int(source.count(where))

    def read_one(self, source: Any, row_id: str) -> R | None:
        return source.get(row_id)  # type: ignore[no-any-return]

    def keyset_rows(self, rows: Sequence[R]) -> Sequence[R]:
        """The rows the keyset counts (rows only on this computer are listed first, outside it)."""
        return rows

    def reload_on_change(self) -> bool:
        """Whether any change may move rows in or out of the current filter (a state filter)."""
        return False

    # --- queries ---------------------------------------------------------------------------

    def set_source(self, source: Any) -> None:
        self._source = source
        self.reload()

    def set_filter(self, where: F) -> None:
        self.filter = where
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self.total = None
        self.exhausted = self._source is None
        self._set_loading(False)
        self.endResetModel()
        self.count_changed.emit(None)
        if self._source is not None:
            self.fetchMore(QModelIndex())  # the count follows the first page (the rows come first)

    def _count(self) -> None:
        source, where, generation = self._source, self.filter, self._generation
        if source is not None:
            Op(self, lambda: self.read_count(source, where)).success(lambda n: self._counted(generation, n)).run()

    def _counted(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.total = total
            self.count_changed.emit(total)

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            self.loading_changed.emit(loading)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.exhausted and not self.loading and self._source is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        source, where, generation = self._source, self.filter, self._generation
        keyed = self.keyset_rows(self.rows)
        after = keyed[-1].cursor if self.rows and keyed else None
        limit = self.page_size
        self._set_loading(True)
        Op(self, lambda: self.read_page(source, where, after, limit)) \
            .success(lambda rows: self._arrived(generation, rows, limit)) \
            .failure(lambda _exc: self._failed(generation)).run()

    def _arrived(self, generation: int, rows: list[R], limit: int) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        first_page = not self.rows
        self.exhausted = len(self.keyset_rows(rows)) < limit
        if first_page and self.exhausted:
            self._counted(generation, len(rows))
        elif first_page:
            self._count()
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self.page_loaded.emit(len(self.rows))

    def _failed(self, generation: int) -> None:
        if generation == self._generation:
            self._set_loading(False)
            self.exhausted = True

    def refresh(self, ids: Iterable[str] | None) -> None:
        """Some rows changed (a sync, a local action): re-read those shown, or the whole list when
        one may be new, leave the filter, or too many changed. ``None``: everything changed."""
        wanted = None if ids is None else set(ids)
        loaded = {row.id for row in self.rows}
        if (wanted is None or len(wanted) > RELOAD_ABOVE or not wanted <= loaded or self._source is None
                or self.reload_on_change()):
            self.reload()
            return
        source, generation = self._source, self._generation
        chosen = sorted(wanted)
        Op(self, lambda: [self.read_one(source, i) for i in chosen]) \
            .success(lambda fresh: self._replaced(generation, chosen, fresh)).run()

    def _replaced(self, generation: int, ids: list[str], fresh: list[R | None]) -> None:
        if generation != self._generation:
            return
        for row_id, row in zip(ids, fresh, strict=True):
            number = next((n for n, r in enumerate(self.rows) if r.id == row_id), None)
            if number is None:
                continue
            if row is None:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self.rows[number]
                self.endRemoveRows()
            else:
                self.rows[number] = row
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(self._headers) - 1))

    # --- the table -------------------------------------------------------------------------

    def row_at(self, number: int) -> R:
        return self.rows[number]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None
