// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import Switchyard.Ui

// The app's check box.
CheckBox {
    id: control

    font.pixelSize: Theme.bodySize
    spacing: 8
    indicator: Rectangle {
        implicitWidth: 18
        implicitHeight: 18
        x: control.leftPadding
        y: (control.height - height) / 2
        radius: 4
        color: control.checked ? Theme.accentFill : Theme.surfaceRaised
        border.color: control.checked ? Theme.accentFill : Theme.borderStrong
        AppIcon {
            anchors.centerIn: parent
            visible: control.checked
            name: "check"
            size: 14
            color: Theme.accentText
        }
    }
    contentItem: Label {
        leftPadding: control.indicator.width + control.spacing
        text: control.text
        font: control.font
        color: Theme.text
        verticalAlignment: Text.AlignVCenter
    }
}
