// SPDX-License-Identifier: MIT
import QtQuick
import Switchyard.App
import Switchyard.Ui

// Copy-ready code: monospace, selectable, with a copy button in the corner.
Rectangle {
    id: block

    property string code
    property string what: qsTr("Snippet")

    implicitHeight: text.implicitHeight + 32
    radius: Theme.radiusSmall
    color: Theme.surfaceSunken
    border.color: Theme.border

    TextEdit {
        id: text
        anchors.fill: parent
        anchors.margins: 16
        anchors.rightMargin: 96
        text: block.code
        readOnly: true
        selectByMouse: true
        wrapMode: TextEdit.NoWrap
        color: Theme.text
        selectionColor: Theme.accentSoft
        selectedTextColor: Theme.text
        font.family: Theme.monoFamily
        font.pixelSize: Theme.smallSize
        clip: true
    }
    ActionButton {
        objectName: "copySnippet"
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.margins: 10
        kind: "secondary"
        iconName: "content_copy"
        text: qsTr("Copy")
        implicitHeight: 30
        onClicked: Shell.copy(block.code, block.what)
    }
}
