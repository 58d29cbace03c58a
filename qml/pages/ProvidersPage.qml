// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// Where requests go: each provider's health, circuit breaker, latency and models, live; add,
// edit, test, enable or remove one.
ScrollView {
    id: page
    objectName: "providersPage"

    contentWidth: availableWidth
    clip: true

    component HeaderCell: Label {
        color: Theme.textFaint
        font.pixelSize: Theme.captionSize
        font.weight: Font.DemiBold
        font.letterSpacing: 0.5
        font.capitalization: Font.AllUppercase
        elide: Text.ElideRight
    }

    ColumnLayout {
        width: page.availableWidth
        spacing: Theme.gap

        Item { Layout.preferredHeight: Theme.pagePadding - Theme.gap }

        PageHeader {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            Layout.bottomMargin: 4
            title: qsTr("Providers")
            subtitle: qsTr("Health, circuit breakers and latency of every upstream, live")
            ActionButton {
                objectName: "addProviderButton"
                kind: "primary"
                iconName: "add"
                text: qsTr("Add provider")
                enabled: !Providers.editorOpen
                onClicked: Providers.beginAdd()
            }
        }

        Label {
            objectName: "providersMessage"
            visible: text.length > 0
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            text: Providers.message
            color: Theme.textMuted
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }

        // The editor: adding or changing one provider.
        Card {
            objectName: "providerEditor"
            visible: Providers.editorOpen
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            title: Providers.editingExisting ? qsTr("Edit %1").arg(Providers.editId) : qsTr("Add a provider")
            subtitle: qsTr("Saved to the config file and used from the next request on; no restart")

            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: Theme.gap
                rowSpacing: 12

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    spacing: 6
                    FieldLabel { text: qsTr("Id") }
                    AppTextField {
                        objectName: "editId"
                        Layout.fillWidth: true
                        text: Providers.editId
                        placeholderText: qsTr("openai, groq, local…")
                        onTextEdited: Providers.editId = text
                    }
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    spacing: 6
                    FieldLabel { text: qsTr("Type") }
                    AppComboBox {
                        objectName: "editType"
                        Layout.fillWidth: true
                        model: Providers.types
                        currentIndex: Providers.types.indexOf(Providers.editType)
                        onActivated: (index) => Providers.editType = Providers.types[index]
                    }
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    spacing: 6
                    FieldLabel { text: qsTr("Preset") }
                    AppComboBox {
                        objectName: "editPreset"
                        Layout.fillWidth: true
                        enabled: Providers.presetApplies
                        model: Providers.presetApplies ? Providers.presets : [qsTr("not used by this type")]
                        currentIndex: Providers.presetApplies ? Providers.presets.indexOf(Providers.editPreset) : 0
                        displayText: Providers.presetApplies && currentIndex < 0 ? qsTr("none (set a base URL)") : currentText
                        onActivated: (index) => Providers.editPreset = Providers.presets[index]
                    }
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    spacing: 6
                    FieldLabel { text: qsTr("Base URL") }
                    AppTextField {
                        objectName: "editBaseUrl"
                        Layout.fillWidth: true
                        enabled: Providers.editType !== "mock"
                        text: Providers.editBaseUrl
                        placeholderText: Providers.baseUrlHint
                        onTextEdited: Providers.editBaseUrl = text
                    }
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    spacing: 6
                    FieldLabel { text: qsTr("API key") }
                    AppTextField {
                        objectName: "editApiKey"
                        Layout.fillWidth: true
                        enabled: Providers.keyApplies
                        text: Providers.editApiKey
                        echoMode: activeFocus ? TextInput.Normal : TextInput.Password
                        placeholderText: Providers.keyApplies ? qsTr("sk-… or ${OPENAI_API_KEY}") : qsTr("no key needed")
                        onTextEdited: Providers.editApiKey = text
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: Providers.keyApplies
                        text: Providers.keyHint
                        color: Theme.textFaint
                        font.pixelSize: Theme.captionSize
                        wrapMode: Text.Wrap
                    }
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    spacing: 6
                    FieldLabel { text: qsTr("Models") }
                    AppTextField {
                        objectName: "editModels"
                        Layout.fillWidth: true
                        text: Providers.editModels
                        placeholderText: qsTr("empty: the preset's models, or what the service lists")
                        onTextEdited: Providers.editModels = text
                    }
                }
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: 10
                AppSwitch {
                    objectName: "editEnabled"
                    text: qsTr("Enabled")
                    checked: Providers.editEnabled
                    onToggled: Providers.editEnabled = checked
                }
                Item { Layout.fillWidth: true }
                ActionButton {
                    objectName: "testButton"
                    iconName: "network_check"
                    text: Providers.testing ? qsTr("Testing…") : qsTr("Test connection")
                    enabled: !Providers.testing
                    onClicked: Providers.testConnection()
                }
                ActionButton {
                    kind: "ghost"
                    text: qsTr("Cancel")
                    onClicked: Providers.cancelEdit()
                }
                ActionButton {
                    objectName: "saveProviderButton"
                    kind: "primary"
                    iconName: "check"
                    text: Providers.editingExisting ? qsTr("Save") : qsTr("Add")
                    enabled: !Providers.busy
                    onClicked: Providers.save()
                }
            }

            RowLayout {
                objectName: "testResult"
                visible: Providers.tested
                Layout.fillWidth: true
                spacing: 10
                StatusBadge {
                    tone: Providers.testOk ? "ok" : "error"
                    text: Providers.testOk ? qsTr("Works") : qsTr("Problem")
                }
                Label {
                    objectName: "testMessage"
                    Layout.fillWidth: true
                    text: Providers.testMessage
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
                ActionButton {
                    objectName: "useModelsButton"
                    visible: Providers.discoveredModels.length > 0
                    kind: "ghost"
                    iconName: "playlist_add"
                    text: qsTr("Use these %1 models").arg(Providers.discoveredModels.length)
                    onClicked: Providers.useDiscoveredModels()
                }
            }
            Label {
                objectName: "editorError"
                visible: Providers.editorError.length > 0
                Layout.fillWidth: true
                text: Providers.editorError
                color: Theme.danger
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
        }

        Card {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            title: qsTr("Configured providers")
            subtitle: qsTr("Latency is measured upstream, last 5 minutes; the line shows p50 per 10 seconds")

            RowLayout {
                Layout.fillWidth: true
                Layout.leftMargin: 4
                Layout.rightMargin: 4
                spacing: 12
                HeaderCell { text: qsTr("Provider"); Layout.fillWidth: true; Layout.preferredWidth: 180 }
                HeaderCell { text: qsTr("Health"); Layout.preferredWidth: 150 }
                HeaderCell { text: qsTr("Circuit"); Layout.preferredWidth: 96 }
                HeaderCell { text: qsTr("p50 / p95"); Layout.preferredWidth: 104 }
                HeaderCell { text: qsTr("Latency"); Layout.preferredWidth: 90 }
                HeaderCell { text: qsTr("Errors"); Layout.preferredWidth: 56; horizontalAlignment: Text.AlignRight }
                HeaderCell { text: qsTr("Models"); Layout.fillWidth: true; Layout.preferredWidth: 120 }
                Item { Layout.preferredWidth: 132 }
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: 1
                color: Theme.border
            }

            Repeater {
                objectName: "providerRows"
                model: Providers.list
                delegate: RowLayout {
                    id: row
                    required property int index
                    required property string providerId
                    required property string kind
                    required property string baseUrl
                    required property bool isEnabled
                    required property string status
                    required property string statusText
                    required property string tone
                    required property string circuitText
                    required property string circuitTone
                    required property string p50
                    required property string p95
                    required property string errorRate
                    required property string calls
                    required property int modelCount
                    required property string modelList
                    required property var sparkline
                    required property bool local

                    objectName: "provider_" + row.providerId
                    Layout.fillWidth: true
                    Layout.leftMargin: 4
                    Layout.rightMargin: 4
                    Layout.preferredHeight: 58
                    spacing: 12
                    opacity: row.isEnabled ? 1 : 0.6

                    RowLayout {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 180
                        spacing: 10
                        Rectangle {
                            Layout.preferredWidth: 32
                            Layout.preferredHeight: 32
                            radius: 8
                            color: Theme.surfaceSunken
                            border.color: Theme.border
                            AppIcon {
                                anchors.centerIn: parent
                                name: row.local ? "computer" : "cloud"
                                size: 17
                                color: Theme.textMuted
                            }
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Label {
                                Layout.fillWidth: true
                                text: row.providerId
                                color: Theme.text
                                font.pixelSize: Theme.bodySize
                                font.weight: Font.DemiBold
                                elide: Text.ElideRight
                            }
                            Label {
                                Layout.fillWidth: true
                                text: row.baseUrl.length > 0 ? row.kind + " · " + row.baseUrl : row.kind
                                color: Theme.textFaint
                                font.pixelSize: Theme.smallSize
                                elide: Text.ElideRight
                            }
                        }
                    }
                    Item {
                        Layout.preferredWidth: 150
                        Layout.fillHeight: true
                        StatusBadge {
                            objectName: "health"
                            anchors.verticalCenter: parent.verticalCenter
                            width: Math.min(implicitWidth, parent.width)
                            tone: row.tone
                            text: row.status === "ok" ? qsTr("Healthy") : row.status === "disabled" ? qsTr("Disabled")
                                : row.status === "error" ? qsTr("Error") : qsTr("Not checked")
                            HoverHandler { id: healthHover }
                            ToolTip.visible: healthHover.hovered
                            ToolTip.text: row.statusText
                        }
                    }
                    Item {
                        Layout.preferredWidth: 96
                        Layout.fillHeight: true
                        StatusBadge {
                            objectName: "circuit"
                            anchors.verticalCenter: parent.verticalCenter
                            visible: row.circuitText !== "–"
                            tone: row.circuitTone
                            text: row.circuitText
                        }
                    }
                    Label {
                        objectName: "latency"
                        Layout.preferredWidth: 104
                        text: row.p50 + " / " + row.p95
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        elide: Text.ElideRight
                    }
                    Item {
                        Layout.preferredWidth: 90
                        Layout.preferredHeight: 28
                        Sparkline {
                            id: spark
                            objectName: "sparkline"
                            anchors.fill: parent
                            values: row.sparkline
                            color: Theme.chartLatency
                        }
                        Label {
                            anchors.verticalCenter: parent.verticalCenter
                            visible: spark.empty
                            // The line has a point per completed 10 s interval.
                            text: row.calls === "0" ? qsTr("no traffic") : qsTr("collecting…")
                            color: Theme.textFaint
                            font.pixelSize: Theme.smallSize
                        }
                    }
                    Label {
                        Layout.preferredWidth: 56
                        horizontalAlignment: Text.AlignRight
                        text: row.errorRate
                        color: Theme.textMuted
                        font.pixelSize: Theme.bodySize
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 120
                        text: row.modelCount > 0 ? row.modelList : qsTr("none listed")
                        color: Theme.textMuted
                        font.pixelSize: Theme.smallSize
                        elide: Text.ElideRight
                        HoverHandler { id: modelsHover }
                        ToolTip.visible: modelsHover.hovered && row.modelCount > 0
                        ToolTip.text: row.modelList
                    }
                    RowLayout {
                        Layout.preferredWidth: 132
                        spacing: 2
                        AppSwitch {
                            objectName: "enableSwitch"
                            checked: row.isEnabled
                            enabled: !Providers.busy
                            onToggled: Providers.setEnabled(row.providerId, checked)
                        }
                        ActionButton {
                            objectName: "editButton"
                            kind: "ghost"
                            iconName: "edit"
                            onClicked: Providers.beginEdit(row.providerId)
                        }
                        ActionButton {
                            objectName: "removeButton"
                            kind: "ghost"
                            danger: true
                            iconName: "delete_outline"
                            enabled: !Providers.busy
                            onClicked: Providers.remove(row.providerId)
                        }
                    }
                }
            }
            Label {
                visible: Providers.list.count === 0
                Layout.fillWidth: true
                text: qsTr("No providers yet: add one, or start from the built-in mock.")
                color: Theme.textMuted
                font.pixelSize: Theme.bodySize
            }
        }

        Item { Layout.preferredHeight: Theme.pagePadding - Theme.gap }
    }
}
