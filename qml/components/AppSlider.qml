// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import Switchyard.Ui

// The app's slider: a thin track filled in the accent (or a given tint) up to the handle.
Slider {
    id: control

    property color tint: Theme.accent

    implicitHeight: 24
    background: Rectangle {
        x: control.leftPadding
        y: control.topPadding + control.availableHeight / 2 - height / 2
        width: control.availableWidth
        height: 4
        radius: 2
        color: Theme.border
        Rectangle {
            width: control.visualPosition * parent.width
            height: parent.height
            radius: 2
            color: control.enabled ? control.tint : Theme.borderStrong
        }
    }
    handle: Rectangle {
        x: control.leftPadding + control.visualPosition * (control.availableWidth - width)
        y: control.topPadding + control.availableHeight / 2 - height / 2
        width: 16
        height: 16
        radius: 8
        color: Theme.surfaceRaised
        border.color: control.enabled ? control.tint : Theme.borderStrong
        border.width: 2
    }
}
