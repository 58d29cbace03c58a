// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.Ui

// The app's button: "primary" (filled accent), "secondary" (outlined) or "ghost" (text only),
// with an optional leading icon.
Button {
    id: control

    property string kind: "secondary"
    property string iconName
    property bool danger: false

    readonly property color tint: danger ? Theme.danger : Theme.accentFill
    readonly property color foreground: !enabled ? Theme.textFaint
        : kind === "primary" ? Theme.accentText
        : kind === "ghost" ? (hovered ? tint : Theme.textMuted)
        : (danger ? Theme.danger : Theme.text)

    implicitHeight: Theme.controlHeight
    leftPadding: text.length > 0 ? 14 : 9
    rightPadding: text.length > 0 ? 14 : 9
    font.pixelSize: Theme.bodySize
    font.weight: Font.Medium
    hoverEnabled: true

    contentItem: RowLayout {
        spacing: 6
        AppIcon {
            visible: control.iconName.length > 0
            name: control.iconName
            size: 16
            color: control.foreground
            Layout.alignment: Qt.AlignVCenter
        }
        Label {
            visible: control.text.length > 0
            text: control.text
            font: control.font
            color: control.foreground
            Layout.alignment: Qt.AlignVCenter
        }
    }

    background: Rectangle {
        radius: Theme.radiusSmall
        color: {
            if (control.kind === "primary")
                return !control.enabled ? Theme.hover : control.down || control.hovered ? (control.danger ? Qt.darker(Theme.danger, 1.1) : Theme.accentFillHover) : control.tint
            if (control.kind === "ghost")
                return control.down || control.hovered ? Theme.hover : "transparent"
            return control.down || control.hovered ? Theme.hover : Theme.surfaceRaised
        }
        border.width: control.kind === "secondary" ? 1 : 0
        border.color: Theme.borderStrong
    }
}
