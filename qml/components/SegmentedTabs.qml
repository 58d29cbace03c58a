// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.Ui

// A compact segmented control over a list of labels.
Rectangle {
    id: tabs

    property var labels: []
    property int currentIndex: 0

    implicitWidth: row.implicitWidth + 6
    implicitHeight: 32
    radius: Theme.radiusSmall + 2
    color: Theme.surfaceSunken
    border.color: Theme.border

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: 3
        spacing: 2
        Repeater {
            model: tabs.labels
            delegate: AbstractButton {
                id: segment
                required property string modelData
                required property int index
                objectName: "tab_" + segment.modelData
                Layout.fillHeight: true
                leftPadding: 13
                rightPadding: 13
                hoverEnabled: true
                onClicked: tabs.currentIndex = segment.index
                contentItem: Label {
                    text: segment.modelData
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    color: tabs.currentIndex === segment.index ? Theme.text : Theme.textMuted
                    font.pixelSize: Theme.smallSize
                    font.weight: tabs.currentIndex === segment.index ? Font.DemiBold : Font.Medium
                }
                background: Rectangle {
                    radius: Theme.radiusSmall
                    color: tabs.currentIndex === segment.index ? Theme.surfaceRaised
                         : segment.hovered ? Theme.hover : "transparent"
                    border.width: tabs.currentIndex === segment.index ? 1 : 0
                    border.color: Theme.border
                }
            }
        }
    }
}
