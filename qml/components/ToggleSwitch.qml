// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import Switchyard.Ui

// The app's on/off switch: an accent track when on, with an optional label on its right.
Switch {
    id: control

    font.pixelSize: Theme.bodySize
    spacing: 10

    indicator: Rectangle {
        implicitWidth: 38
        implicitHeight: 22
        x: control.leftPadding
        y: (control.height - height) / 2
        radius: 11
        color: !control.enabled ? Theme.hover : control.checked ? Theme.accent : Theme.borderStrong
        Rectangle {
            x: control.checked ? parent.width - width - 3 : 3
            anchors.verticalCenter: parent.verticalCenter
            width: 16
            height: 16
            radius: 8
            color: "#ffffff"
            Behavior on x { NumberAnimation { duration: 120 } }
        }
    }
    contentItem: Label {
        leftPadding: control.text.length > 0 ? control.indicator.width + control.spacing : control.indicator.width
        text: control.text
        font: control.font
        color: control.enabled ? Theme.text : Theme.textFaint
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.Wrap
    }
}
