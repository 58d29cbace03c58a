// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// One Playground answer: the model, the streamed text, and what the gateway reports about it.
Rectangle {
    id: pane

    property PlaygroundSession session
    property string caption

    readonly property string tone: !session ? "neutral"
        : session.phase === PlaygroundSession.Done ? "ok"
        : session.phase === PlaygroundSession.Failed ? "error"
        : session.running ? "accent" : "neutral"

    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.border

    component Stat: ColumnLayout {
        property string label
        property string value
        spacing: 3
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        FieldLabel {
            Layout.fillWidth: true
            text: parent.label
            elide: Text.ElideRight
        }
        Label {
            Layout.fillWidth: true
            text: parent.value.length > 0 ? parent.value : "–"
            color: Theme.text
            font.pixelSize: Theme.bodySize
            font.weight: Font.Medium
            elide: Text.ElideRight
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.cardPadding
        spacing: 14

        RowLayout {
            Layout.fillWidth: true
            spacing: 10
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 6
                FieldLabel { text: pane.caption }
                ModelPicker {
                    objectName: "modelPicker"
                    Layout.fillWidth: true
                    Layout.maximumWidth: 320
                    session: pane.session
                    enabled: pane.session && !pane.session.running
                }
            }
            StatusBadge {
                Layout.alignment: Qt.AlignBottom
                Layout.bottomMargin: 5
                visible: pane.session && pane.session.statusText.length > 0
                text: pane.session ? pane.session.statusText : ""
                tone: pane.tone
            }
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 120
            radius: Theme.radiusSmall
            color: Theme.surfaceSunken
            border.color: Theme.border

            ScrollView {
                id: scroller
                anchors.fill: parent
                anchors.margins: 1
                clip: true
                contentWidth: availableWidth
                TextArea {
                    objectName: "answerText"
                    readOnly: true
                    selectByMouse: true
                    wrapMode: TextEdit.Wrap
                    text: pane.session ? pane.session.answer : ""
                    color: Theme.text
                    selectionColor: Theme.accentSoft
                    selectedTextColor: Theme.text
                    font.pixelSize: Theme.bodySize + 1
                    leftPadding: 16
                    rightPadding: 16
                    topPadding: 14
                    bottomPadding: 14
                    background: null
                    onTextChanged: if (pane.session && pane.session.running) cursorPosition = length
                }
            }
            ColumnLayout {
                anchors.centerIn: parent
                width: parent.width - 48
                visible: pane.session && pane.session.answer.length === 0 && !pane.session.running
                         && pane.session.errorText.length === 0
                spacing: 6
                AppIcon {
                    Layout.alignment: Qt.AlignHCenter
                    name: "chat_bubble_outline"
                    size: 26
                    color: Theme.textFaint
                }
                Label {
                    Layout.alignment: Qt.AlignHCenter
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("The answer streams in here")
                    color: Theme.textMuted
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
            }
            BusyIndicator {
                anchors.centerIn: parent
                running: pane.session && pane.session.phase === PlaygroundSession.Waiting
                visible: running
                implicitWidth: 32
                implicitHeight: 32
            }
        }

        Rectangle {
            visible: pane.session && pane.session.errorText.length > 0
            Layout.fillWidth: true
            implicitHeight: errorLabel.implicitHeight + 20
            radius: Theme.radiusSmall
            color: Theme.dangerSoft
            Label {
                id: errorLabel
                anchors.fill: parent
                anchors.margins: 10
                text: pane.session ? pane.session.errorText : ""
                color: Theme.danger
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
            }
        }

        GridLayout {
            Layout.fillWidth: true
            columns: pane.width >= 420 ? 3 : 2 // two panes side by side in a narrow window
            rowSpacing: 12
            columnSpacing: 16
            Stat { label: qsTr("Served by"); value: pane.session && pane.session.hasStats ? pane.session.servedModel : "" }
            Stat { label: qsTr("Provider"); value: pane.session && pane.session.hasStats ? pane.session.provider : "" }
            Stat { label: qsTr("Tokens"); value: pane.session && pane.session.hasStats ? pane.session.tokens : "" }
            Stat { label: qsTr("Latency"); value: pane.session && pane.session.hasStats ? pane.session.latency : "" }
            Stat { label: qsTr("First token"); value: pane.session && pane.session.hasStats ? pane.session.ttft : "" }
            Stat { label: qsTr("Cost"); value: pane.session && pane.session.hasStats ? pane.session.cost : "" }
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 3
            FieldLabel { text: qsTr("Routing decision") }
            Label {
                Layout.fillWidth: true
                text: pane.session && pane.session.routingDecision.length > 0 ? pane.session.routingDecision : "–"
                color: Theme.textMuted
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
                // Two lines reserved, so side-by-side panes keep their answers aligned.
                Layout.preferredHeight: Math.ceil(fontMetrics.height) * 2
                verticalAlignment: Text.AlignTop
                FontMetrics {
                    id: fontMetrics
                    font.pixelSize: Theme.smallSize
                    font.family: Theme.fontFamily
                }
            }
        }
    }
}
