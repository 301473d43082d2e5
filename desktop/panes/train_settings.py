"""The training settings of the Train pane, in the user's words, and the
time estimate measured on this computer."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

BACKBONES = ("resnet18", "resnet50")
MODES = ("quick", "finetune-last", "finetune-all")
MAX_EPOCHS = 500


def human_duration(seconds: float) -> str:
    """ "About 40 seconds", "About 12 minutes", "About 2.5 hours"."""
    if seconds < 1.5:
        return QCoreApplication.translate("TrainSettings", "about a second")
    if seconds < 60:
        n = round(seconds) if seconds < 10 else round(seconds / 5) * 5
        text = QCoreApplication.translate("TrainSettings", "about {n} seconds")
    elif seconds < 90 * 60:
        n = max(1, round(seconds / 60))
        text = QCoreApplication.translate("TrainSettings", "about {n} minutes")
    else:
        n = f"{seconds / 3600:.1f}"
        text = QCoreApplication.translate("TrainSettings", "about {n} hours")
    return text.format(n=n)


class TrainSettingsWidget(QGroupBox):
    """Backbone, mode and epochs; ``changed`` when any of them changes.

    ``config_defaults`` are extra :class:`TrainConfig` fields (tests make
    the photos small with them).
    """

    changed = Signal()
    config_defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainSettings")
        self.backbone = QComboBox()
        self.backbone.setObjectName("trainBackbone")
        for name in BACKBONES:
            self.backbone.addItem("", name)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        self.mode_hints: dict[str, QLabel] = {}
        modes = QVBoxLayout()
        modes.setSpacing(2)
        for index, mode in enumerate(MODES):
            button = QRadioButton()
            hint = QLabel()
            hint.setWordWrap(True)
            hint.setIndent(22)
            hint.setEnabled(False)  # drawn greyed: an explanation, not a control
            self.mode_group.addButton(button, index)
            self.mode_buttons[mode], self.mode_hints[mode] = button, hint
            modes.addWidget(button)
            modes.addWidget(hint)
        self.mode_buttons["quick"].setChecked(True)
        self.epochs = QSpinBox()
        self.epochs.setObjectName("trainEpochs")
        self.epochs.setRange(0, MAX_EPOCHS)
        self.estimate = QLabel()
        self.estimate.setObjectName("trainEstimate")
        self.estimate.setWordWrap(True)
        self.form = QFormLayout(self)
        self.form.addRow("", self.backbone)
        self.form.addRow("", modes)
        self.form.addRow("", self.epochs)
        self.form.addRow(self.estimate)
        self.backbone.currentIndexChanged.connect(self.changed)
        self.mode_group.idToggled.connect(
            lambda _id, checked: checked and self.changed.emit()
        )
        self.epochs.valueChanged.connect(self.changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Settings"))
        names = [
            self.tr("ResNet-18 — faster"),
            self.tr("ResNet-50 — more accurate, slower"),
        ]
        for row, text in enumerate(names):
            self.backbone.setItemText(row, text)
        texts = {
            "quick": (
                self.tr("Quick"),
                self.tr(
                    "Trains only a new last layer on what the network already "
                    "sees in each photo. Takes seconds once the photos are read."
                ),
            ),
            "finetune-last": (
                self.tr("Fine-tune the last block"),
                self.tr(
                    "Also adjusts the network's last stage to your photos. "
                    "Minutes; helps with unusual pictures."
                ),
            ),
            "finetune-all": (
                self.tr("Fine-tune everything"),
                self.tr(
                    "Adjusts the whole network. Slowest; for photos unlike "
                    "everyday ones (microscopy, X-rays, drawings)."
                ),
            ),
        }
        for mode, (title, hint) in texts.items():
            self.mode_buttons[mode].setText(title)
            self.mode_hints[mode].setText(hint)
        self.epochs.setSpecialValueText(self.tr("Automatic"))
        self.epochs.setToolTip(
            self.tr(
                "How many times training goes through all photos. Automatic: 30 "
                "for Quick, 10 for fine-tuning; it stops earlier when the model "
                "stops improving."
            )
        )
        captions = [self.tr("Network:"), self.tr("Training:"), self.tr("Rounds:")]
        for row, caption in enumerate(captions):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and item.widget() is not None:
                item.widget().setText(caption)

    # values

    def mode(self) -> str:
        return MODES[max(0, self.mode_group.checkedId())]

    def set_mode(self, mode: str) -> None:
        self.mode_buttons[mode].setChecked(True)

    def config(self) -> Any:
        from engine.vision.training import TrainConfig

        epochs = self.epochs.value() or None
        return TrainConfig(
            **{
                **self.config_defaults,
                "backbone": self.backbone.currentData(),
                "mode": self.mode(),
                "epochs": epochs,
            }
        )

    def set_from_config(self, config: dict[str, Any]) -> None:
        """Show the settings of an earlier run (its stored TrainConfig)."""
        self.blockSignals(True)
        backbone = self.backbone.findData(config.get("backbone"))
        if backbone >= 0:
            self.backbone.setCurrentIndex(backbone)
        if config.get("mode") in MODES:
            self.set_mode(config["mode"])
        self.blockSignals(False)
        self.changed.emit()

    # the estimate

    def show_estimate(self, seconds: float | None, *, note: str = "") -> None:
        if seconds is None:
            self.estimate.setText(note)
            return
        text = self.tr("{time} on this computer.").format(time=human_duration(seconds))
        self.estimate.setText(text[:1].upper() + text[1:])
