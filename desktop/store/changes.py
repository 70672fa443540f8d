"""What a store write or a sync pull changed, for views to refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    ids: dict[str, frozenset[str]] = field(default_factory=dict)
    """Record kind -> ids written or deleted."""
    outbox: bool = False
    """The outbox changed (queued, applied or rejected commands)."""
    full_reset: bool = False
    """Every record was replaced (a full resync): refresh everything."""
    revision: int | None = None

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.ids)

    def __bool__(self) -> bool:
        return bool(self.ids) or self.outbox or self.full_reset

    def merge(self, other: Changes) -> Changes:
        ids = dict(self.ids)
        for kind, more in other.ids.items():
            ids[kind] = ids.get(kind, frozenset()) | more
        return Changes(ids=ids, outbox=self.outbox or other.outbox, full_reset=self.full_reset or other.full_reset,
                       revision=other.revision if other.revision is not None else self.revision)
