"""Who may do what after plan filing, and what a form still breaks — the domain's own rules run here
(pure and fast, on the GUI thread), so a button is disabled, or a form refused, with exactly the
reason the server would give (:mod:`desktop.domain.workflow.announcement`, ``.suppliers``,
``.agreement``, ``.review``). Wording of the page's own is translated; the rules' is the manual's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication

from desktop.domain.agreement_commands import (
    AddSupplierAgent,
    AgreementCommand,
    RemoveSupplierAgent,
    SaveCollectionNotice,
    SaveShortlistResult,
    SupplierForm,
    UpdateShortlistedSupplier,
    UpdateSupplierAgent,
)
from desktop.domain.agreement_records import AgreementRecord, AnnouncementRecord, SupplierEntryRecord
from desktop.domain.commands import CommandInvalid, parse_command
from desktop.domain.identity import normalize_code
from desktop.domain.protocol import AccountInfo
from desktop.domain.roles import Post, UserType
from desktop.domain.workflow.agreement import AgreementFiling, edit_agreement
from desktop.domain.workflow.announcement import (
    CollectionNotice,
    CollectorContact,
    Lot,
    ShortlistResult,
    edit_collection_notice,
    notice_problems,
    result_problems,
    result_warnings,
)
from desktop.domain.workflow.common import Actor, Category, Problem, RuleWarning, WorkflowError
from desktop.domain.workflow.order110 import AgreementForm, validity_warnings
from desktop.domain.workflow.plan import Party
from desktop.domain.workflow.review import FlowStatus, ReviewFlow, ReviewStep, check_reviewer
from desktop.domain.workflow.suppliers import (
    ShortlistedSupplier,
    SupplierInfo,
    add_agent,
    edit_supplier,
    remove_agent,
    update_agent,
)
from desktop.ui.pages.procurement.framework_service import Project

translate = QCoreApplication.translate

WORKFLOW_TYPES = (UserType.PURCHASER.value, UserType.AGENCY.value)
NOTICE_WAITS = "需交易系统将对应的分包信息推送过来后，才可以编辑征集公告内容"
RESULT_WAITS = "征集公告发布完成后才可以发布入围结果公告"
FILING_WAITS = "入围结果公告发布后，才可以进行框架协议备案"



def actor_of(account: AccountInfo) -> Actor | None:
    try:
        return Actor(account.account_id, account.unit_id, UserType(account.user_type), Post(account.post))
    except ValueError:
        return None


def handler_refusal(account: AccountInfo | None, project: Project, collector_only: bool = False) -> str | None:
    """Why ``account`` cannot edit this project's announcements (or, ``collector_only``, its suppliers
    and agreement): the collector's — or its entrusted agency's — 经办岗 does."""
    if account is None:
        return translate("FrameworkRules", "请先登录")
    if account.user_type not in WORKFLOW_TYPES:
        return translate("FrameworkRules", "需使用征集人的采购人账号或其委托代理机构的账号办理")
    units = {project.plan.collector_unit_id} | ({project.plan.agency_unit_id} if project.plan.agency_unit_id
                                                 and not collector_only else set())
    if account.unit_id not in units:
        return translate("FrameworkRules", "只能办理本单位（征集人或其委托的代理机构）的征集项目")
    if account.post != Post.HANDLER.value:
        return translate("FrameworkRules", "只有经办岗可以填报并提交，审核岗办理审核")
    return None


def _flow(subject_id: str, owner_unit_id: str, record: AnnouncementRecord | AgreementRecord) -> ReviewFlow:
    return ReviewFlow(subject_id, owner_unit_id, (ReviewStep.INTERNAL,), status=FlowStatus(record.status),
                      submitter_account_id=record.submitter_account_id, approved_by=tuple(record.approved_by),
                      return_reason=record.return_reason)


def review_refusal(subject_id: str, owner_unit_id: str, record: AnnouncementRecord | AgreementRecord | None,
                   account: AccountInfo | None, pending: tuple[str, ...] = ()) -> str | None:
    """Why ``account`` cannot 审核通过 / 退回 now (None: it can), in the domain's words."""
    if record is None:
        return translate("FrameworkRules", "尚未同步到服务器，暂不能审核")
    if account is None:
        return translate("FrameworkRules", "请先登录")
    if any(n.startswith(("approve_", "return_")) for n in pending):
        return translate("FrameworkRules", "已办理本环节，等待同步到服务器")
    actor = actor_of(account)
    if actor is None or account.user_type not in WORKFLOW_TYPES:
        return translate("FrameworkRules", "需使用征集人的采购人账号或其委托代理机构的账号办理")
    try:
        check_reviewer(_flow(subject_id, owner_unit_id, record), actor)
    except WorkflowError as exc:
        return exc.message
    return None


# --- 征集公告 -------------------------------------------------------------------------------------------

def _lots_from(rows: list[object]) -> tuple[Lot, ...]:
    lots = []
    for row in rows:
        price = getattr(row, "max_unit_price", None)
        try:
            value = Decimal(str(price)) if price not in (None, "") else None
        except InvalidOperation:
            value = None
        lots.append(Lot(str(getattr(row, "number", "")), str(getattr(row, "name", "")), value))
    return tuple(lots)


def bridge_lots(project: Project) -> tuple[Lot, ...] | None:
    """互认互通: the lots the trading system pushed (None: not yet)."""
    if project.notice is not None and project.notice.lots_received:
        return _lots_from(list(project.notice.lots))
    if project.bridge is not None and project.bridge.lots_received:
        return _lots_from(list(project.bridge.lots))
    return None


def collection_notice(project: Project) -> CollectionNotice:
    """The notice as the server has it (a new draft when there is none yet)."""
    c, record = project.carried, project.notice
    contact = CollectorContact(c.name, c.contact_person, c.phone, c.address)
    status = FlowStatus(record.status) if record is not None else FlowStatus.DRAFT
    flow = ReviewFlow(project.notice_id or "new", record.owner_unit_id if record else project.owner_unit_id,
                      (ReviewStep.INTERNAL,), status=status)
    lots = bridge_lots(project)
    own = _lots_from(list(record.lots)) if record is not None else ()
    return CollectionNotice(project.notice_id or "new", project.plan_id, contact, project.is_interop, flow,
                            lots if project.is_interop and lots is not None else own,
                            project.is_interop and lots is not None)


def notice_refusal(project: Project) -> str | None:
    """Why the 征集公告 cannot be edited now (None: it can)."""
    record = project.notice
    if "submit_announcement" in project.pending_names(project.notice_id):
        return translate("FrameworkRules", "征集公告已提交，等待同步到服务器")
    if record is not None and not FlowStatus(record.status).editable:
        return translate("FrameworkRules", "公告当前状态为“{state}”，不能修改").format(state=record.state_label)
    if project.is_interop and bridge_lots(project) is None:
        return NOTICE_WAITS
    return None


def check_notice(project: Project, command: SaveCollectionNotice) -> tuple[tuple[Problem, ...], str | None]:
    """(what still blocks 提交, why it cannot even be saved) for the notice as the form shows it."""
    try:
        command.validate()
    except CommandInvalid as exc:
        return (), exc.message
    base = collection_notice(project)
    shown = CollectorContact(command.collector_name or base.collector.name,
                             command.contact_person or base.collector.contact_person,
                             command.phone or base.collector.phone, command.address)
    lots = tuple(lot.lot() for lot in command.lots) if command.lots or not base.is_interop else base.lots
    try:
        notice = edit_collection_notice(base, shown, lots)
    except WorkflowError as exc:
        return (), exc.message
    return notice_problems(notice), None


# --- 入围结果公告 ----------------------------------------------------------------------------------------

def result_refusal(project: Project) -> str | None:
    if not project.notice_published:
        return RESULT_WAITS
    if "submit_announcement" in project.pending_names(project.result_id):
        return translate("FrameworkRules", "入围结果公告已提交，等待同步到服务器")
    record = project.result
    if record is not None and not FlowStatus(record.status).editable:
        return translate("FrameworkRules", "公告当前状态为“{state}”，不能修改").format(state=record.state_label)
    return None


def pushed_suppliers(project: Project) -> tuple[SupplierInfo, ...]:
    """互认互通: the shortlisted suppliers the trading centre pushed, to choose from."""
    rows: list[SupplierEntryRecord] = []
    if project.result is not None and project.result.pushed_suppliers:
        rows = list(project.result.pushed_suppliers)
    elif project.bridge is not None:
        rows = list(project.bridge.suppliers)
    return tuple(SupplierInfo(r.name, r.credit_code, r.address, r.contact_person, r.phone) for r in rows)


def supplier_of(form: SupplierForm, label: str) -> SupplierInfo:
    """A supplier or agent as typed, checked (raises CommandInvalid with the rule's wording)."""
    return form.checked(label)


def check_result(project: Project, command: SaveShortlistResult
                 ) -> tuple[tuple[Problem, ...], tuple[RuleWarning, ...], str | None]:
    """(problems blocking 提交, Order No. 110 warnings, why it cannot be saved at all)."""
    try:
        command.validate()
    except CommandInvalid as exc:
        return (), (), exc.message
    basis_value = Decimal(command.basis_value.strip()) if command.basis_value else None
    flow = ReviewFlow(project.result_id or "new", project.owner_unit_id, (ReviewStep.INTERNAL,))
    suppliers = tuple(s.checked("入围供应商") for s in command.suppliers)
    result = ShortlistResult(project.result_id or "new", project.plan_id, project.is_interop,
                             AgreementForm(project.form), flow, command.basis, basis_value, suppliers,
                             pushed_suppliers(project), command.responsive_count, command.evaluation_method)
    return result_problems(result), result_warnings(result), None


# --- 入围供应商管理 ---------------------------------------------------------------------------------------

def _info(r: SupplierEntryRecord | object) -> SupplierInfo:
    return SupplierInfo(str(getattr(r, "name", "")), str(getattr(r, "credit_code", "")), str(getattr(r, "address", "")),
                        str(getattr(r, "contact_person", "")), str(getattr(r, "phone", "")))


def roster(project: Project) -> tuple[tuple[ShortlistedSupplier, bool], ...]:
    """The suppliers with this user's unsynced changes applied, each with "has 待同步 changes"."""
    suppliers = [ShortlistedSupplier(_info(r), tuple(_info(a) for a in r.agents)) for _i, r in project.roster]
    touched: set[str] = set()
    for entry in project.pending_for(f"roster:{project.plan_id}"):
        command = parse_command(entry.envelope.name, entry.envelope.payload)
        code = normalize_code(str(entry.envelope.payload.get("credit_code", "")))
        for n, supplier in enumerate(suppliers):
            if supplier.credit_code != code:
                continue
            try:
                suppliers[n] = _apply(supplier, command)
            except (WorkflowError, CommandInvalid):
                continue
            touched.add(code)
    return tuple((s, s.credit_code in touched) for s in suppliers)


def _apply(supplier: ShortlistedSupplier, command: object) -> ShortlistedSupplier:
    if isinstance(command, UpdateShortlistedSupplier):
        form = command.supplier
        return edit_supplier(supplier, SupplierInfo(form.name, form.credit_code, form.address, form.contact_person,
                                                    form.phone))
    if isinstance(command, AddSupplierAgent):
        return add_agent(supplier, command.agent.checked("委托代理商"))
    if isinstance(command, UpdateSupplierAgent):
        return update_agent(supplier, command.agent.checked("委托代理商"))
    if isinstance(command, RemoveSupplierAgent):
        return remove_agent(supplier, command.agent_credit_code)
    return supplier


def supplier_change(supplier: ShortlistedSupplier, command: AgreementCommand) -> str | None:
    """Why this change of a shortlisted supplier is refused (None: fine), by the domain's rules."""
    try:
        command.validate()
        _apply(supplier, command)
    except (WorkflowError, CommandInvalid) as exc:
        return exc.message
    return None


# --- 框架协议备案 ---------------------------------------------------------------------------------------

def filing_refusal(project: Project) -> str | None:
    """Why the project's filing cannot be created or changed now (None: it can)."""
    if not project.result_published:
        return FILING_WAITS
    if "file_agreement" in project.pending_names(project.filing_id):
        return translate("FrameworkRules", "框架协议已提交备案，等待同步到服务器")
    record = project.agreement
    if record is not None and not FlowStatus(record.status).editable:
        return translate("FrameworkRules", "框架协议备案当前状态为“{state}”，不能修改").format(state=record.state_label)
    return None


def check_validity(project: Project, start: dt.date | None, end: dt.date | None
                   ) -> tuple[str | None, tuple[RuleWarning, ...]]:
    """(the refusal, Order No. 110's validity warnings) for the period the filer typed."""
    party = Party(project.plan.collector_unit_id, project.plan.collector_name, "")
    flow = ReviewFlow(project.filing_id or "new", project.plan.collector_unit_id, (ReviewStep.INTERNAL,))
    category = project.plan.form.category
    filing = AgreementFiling(project.filing_id or "new", project.plan_id, project.result_id or "", AgreementForm(
        project.form), party, (), flow, category=Category(category) if category else None)
    try:
        filing = edit_agreement(filing, party, (), start, end)
    except WorkflowError as exc:
        return exc.message, ()
    return None, validity_warnings(filing.category, filing.validity_start, filing.validity_end)
