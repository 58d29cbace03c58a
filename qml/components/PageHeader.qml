// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.Ui

// A page's title and one line under it, with actions on the right.
RowLayout {
    id: header

    property string title
    property string subtitle
    default property alias actions: actionRow.data

    spacing: 16

    ColumnLayout {
        Layout.fillWidth: true
        spacing: 4
        Label {
            Layout.fillWidth: true
            text: header.title
            color: Theme.text
            font.pixelSize: Theme.titleSize
            font.weight: Font.Bold
        }
        Label {
            Layout.fillWidth: true
            text: header.subtitle
            color: Theme.textMuted
            font.pixelSize: Theme.bodySize
        }
    }
    RowLayout {
        id: actionRow
        Layout.fillWidth: false
        spacing: 10
    }
}
