// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// Each configured provider with its state.
ColumnLayout {
    id: list

    property ProviderStateModel model

    spacing: 8

    Repeater {
        model: list.model
        delegate: Rectangle {
            id: entry
            required property string providerId
            required property string type
            required property string status
            required property string message
            required property bool local

            readonly property string tone: status === "ok" ? "ok" : status === "error" ? "error" : "warning"

            Layout.fillWidth: true
            implicitHeight: 56
            radius: Theme.radiusSmall
            color: Theme.surfaceSunken
            border.color: Theme.border

            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 12
                anchors.rightMargin: 12
                spacing: 12
                Rectangle {
                    Layout.preferredWidth: 32
                    Layout.preferredHeight: 32
                    radius: 8
                    color: Theme.surface
                    border.color: Theme.border
                    AppIcon {
                        anchors.centerIn: parent
                        name: entry.local ? "computer" : "cloud"
                        size: 17
                        color: Theme.textMuted
                    }
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label {
                        Layout.fillWidth: true
                        text: entry.providerId + (entry.type.length > 0 && entry.type !== entry.providerId ? "  ·  " + entry.type : "")
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        font.weight: Font.DemiBold
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        text: entry.message
                        color: Theme.textMuted
                        font.pixelSize: Theme.smallSize
                        elide: Text.ElideRight
                    }
                }
                StatusBadge {
                    tone: entry.tone
                    text: entry.status === "ok" ? qsTr("Healthy") : entry.status === "error" ? qsTr("Error") : qsTr("Unknown")
                }
            }
        }
    }
    Label {
        visible: list.model && list.model.count === 0
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: Gateway.listening || Gateway.paused ? qsTr("No providers are configured.")
                                                  : qsTr("Provider states show once the gateway runs.")
        color: Theme.textMuted
        font.pixelSize: Theme.bodySize
    }
}
