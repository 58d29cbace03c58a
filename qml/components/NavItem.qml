// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.Ui

// One entry of the navigation rail.
ItemDelegate {
    id: item

    property string iconName
    property bool current: false

    implicitHeight: 38
    leftPadding: 12
    rightPadding: 12
    hoverEnabled: true

    contentItem: RowLayout {
        spacing: 12
        AppIcon {
            name: item.iconName
            size: 19
            color: item.current ? Theme.accent : Theme.textMuted
        }
        Label {
            Layout.fillWidth: true
            text: item.text
            color: item.current ? Theme.text : Theme.textMuted
            font.pixelSize: Theme.bodySize
            font.weight: item.current ? Font.DemiBold : Font.Medium
        }
    }

    background: Rectangle {
        radius: Theme.radiusSmall
        color: item.current ? Theme.accentSoft : item.hovered ? Theme.hover : "transparent"
        Rectangle {
            visible: item.current
            width: 3
            height: 18
            radius: 1.5
            anchors.left: parent.left
            anchors.leftMargin: -8
            anchors.verticalCenter: parent.verticalCenter
            color: Theme.accent
        }
    }
}
