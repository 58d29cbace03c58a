// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// The most recent requests, newest on top, updating live.
ColumnLayout {
    id: table

    property RecentRequestsModel model
    property int visibleRows: 8
    readonly property int rowHeight: 38

    spacing: 0

    component HeaderCell: Label {
        color: Theme.textFaint
        font.pixelSize: Theme.captionSize
        font.weight: Font.DemiBold
        font.letterSpacing: 0.5
        font.capitalization: Font.AllUppercase
        elide: Text.ElideRight
    }
    component Cell: Label {
        color: Theme.text
        font.pixelSize: Theme.bodySize
        elide: Text.ElideRight
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.preferredHeight: 32
        Layout.leftMargin: 8
        Layout.rightMargin: 8
        spacing: 12
        HeaderCell { text: qsTr("Time"); Layout.preferredWidth: 70 }
        HeaderCell { text: qsTr("Model asked"); Layout.fillWidth: true; Layout.preferredWidth: 100 }
        HeaderCell { text: qsTr("Model served"); Layout.fillWidth: true; Layout.preferredWidth: 100 }
        HeaderCell { text: qsTr("Provider"); Layout.preferredWidth: 96 }
        HeaderCell { text: qsTr("Routing"); Layout.fillWidth: true; Layout.preferredWidth: 160 }
        HeaderCell { text: qsTr("Status"); Layout.preferredWidth: 64 }
        HeaderCell { text: qsTr("Latency"); Layout.preferredWidth: 76; horizontalAlignment: Text.AlignRight }
        HeaderCell { text: qsTr("Tokens"); Layout.preferredWidth: 64; horizontalAlignment: Text.AlignRight }
        HeaderCell { text: qsTr("Cost"); Layout.preferredWidth: 84; horizontalAlignment: Text.AlignRight }
    }
    Rectangle {
        Layout.fillWidth: true
        Layout.preferredHeight: 1
        color: Theme.border
    }

    ListView {
        id: list
        objectName: "recentRequestsView"
        Layout.fillWidth: true
        Layout.preferredHeight: table.rowHeight * table.visibleRows
        clip: true
        model: table.model
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

        delegate: Rectangle {
            id: row
            required property int index
            required property string time
            required property string modelRequested
            required property string modelServed
            required property string provider
            required property int status
            required property bool succeeded
            required property string latency
            required property string tokens
            required property string cost
            required property string error
            required property string routingDecision

            width: ListView.view.width
            height: table.rowHeight
            color: hover.hovered ? Theme.hover : "transparent"

            HoverHandler { id: hover }

            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 8
                anchors.rightMargin: 8
                spacing: 12
                Cell {
                    text: row.time
                    color: Theme.textMuted
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.smallSize
                    Layout.preferredWidth: 70
                }
                Cell { text: row.modelRequested; Layout.fillWidth: true; Layout.preferredWidth: 100 }
                Cell { text: row.modelServed; color: Theme.textMuted; Layout.fillWidth: true; Layout.preferredWidth: 100 }
                Cell { text: row.provider; color: Theme.textMuted; Layout.preferredWidth: 96 }
                Cell {
                    objectName: "routingDecision"
                    // Why it went there: the router's decision in words (full text on hover).
                    text: row.routingDecision.length > 0 ? row.routingDecision : "–"
                    color: Theme.textMuted
                    font.pixelSize: Theme.smallSize
                    Layout.fillWidth: true
                    Layout.preferredWidth: 160
                    ToolTip.visible: hover.hovered && row.routingDecision.length > 0
                    ToolTip.text: row.routingDecision
                    ToolTip.delay: 400
                }
                Item {
                    Layout.preferredWidth: 64
                    Layout.fillHeight: true
                    Rectangle {
                        anchors.verticalCenter: parent.verticalCenter
                        width: statusLabel.implicitWidth + 14
                        height: 20
                        radius: 10
                        readonly property string tone: row.succeeded ? "ok" : row.status === 499 ? "neutral" : row.status >= 500 ? "error" : "warning"
                        color: Theme.toneSoft(tone)
                        Label {
                            id: statusLabel
                            anchors.centerIn: parent
                            text: row.status
                            color: parent.tone === "neutral" ? Theme.textMuted : Theme.toneColor(parent.tone)
                            font.pixelSize: Theme.smallSize
                            font.weight: Font.DemiBold
                        }
                        ToolTip.visible: !row.succeeded && hover.hovered && row.error.length > 0
                        ToolTip.text: row.error
                    }
                }
                Cell { text: row.latency; horizontalAlignment: Text.AlignRight; Layout.preferredWidth: 76 }
                Cell { text: row.tokens; color: Theme.textMuted; horizontalAlignment: Text.AlignRight; Layout.preferredWidth: 64 }
                Cell { text: row.cost; color: Theme.textMuted; horizontalAlignment: Text.AlignRight; Layout.preferredWidth: 84 }
            }
            Rectangle {
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                height: 1
                color: Theme.border
                opacity: 0.6
                visible: row.index < list.count - 1
            }
        }

        ColumnLayout {
            anchors.centerIn: parent
            visible: list.count === 0
            spacing: 8
            AppIcon {
                Layout.alignment: Qt.AlignHCenter
                name: "inbox"
                size: 30
                color: Theme.textFaint
            }
            Label {
                Layout.alignment: Qt.AlignHCenter
                text: qsTr("No requests yet")
                color: Theme.text
                font.pixelSize: Theme.bodySize
                font.weight: Font.DemiBold
            }
            Label {
                Layout.alignment: Qt.AlignHCenter
                text: qsTr("Point a tool at the base URL above: every request shows up here as it finishes.")
                color: Theme.textMuted
                font.pixelSize: Theme.smallSize
            }
        }
    }
}
