// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.Ui

// One headline number: caption, value, and a line of context.
Rectangle {
    id: tile

    property string label
    property string value
    property string hint
    property string iconName
    property color tint: Theme.accent

    implicitWidth: 160
    implicitHeight: 104
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.border

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 6

        RowLayout {
            spacing: 8
            Layout.fillWidth: true
            Rectangle {
                Layout.preferredWidth: 24
                Layout.preferredHeight: 24
                radius: 6
                color: Qt.rgba(tile.tint.r, tile.tint.g, tile.tint.b, Theme.dark ? 0.16 : 0.10)
                AppIcon {
                    anchors.centerIn: parent
                    name: tile.iconName
                    size: 15
                    color: tile.tint
                }
            }
            Label {
                Layout.fillWidth: true
                text: tile.label
                color: Theme.textMuted
                font.pixelSize: Theme.smallSize
                font.weight: Font.Medium
                elide: Text.ElideRight
            }
        }
        Label {
            objectName: "statValue"
            Layout.fillWidth: true
            text: tile.value
            color: Theme.text
            font.pixelSize: Theme.figureSize
            font.weight: Font.DemiBold
            elide: Text.ElideRight
        }
        Label {
            Layout.fillWidth: true
            text: tile.hint
            color: Theme.textFaint
            font.pixelSize: Theme.captionSize
            elide: Text.ElideRight
        }
    }
}
