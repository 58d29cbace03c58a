// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// Shown when the gateway could not listen: why, and a way to pick another port.
Rectangle {
    id: banner

    implicitHeight: column.implicitHeight + 32
    radius: Theme.radius
    color: Theme.warningSoft
    border.color: Qt.rgba(Theme.warning.r, Theme.warning.g, Theme.warning.b, 0.35)

    RowLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 16
        spacing: 14

        AppIcon {
            name: "warning"
            size: 22
            color: Theme.warning
            Layout.alignment: Qt.AlignTop
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 4
            Label {
                text: Gateway.state === Gateway.PortInUse
                      ? qsTr("Port %1 is in use by another program").arg(Gateway.port)
                      : qsTr("The gateway is not running")
                color: Theme.text
                font.pixelSize: Theme.subtitleSize
                font.weight: Font.DemiBold
            }
            Label {
                Layout.fillWidth: true
                text: Gateway.state === Gateway.PortInUse
                      ? qsTr("Switchyard could not start its gateway there. Pick another port; it is saved to your config file, so the headless gateway uses it too.")
                      : Gateway.errorText
                color: Theme.textMuted
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            Label {
                visible: Gateway.portError.length > 0
                Layout.fillWidth: true
                text: Gateway.portError
                color: Theme.danger
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
            }
        }
        RowLayout {
            spacing: 8
            Layout.alignment: Qt.AlignVCenter
            TextField {
                id: portField
                objectName: "portField"
                implicitWidth: 96
                implicitHeight: Theme.controlHeight
                text: Gateway.suggestedPort > 0 ? String(Gateway.suggestedPort) : String(Gateway.port)
                validator: IntValidator { bottom: 1; top: 65535 }
                color: Theme.text
                font.family: Theme.monoFamily
                font.pixelSize: Theme.bodySize
                horizontalAlignment: TextInput.AlignHCenter
                selectByMouse: true
                background: Rectangle {
                    radius: Theme.radiusSmall
                    color: Theme.surface
                    border.color: portField.activeFocus ? Theme.accent : Theme.borderStrong
                }
                onAccepted: Gateway.usePort(parseInt(text))
            }
            ActionButton {
                objectName: "usePortButton"
                kind: "primary"
                text: Gateway.changingPort ? qsTr("Starting…") : qsTr("Use this port")
                enabled: !Gateway.changingPort && portField.acceptableInput
                onClicked: Gateway.usePort(parseInt(portField.text))
            }
        }
    }
}
