// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import Switchyard.Ui

// The app's on/off switch (text, when set, on the right).
Switch {
    id: control

    font.pixelSize: Theme.bodySize
    indicator: Rectangle {
        implicitWidth: 38
        implicitHeight: 22
        x: control.leftPadding
        y: (control.height - height) / 2
        radius: 11
        color: control.checked ? Theme.accent : Theme.borderStrong
        opacity: control.enabled ? 1 : 0.5
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
        // The indicator's room is part of the content, so the switch's implicit width covers it.
        leftPadding: control.indicator.width + (control.text.length > 0 ? 10 : 0)
        text: control.text
        font: control.font
        color: control.enabled ? Theme.text : Theme.textFaint
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.Wrap
    }
}
