"""Demo lots (标段) for 合同在线签订 (issue 6), added by :func:`server_stub.demo.seed`.

Lots normally come from the trading system or a framework agreement (issue 7); the demo registers
a few with :func:`server_stub.services.contracts.add_lot`. The purchaser is 河南省郑州市某某局
(``mmj-zz``, the demo purchaser token); the winners are 河南豫采示范科技有限公司 (``ycsf``, the
demo supplier token) and 郑州某某办公设备有限公司 (``bgsb``). One lot has no published result
yet: it stays off the feed and cannot get a contract (请选择发布过结果公告的标段).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from server_stub.models import Lot, Unit
from server_stub.services import contracts

DAY = dt.timedelta(days=1)

# lot id, project id, project code, project name, lot no, lot name, purchaser, supplier, amount,
# days since the result announcement (None: not published yet)
LOTS: tuple[tuple[str, str, str, str, str, str, str, str, str, int | None], ...] = (
    ("lot-mmj-2026-001-1", "prj-mmj-2026-001", "ZZMMJ-2026-001", "郑州市某某局办公设备采购项目", "1",
     "台式计算机及显示器", "mmj-zz", "ycsf", "386000.00", 12),
    ("lot-mmj-2026-001-2", "prj-mmj-2026-001", "ZZMMJ-2026-001", "郑州市某某局办公设备采购项目", "2",
     "打印复印一体机", "mmj-zz", "bgsb", "98500.00", 12),
    ("lot-mmj-2026-002-1", "prj-mmj-2026-002", "ZZMMJ-2026-002", "郑州市某某局信息化运维服务项目", "1",
     "信息系统运维服务", "mmj-zz", "ycsf", "1250000.00", 5),
    ("lot-mmj-2026-003-1", "prj-mmj-2026-003", "ZZMMJ-2026-003", "郑州市某某局网络安全设备采购项目", "1",
     "下一代防火墙", "mmj-zz", "ycsf", "215000.00", None),
)


def seed_lots(session: Session, now: dt.datetime) -> None:
    """Add the demo lots that are missing (idempotent; skipped without the demo units)."""
    for (lot_id, project_id, code, project, lot_no, lot_name, purchaser, supplier, amount, days) in LOTS:
        if session.get(Lot, lot_id) is not None or session.get(Unit, purchaser) is None \
                or session.get(Unit, supplier) is None:
            continue
        published = now - days * DAY if days is not None else None
        contracts.add_lot(session, lot_id, project_id=project_id, project_code=code, project_name=project,
                          lot_no=lot_no, lot_name=lot_name, purchaser_unit_id=purchaser, supplier_unit_id=supplier,
                          amount=amount, result_published_at=published)
