"""Which buttons a row of 合同在线签订 offers to whom (seed manual §二; the server checks again).

* 【签章】 only for the party whose turn it is, on a 经办岗 account: the purchaser on 待签章, this
  contract's supplier on 采购人已确认; never twice (a signature waiting to be synced counts), nor
  while a replaced file or a deletion waits (the signature would be of the old file).
* 【查看】 always.
* 【合同备案】 for the purchaser's 经办岗 on 供应商已确认, unless a filing is already waiting — and not for
  the 标段 of a framework agreement's second stage: that contract is filed through 框架协议采购 → 合同备案.
* 【更换文件】 and 【删除】 (in 【查看】, beside the file they change) for the contract's purchaser's
  经办岗 while nobody has signed (待签章), unless a signature or a deletion of it waits; never once
  signed or filed (the filed PDF is locked).
* 【添加】 (page button) for the purchaser's 经办岗.
"""

from __future__ import annotations

import enum

from desktop.domain.commands import DeleteContract, FileContract, ReplaceContractDocument, SignContract
from desktop.domain.protocol import AccountInfo
from desktop.domain.roles import Post, UserType
from desktop.domain.workflow.contract import ContractState
from desktop.domain.workflow.second_stage_extras import is_second_stage_lot
from desktop.store.contracts import ContractRow


class Action(enum.Enum):
    SIGN = "sign"
    VIEW = "view"
    FILE = "file"


def is_handler(account: AccountInfo | None) -> bool:
    return account is not None and account.post == Post.HANDLER.value


def is_purchaser(account: AccountInfo | None) -> bool:
    return account is not None and account.user_type == UserType.PURCHASER.value


def may_add(account: AccountInfo | None) -> bool:
    return is_handler(account) and is_purchaser(account)


def my_turn(row: ContractRow, account: AccountInfo | None) -> bool:
    if not is_handler(account) or account is None \
            or any(name in row.pending for name in (SignContract.name, ReplaceContractDocument.name,
                                                    DeleteContract.name)):
        return False
    if row.state == ContractState.AWAITING_SIGNATURES.value:
        return is_purchaser(account) and account.unit_id == row.purchaser_unit_id
    if row.state == ContractState.PURCHASER_CONFIRMED.value:
        return account.user_type == UserType.SUPPLIER.value and account.unit_id == row.supplier_unit_id
    return False


def may_file(row: ContractRow, account: AccountInfo | None) -> bool:
    return (is_handler(account) and is_purchaser(account) and account is not None
            and account.unit_id == row.purchaser_unit_id and row.state == ContractState.SUPPLIER_CONFIRMED.value
            and FileContract.name not in row.pending and SignContract.name not in row.pending
            and not is_second_stage_lot(row.lot_id))


def may_change_document(row: ContractRow, account: AccountInfo | None) -> bool:
    """【更换文件】 / 【删除】: the purchaser's 经办岗, before anyone signed."""
    return (is_handler(account) and is_purchaser(account) and account is not None
            and account.unit_id == row.purchaser_unit_id and row.state == ContractState.AWAITING_SIGNATURES.value
            and SignContract.name not in row.pending and DeleteContract.name not in row.pending)


def row_actions(row: ContractRow, account: AccountInfo | None) -> tuple[Action, ...]:
    actions = [Action.SIGN] if my_turn(row, account) else []
    actions.append(Action.VIEW)
    if may_file(row, account):
        actions.append(Action.FILE)
    return tuple(actions)


def counterparty_is_supplier(account: AccountInfo | None) -> bool:
    """A purchaser filters by supplier, a supplier by purchaser."""
    return account is None or account.user_type != UserType.SUPPLIER.value
