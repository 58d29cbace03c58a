// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// Try a prompt on any model, or on two side by side, through the same engine that serves HTTP.
Item {
    id: page
    objectName: "playgroundPage"

    component FieldArea: ScrollView {
        id: area
        property alias text: edit.text
        property alias placeholderText: edit.placeholderText
        signal submitted() // Ctrl+Enter
        clip: true
        background: Rectangle {
            radius: Theme.radiusSmall
            color: Theme.surfaceRaised
            border.color: edit.activeFocus ? Theme.accent : Theme.borderStrong
        }
        TextArea {
            id: edit
            objectName: "editor"
            wrapMode: TextEdit.Wrap
            selectByMouse: true
            color: Theme.text
            placeholderTextColor: Theme.textFaint
            selectionColor: Theme.accentSoft
            selectedTextColor: Theme.text
            font.pixelSize: Theme.bodySize
            leftPadding: 12
            rightPadding: 12
            topPadding: 10
            bottomPadding: 10
            background: null
            Keys.onPressed: (event) => {
                if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                        && (event.modifiers & Qt.ControlModifier)) {
                    area.submitted()
                    event.accepted = true
                }
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.pagePadding
        spacing: Theme.gap

        PageHeader {
            Layout.fillWidth: true
            Layout.bottomMargin: 4
            title: qsTr("Playground")
            subtitle: qsTr("Every answer goes through the gateway, exactly like your tools' requests")
            Label {
                text: qsTr("Compare two models")
                color: Theme.textMuted
                font.pixelSize: Theme.bodySize
            }
            AppSwitch {
                id: compareSwitch
                objectName: "compareSwitch"
                checked: Playground.compare
                onToggled: Playground.compare = checked
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.gap

            // Request settings.
            Card {
                Layout.preferredWidth: Math.round(Math.min(300, Math.max(250, page.width * 0.24)))
                Layout.fillHeight: true
                title: qsTr("Request")
                subtitle: qsTr("Applies to both panes")
                spacing: 18

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 8
                    RowLayout {
                        Layout.fillWidth: true
                        FieldLabel { text: qsTr("Temperature"); Layout.fillWidth: true }
                        Label {
                            text: Playground.temperature.toFixed(2)
                            color: Theme.text
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.smallSize
                        }
                    }
                    AppSlider {
                        id: temperatureSlider
                        objectName: "temperatureSlider"
                        Layout.fillWidth: true
                        from: 0
                        to: 2
                        stepSize: 0.05
                        value: Playground.temperature
                        onMoved: Playground.temperature = value
                    }
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 8
                    FieldLabel { text: qsTr("Max tokens") }
                    SpinBox {
                        id: maxTokens
                        objectName: "maxTokens"
                        Layout.fillWidth: true
                        implicitHeight: Theme.controlHeight
                        from: 1
                        to: 32768
                        stepSize: 64
                        editable: true
                        value: Playground.maxTokens
                        onValueModified: Playground.maxTokens = value
                        font.pixelSize: Theme.bodySize
                        contentItem: TextInput {
                            text: maxTokens.displayText
                            font: maxTokens.font
                            color: Theme.text
                            horizontalAlignment: Qt.AlignHCenter
                            verticalAlignment: Qt.AlignVCenter
                            readOnly: !maxTokens.editable
                            validator: maxTokens.validator
                            inputMethodHints: Qt.ImhDigitsOnly
                        }
                        up.indicator: AppIcon {
                            x: maxTokens.width - width - 8
                            y: (maxTokens.height - height) / 2
                            name: "add"
                            size: 16
                            color: maxTokens.up.pressed ? Theme.accent : Theme.textMuted
                        }
                        down.indicator: AppIcon {
                            x: 8
                            y: (maxTokens.height - height) / 2
                            name: "remove"
                            size: 16
                            color: maxTokens.down.pressed ? Theme.accent : Theme.textMuted
                        }
                        background: Rectangle {
                            radius: Theme.radiusSmall
                            color: Theme.surfaceRaised
                            border.color: maxTokens.activeFocus ? Theme.accent : Theme.borderStrong
                        }
                    }
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    spacing: 8
                    FieldLabel { text: qsTr("System prompt") }
                    FieldArea {
                        objectName: "systemPrompt"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        Layout.minimumHeight: 96
                        placeholderText: qsTr("Optional: how the model should behave")
                        text: Playground.systemPrompt
                        onTextChanged: Playground.systemPrompt = text
                    }
                }
            }

            // Answers and the message composer.
            ColumnLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                spacing: Theme.gap

                RowLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    spacing: Theme.gap
                    AnswerPane {
                        objectName: "primaryPane"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        Layout.preferredWidth: 1
                        caption: Playground.compare ? qsTr("Model A") : qsTr("Model")
                        session: Playground.primary
                    }
                    AnswerPane {
                        objectName: "secondaryPane"
                        visible: Playground.compare
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        Layout.preferredWidth: 1
                        caption: qsTr("Model B")
                        session: Playground.secondary
                    }
                }

                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: composer.implicitHeight + 24
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.border

                    RowLayout {
                        id: composer
                        anchors.fill: parent
                        anchors.margins: 12
                        spacing: 12
                        FieldArea {
                            id: messageArea
                            objectName: "messageField"
                            Layout.fillWidth: true
                            Layout.preferredHeight: 76
                            placeholderText: qsTr("Write a message…  (Ctrl+Enter sends)")
                            text: Playground.message
                            onTextChanged: Playground.message = text
                            onSubmitted: Playground.send()
                        }
                        ActionButton {
                            objectName: "sendButton"
                            Layout.alignment: Qt.AlignBottom
                            Layout.preferredWidth: 112
                            implicitHeight: 40
                            kind: "primary"
                            danger: Playground.running
                            iconName: Playground.running ? "stop" : "send"
                            text: Playground.running ? qsTr("Stop") : qsTr("Send")
                            enabled: Playground.running || Playground.canSend
                            onClicked: Playground.running ? Playground.stop() : Playground.send()
                        }
                    }
                }
            }
        }
    }
}
