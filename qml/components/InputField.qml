// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import Switchyard.Ui

// A one-line text field in the app's style (monospace for keys, URLs and patterns).
TextField {
    id: field

    property bool mono: false

    implicitHeight: Theme.controlHeight
    color: Theme.text
    placeholderTextColor: Theme.textFaint
    selectionColor: Theme.accentSoft
    selectedTextColor: Theme.text
    font.family: mono ? Theme.monoFamily : Theme.fontFamily
    font.pixelSize: Theme.bodySize
    leftPadding: 10
    rightPadding: 10
    selectByMouse: true
    background: Rectangle {
        radius: Theme.radiusSmall
        color: field.enabled ? Theme.surfaceRaised : Theme.surfaceSunken
        border.color: field.activeFocus ? Theme.accent : Theme.borderStrong
    }
}
