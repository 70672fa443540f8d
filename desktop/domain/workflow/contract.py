"""合同在线签订: the online signing state machine (seed manual §二 2.1–2.4; tokens-and-signing.md §0).

States::

    待签章 --采购人经办岗 签章--> 采购人已确认 --供应商经办岗 签章--> 供应商已确认 --采购人经办岗 合同备案--> 已备案

* 2.1: the purchaser's 经办岗 adds the contract for a lot whose result announcement is published
  and uploads the PDF; the PDF may be replaced until the first signature.
* 2.2: the purchaser signs first; "只能签章一次，请谨慎操作"; then the supplier sees the contract.
* 2.3: the contract's own supplier signs the same way → 供应商已确认.
* 2.4: at 合同备案 the signed PDF becomes the main document, "不允许修改" (no replace, no delete).

Documents are identified by their SHA-256 (DESIGN.md: signed PDFs are immutable blobs).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, replace

from desktop.domain.workflow.common import (
    Actor,
    Post,
    Transition,
    TransitionRefused,
    UserType,
    WorkflowError,
    WorkflowEvent,
)

__all__ = [
    "ContractState",
    "MainDocumentLocked",
    "OnlineContract",
    "Signature",
    "Signer",
    "file_contract",
    "new_online_contract",
    "next_signer",
    "replace_document",
    "require_document_mutable",
    "sign_contract",
    "visible_to_supplier",
]

_SHA256 = re.compile(r"\A[0-9a-f]{64}\Z")


class ContractState(enum.StrEnum):
    AWAITING_SIGNATURES = "待签章"
    PURCHASER_CONFIRMED = "采购人已确认"
    SUPPLIER_CONFIRMED = "供应商已确认"
    FILED = "已备案"


class Signer(enum.StrEnum):
    PURCHASER = "采购人"
    SUPPLIER = "供应商"


@dataclass(frozen=True)
class Signature:
    account_id: str
    at: dt.datetime
    signed_document_sha256: str


@dataclass(frozen=True)
class OnlineContract:
    contract_id: str
    lot_id: str
    purchaser_unit_id: str
    supplier_unit_id: str
    supplier_credit_code: str
    document_sha256: str
    """The current PDF: the upload, then the purchaser-signed, then the fully signed file."""
    state: ContractState = ContractState.AWAITING_SIGNATURES
    purchaser_signature: Signature | None = None
    supplier_signature: Signature | None = None

    @property
    def main_document_locked(self) -> bool:
        return self.state is ContractState.FILED


class MainDocumentLocked(WorkflowError):
    """The contract's PDF may no longer be replaced or deleted."""


def _require_sha256(value: str) -> str:
    digest = value.strip().lower()
    if not _SHA256.match(digest):
        raise WorkflowError("document_required", "请上传合同 pdf 扫描件", "upload the contract PDF (SHA-256 expected)")
    return digest


def _require_purchaser_handler(contract_unit_id: str, actor: Actor, action: str) -> None:
    if actor.user_type is not UserType.PURCHASER or actor.unit_id != contract_unit_id:
        raise TransitionRefused("not_contract_purchaser", f"只有本合同的采购单位可以{action}",
                                f"only the contract's purchaser may {action}")
    if actor.post is not Post.HANDLER:
        raise TransitionRefused("post_not_handler", f"只有采购人经办岗可以{action}", f"only a handler may {action}")


def _event(old: OnlineContract, new: OnlineContract, action: str, actor: Actor, at: dt.datetime,
           detail: tuple[tuple[str, str], ...] = ()) -> WorkflowEvent:
    return WorkflowEvent(old.contract_id, action, old.state.value, new.state.value, actor.account_id, actor.unit_id,
                         at, "", detail)


def new_online_contract(contract_id: str, lot_id: str, lot_result_published: bool, purchaser_unit_id: str,
                        supplier_unit_id: str, supplier_credit_code: str, document_sha256: str, actor: Actor,
                        at: dt.datetime) -> Transition[OnlineContract]:
    """2.1: 采购人经办岗 adds the contract for a lot with a published result announcement and uploads the PDF."""
    if not lot_result_published:
        raise WorkflowError("lot_result_not_published", "请选择发布过结果公告的标段信息",
                            "choose a lot whose result announcement is published")
    _require_purchaser_handler(purchaser_unit_id, actor, "添加合同签订信息")
    contract = OnlineContract(contract_id, lot_id, purchaser_unit_id, supplier_unit_id, supplier_credit_code,
                              _require_sha256(document_sha256))
    event = WorkflowEvent(contract_id, "create", "", contract.state.value, actor.account_id, actor.unit_id, at)
    return Transition(contract, event)


def require_document_mutable(contract: OnlineContract) -> None:
    """Refuse replacing or deleting the PDF once signed (and for good once filed)."""
    if contract.state is ContractState.FILED:
        raise MainDocumentLocked("main_document_locked", "已备案合同以签章后的 pdf 作为合同主文档，不允许修改",
                                 "the signed PDF is the filed contract's main document and cannot change")
    if contract.state is not ContractState.AWAITING_SIGNATURES:
        raise MainDocumentLocked("document_signed", "合同已签章，不能更换或删除合同文件",
                                 "the contract is signed: its PDF cannot be replaced or deleted")


def replace_document(contract: OnlineContract, actor: Actor, document_sha256: str, at: dt.datetime
                     ) -> Transition[OnlineContract]:
    """Upload another PDF before anyone has signed."""
    require_document_mutable(contract)
    _require_purchaser_handler(contract.purchaser_unit_id, actor, "更换合同文件")
    new = replace(contract, document_sha256=_require_sha256(document_sha256))
    return Transition(new, _event(contract, new, "replace_document", actor, at, (("sha256", new.document_sha256),)))


def next_signer(contract: OnlineContract) -> Signer | None:
    return {ContractState.AWAITING_SIGNATURES: Signer.PURCHASER,
            ContractState.PURCHASER_CONFIRMED: Signer.SUPPLIER}.get(contract.state)


def visible_to_supplier(contract: OnlineContract) -> bool:
    """采购人签章完毕后……供应商可以看到该合同信息 (2.2 步骤三)."""
    return contract.state is not ContractState.AWAITING_SIGNATURES


def _party_of(contract: OnlineContract, actor: Actor) -> Signer:
    if actor.user_type is UserType.PURCHASER and actor.unit_id == contract.purchaser_unit_id:
        return Signer.PURCHASER
    if actor.user_type is UserType.SUPPLIER and actor.unit_id == contract.supplier_unit_id:
        return Signer.SUPPLIER
    raise TransitionRefused("not_contract_party", "只有本合同的采购人和供应商可以签章",
                            "only the contract's purchaser and supplier may sign")


def sign_contract(contract: OnlineContract, actor: Actor, signed_document_sha256: str, at: dt.datetime
                  ) -> Transition[OnlineContract]:
    """签章: the purchaser first, then this contract's supplier; each once (只能签章一次)."""
    party = _party_of(contract, actor)
    if actor.post is not Post.HANDLER:
        raise TransitionRefused("post_not_handler", f"只有{party.value}经办岗可以签章", "only a handler may sign")
    existing = contract.purchaser_signature if party is Signer.PURCHASER else contract.supplier_signature
    if existing is not None or contract.state is ContractState.FILED:
        raise TransitionRefused("already_signed", f"{party.value}已签章，只能签章一次", f"the {party.name.lower()} "
                                "has already signed; each party signs once")
    if party is Signer.SUPPLIER and contract.state is ContractState.AWAITING_SIGNATURES:
        raise TransitionRefused("purchaser_not_signed", "采购人签章后，供应商才能签章",
                                "the purchaser signs before the supplier")
    digest = _require_sha256(signed_document_sha256)
    if digest == contract.document_sha256:
        raise WorkflowError("signature_missing", "签章后的合同文件与签章前相同，请重新签章",
                            "the signed PDF is identical to the unsigned one")
    signature = Signature(actor.account_id, at, digest)
    if party is Signer.PURCHASER:
        new = replace(contract, state=ContractState.PURCHASER_CONFIRMED, purchaser_signature=signature,
                      document_sha256=digest)
    else:
        new = replace(contract, state=ContractState.SUPPLIER_CONFIRMED, supplier_signature=signature,
                      document_sha256=digest)
    return Transition(new, _event(contract, new, "sign", actor, at, (("party", party.value), ("sha256", digest))))


def file_contract(contract: OnlineContract, actor: Actor, at: dt.datetime,
                  framework_agreement_filed: bool | None = None) -> Transition[OnlineContract]:
    """2.4 合同备案: the signed PDF becomes the locked main document.

    ``framework_agreement_filed``: ``None`` for other procurement methods; for a framework
    agreement's second stage, whether the agreement is filed (manual 1.3.1.4 (3)).
    """
    _require_purchaser_handler(contract.purchaser_unit_id, actor, "进行合同备案")
    if framework_agreement_filed is False:
        raise WorkflowError("agreement_not_filed", "只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作",
                            "file the framework agreement before second-stage contract filing")
    if contract.state is ContractState.FILED:
        raise TransitionRefused("already_filed", "合同已备案", "the contract is already filed")
    if contract.state is not ContractState.SUPPLIER_CONFIRMED:
        raise TransitionRefused("signatures_incomplete",
                                f"合同当前状态为“{contract.state.value}”，采购人和供应商均签章后才能备案",
                                "both parties must sign before filing")
    new = replace(contract, state=ContractState.FILED)
    return Transition(new, _event(contract, new, "file", actor, at, (("main_document", contract.document_sha256),)))
