// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import Switchyard.Ui

// The app's one-line text field; `invalid` draws its border in the danger colour.
TextField {
    id: control

    property bool invalid: false

    implicitHeight: Theme.controlHeight
    leftPadding: 12
    rightPadding: 12
    selectByMouse: true
    color: Theme.text
    placeholderTextColor: Theme.textFaint
    selectionColor: Theme.accentSoft
    selectedTextColor: Theme.text
    font.pixelSize: Theme.bodySize
    background: Rectangle {
        radius: Theme.radiusSmall
        color: control.enabled ? Theme.surfaceRaised : Theme.surfaceSunken
        border.color: control.invalid ? Theme.danger : control.activeFocus ? Theme.accent : Theme.borderStrong
    }
}
