"""The workbench's local files (本地文件签章): 【打开合同】, 【演示合同】 and 【保存】 (a byte-for-byte
copy of the signed file elsewhere). The dialogs are non-blocking; the work runs in :mod:`.ops`."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from desktop.config import AppPaths
from desktop.ui.pages.contracts import ops


class Bench(Protocol):
    current_path: Path | None

    def open_file(self, path: Path, page: int = 0, *, shown_name: str | None = None) -> None: ...

    def say(self, text: str) -> None: ...

    def show_error(self, error: BaseException) -> None: ...


class LocalFiles(QObject):
    def __init__(self, bench: Bench, widget: QWidget, paths: AppPaths | None) -> None:
        super().__init__(widget)
        self._bench = bench
        self._widget = widget
        self._paths = paths

    def buttons(self) -> tuple[QPushButton, QPushButton]:
        """【打开合同】 and 【演示合同】, connected."""
        open_button = QPushButton(self.tr("打开合同"))
        open_button.setToolTip(self.tr("打开要签章的合同 PDF 文件"))
        demo_button = QPushButton(self.tr("演示合同"))
        demo_button.setToolTip(self.tr("生成一份演示用的框架协议采购合同并打开"))
        open_button.clicked.connect(self.choose_file)
        demo_button.clicked.connect(self.open_demo_contract)
        return open_button, demo_button

    def documents_dir(self) -> str:
        if self._bench.current_path is not None:
            return str(self._bench.current_path.parent)
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def choose_file(self) -> None:
        dialog = QFileDialog(self._widget, self.tr("打开合同"), self.documents_dir(), self.tr("PDF 文件 (*.pdf)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self._bench.open_file(Path(name)))
        dialog.open()

    def open_demo_contract(self) -> None:
        folder = (self._paths or AppPaths.default()).data_dir / "contracts"
        target = folder / self.tr("框架协议采购合同（演示）.pdf")
        self._bench.say(self.tr("正在生成演示合同……"))
        ops.make_demo_contract(self._widget, target).success(self._bench.open_file).run()

    def choose_save_path(self) -> None:
        current = self._bench.current_path
        if current is None:
            return
        suggested = str(Path(self.documents_dir()) / current.name)
        dialog = QFileDialog(self._widget, self.tr("保存已签章的合同"), suggested, self.tr("PDF 文件 (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.save_to(Path(name)))
        dialog.open()

    def save_to(self, target: Path) -> None:
        """Copy the file on screen (byte for byte) to ``target``."""
        current = self._bench.current_path
        if current is None:
            return
        ops.save_copy(self._widget, current, target) \
            .success(lambda out: self._bench.say(self.tr("已另存为“{path}”。").format(path=out))) \
            .failure(self._bench.show_error).run()
