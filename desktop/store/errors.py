"""Store errors.

Tree::

    YucaiError
     └── StoreError
          └── SchemaTooNew
"""

from __future__ import annotations

from desktop.domain.errors import YucaiError


class StoreError(YucaiError):
    code = "store_error"


class SchemaTooNew(StoreError):
    """The database was written by a newer version of the app."""

    code = "store_schema_too_new"

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(f"本地数据库版本（{found}）比本程序支持的（{supported}）更新，请升级豫采桌面",
                         f"local database schema {found} is newer than supported {supported}")
        self.found, self.supported = found, supported
