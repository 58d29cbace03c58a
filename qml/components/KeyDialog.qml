// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import QtQuick.Templates as T
import Switchyard.App
import Switchyard.Ui

// Creates a virtual key with every rule it can carry, then shows the key once, with a copy
// button: Switchyard keeps only its hash.
Dialog {
    id: dialog

    readonly property bool created: ApiKeys.createdKey.length > 0

    parent: T.Overlay.overlay
    anchors.centerIn: parent
    width: 600
    modal: true
    padding: 24
    closePolicy: Popup.CloseOnEscape
    onOpened: if (!created) nameField.forceActiveFocus()
    onClosed: {
        ApiKeys.forgetCreatedKey()
        ApiKeys.clearError()
    }

    background: Rectangle {
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.borderStrong
    }
    T.Overlay.modal: Rectangle { color: Theme.dark ? "#99000000" : "#66101828" }

    component Field: ColumnLayout {
        property alias label: caption.text
        spacing: 6
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        FieldLabel { id: caption }
    }

    ColumnLayout {
        width: dialog.availableWidth
        spacing: 16

        Label {
            Layout.fillWidth: true
            text: dialog.created ? qsTr("Key created for %1").arg(ApiKeys.createdName) : qsTr("New API key")
            color: Theme.text
            font.pixelSize: Theme.subtitleSize + 2
            font.weight: Font.DemiBold
        }

        // The form.
        GridLayout {
            visible: !dialog.created
            Layout.fillWidth: true
            columns: 2
            columnSpacing: 16
            rowSpacing: 14

            Field {
                Layout.columnSpan: 2
                label: qsTr("Name")
                InputField {
                    id: nameField
                    objectName: "keyName"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Who or what uses it: ci-bot, Alice's laptop…")
                    text: ApiKeys.draft.name
                    onTextEdited: ApiKeys.draft.name = text
                }
            }
            Field {
                label: qsTr("Expires")
                ChoiceBox {
                    objectName: "expiryBox"
                    Layout.fillWidth: true
                    model: ApiKeys.draft.expiryChoices
                    currentIndex: Math.max(0, ApiKeys.draft.expiryDays.indexOf(ApiKeys.draft.expiresInDays))
                    onActivated: (index) => ApiKeys.draft.expiresInDays = ApiKeys.draft.expiryDays[index]
                }
            }
            Field {
                label: qsTr("Default routing strategy")
                ChoiceBox {
                    objectName: "strategyBox"
                    Layout.fillWidth: true
                    model: ApiKeys.draft.strategyChoices
                    currentIndex: Math.max(0, ApiKeys.draft.strategies.indexOf(ApiKeys.draft.strategy))
                    onActivated: (index) => ApiKeys.draft.strategy = ApiKeys.draft.strategies[index]
                }
            }
            Field {
                label: qsTr("Budget (USD)")
                InputField {
                    objectName: "budgetUsd"
                    Layout.fillWidth: true
                    placeholderText: qsTr("No limit")
                    text: ApiKeys.draft.budgetUsd
                    onTextEdited: ApiKeys.draft.budgetUsd = text
                }
            }
            Field {
                label: qsTr("Budget (tokens)")
                InputField {
                    objectName: "budgetTokens"
                    Layout.fillWidth: true
                    placeholderText: qsTr("No limit")
                    text: ApiKeys.draft.budgetTokens
                    onTextEdited: ApiKeys.draft.budgetTokens = text
                }
            }
            Field {
                label: qsTr("Budget period")
                ChoiceBox {
                    objectName: "periodBox"
                    Layout.fillWidth: true
                    model: ApiKeys.draft.periodChoices
                    currentIndex: Math.max(0, ApiKeys.draft.periods.indexOf(ApiKeys.draft.period))
                    onActivated: (index) => ApiKeys.draft.period = ApiKeys.draft.periods[index]
                }
            }
            Field {
                label: qsTr("When the budget is spent")
                AppSwitch {
                    objectName: "hardBudget"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.controlHeight
                    text: checked ? qsTr("Refuse requests (hard)") : qsTr("Warn only (soft)")
                    checked: ApiKeys.draft.hardBudget
                    onToggled: ApiKeys.draft.hardBudget = checked
                }
            }
            Field {
                label: qsTr("Requests per minute")
                InputField {
                    objectName: "rpmField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("No limit")
                    text: ApiKeys.draft.rpm
                    onTextEdited: ApiKeys.draft.rpm = text
                }
            }
            Field {
                label: qsTr("Tokens per minute")
                InputField {
                    objectName: "tpmField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("No limit")
                    text: ApiKeys.draft.tpm
                    onTextEdited: ApiKeys.draft.tpm = text
                }
            }
            Field {
                label: qsTr("Parallel requests")
                InputField {
                    objectName: "parallelField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("No limit")
                    text: ApiKeys.draft.parallel
                    onTextEdited: ApiKeys.draft.parallel = text
                }
            }
            Field {
                label: qsTr("Max price per 1M tokens (USD)")
                InputField {
                    objectName: "maxPriceField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Any price")
                    text: ApiKeys.draft.maxPricePer1M
                    onTextEdited: ApiKeys.draft.maxPricePer1M = text
                }
            }
            Field {
                Layout.columnSpan: 2
                label: qsTr("Allowed models")
                InputField {
                    objectName: "modelsField"
                    Layout.fillWidth: true
                    mono: true
                    placeholderText: qsTr("Any model; or patterns such as gpt-4o*, claude-*")
                    text: ApiKeys.draft.allowedModels
                    onTextEdited: ApiKeys.draft.allowedModels = text
                }
            }
        }

        Label {
            objectName: "createError"
            visible: !dialog.created && ApiKeys.error.length > 0
            Layout.fillWidth: true
            text: ApiKeys.error
            color: Theme.danger
            font.pixelSize: Theme.smallSize
            wrapMode: Text.Wrap
        }

        // The key, this once.
        ColumnLayout {
            visible: dialog.created
            Layout.fillWidth: true
            spacing: 12
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: warning.implicitHeight + 20
                radius: Theme.radiusSmall
                color: Theme.warningSoft
                RowLayout {
                    id: warning
                    anchors.fill: parent
                    anchors.margins: 10
                    spacing: 10
                    AppIcon {
                        Layout.alignment: Qt.AlignTop
                        name: "warning_amber"
                        size: 18
                        color: Theme.warning
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Copy this key now. Switchyard keeps only its hash, so it cannot show the key again.")
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        wrapMode: Text.Wrap
                    }
                }
            }
            CopyField {
                objectName: "createdKeyField"
                Layout.fillWidth: true
                value: ApiKeys.createdKey
                what: qsTr("API key")
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Tools send it as Authorization: Bearer <key>, or as OPENAI_API_KEY / ANTHROPIC_API_KEY.")
                color: Theme.textMuted
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: 4
            spacing: 8
            Item { Layout.fillWidth: true }
            ActionButton {
                objectName: "cancelButton"
                visible: !dialog.created
                text: qsTr("Cancel")
                onClicked: dialog.close()
            }
            ActionButton {
                objectName: "createButton"
                visible: !dialog.created
                kind: "primary"
                text: ApiKeys.busy ? qsTr("Creating…") : qsTr("Create key")
                enabled: !ApiKeys.busy && ApiKeys.draft.name.trim().length > 0
                onClicked: ApiKeys.createKey()
            }
            ActionButton {
                objectName: "doneButton"
                visible: dialog.created
                kind: "primary"
                text: qsTr("Done")
                onClicked: dialog.close()
            }
        }
    }
}
