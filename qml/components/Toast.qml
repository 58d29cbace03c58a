// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.Ui

// A short confirmation at the bottom of the window ("Base URL copied to the clipboard").
Rectangle {
    id: toast

    property string text

    visible: opacity > 0
    opacity: text.length > 0 ? 1 : 0
    implicitWidth: row.implicitWidth + 32
    implicitHeight: 40
    radius: 20
    color: Theme.dark ? "#f1f2f4" : "#1d2130"

    Behavior on opacity { NumberAnimation { duration: 160 } }

    RowLayout {
        id: row
        anchors.centerIn: parent
        spacing: 8
        AppIcon {
            name: "check_circle"
            size: 16
            color: Theme.dark ? Theme.success : "#6ee7b7"
        }
        Label {
            text: toast.text
            color: Theme.dark ? "#14161b" : "#ffffff"
            font.pixelSize: Theme.bodySize
            font.weight: Font.Medium
        }
    }
}
