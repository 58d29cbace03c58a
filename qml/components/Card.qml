// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.Ui

// A surface with an optional title row (title, subtitle, actions on the right) and a column of
// content below it.
Rectangle {
    id: card

    property string title
    property string subtitle
    property int padding: Theme.cardPadding
    default property alias content: body.data
    property alias actions: actionRow.data
    property alias spacing: body.spacing

    implicitWidth: column.implicitWidth + 2 * padding
    implicitHeight: column.implicitHeight + 2 * padding
    color: Theme.surface
    radius: Theme.radius
    border.color: Theme.border
    border.width: 1

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: card.padding
        spacing: 14

        RowLayout {
            visible: card.title.length > 0
            Layout.fillWidth: true
            spacing: 12

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 2
                Label {
                    Layout.fillWidth: true
                    text: card.title
                    color: Theme.text
                    font.pixelSize: Theme.subtitleSize
                    font.weight: Font.DemiBold
                }
                Label {
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                    visible: card.subtitle.length > 0
                    text: card.subtitle
                    color: Theme.textFaint
                    font.pixelSize: Theme.smallSize
                }
            }
            RowLayout {
                id: actionRow
                Layout.fillWidth: false
                Layout.alignment: Qt.AlignTop
                spacing: 8
            }
        }

        ColumnLayout {
            id: body
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 12
        }
    }
}
