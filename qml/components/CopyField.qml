// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// A value to copy (the base URL): monospace text and a copy button.
Rectangle {
    id: field

    property string value
    property string what: qsTr("Value")

    implicitHeight: 44
    implicitWidth: row.implicitWidth + 24
    radius: Theme.radiusSmall
    color: Theme.surfaceSunken
    border.color: Theme.border

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 14
        anchors.rightMargin: 5
        spacing: 8

        Label {
            Layout.fillWidth: true
            text: field.value
            color: Theme.text
            font.family: Theme.monoFamily
            font.pixelSize: Theme.subtitleSize
            elide: Text.ElideRight
        }
        ActionButton {
            objectName: "copyButton"
            kind: "primary"
            iconName: "content_copy"
            text: qsTr("Copy")
            implicitHeight: 34
            onClicked: Shell.copy(field.value, field.what)
        }
    }
}
