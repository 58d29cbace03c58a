// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.Ui

// A pill with a coloured dot: "Listening", "ok", "Port in use"...
Rectangle {
    id: badge

    property string text
    property string tone: "neutral"

    implicitWidth: row.implicitWidth + 20
    implicitHeight: 24
    radius: height / 2
    color: Theme.toneSoft(tone)

    RowLayout {
        id: row
        anchors.centerIn: parent
        spacing: 6
        Rectangle {
            Layout.preferredWidth: 7
            Layout.preferredHeight: 7
            radius: 3.5
            color: Theme.toneColor(badge.tone)
        }
        Label {
            text: badge.text
            color: badge.tone === "neutral" ? Theme.textMuted : Theme.toneColor(badge.tone)
            font.pixelSize: Theme.smallSize
            font.weight: Font.Medium
        }
    }
}
