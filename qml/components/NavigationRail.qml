// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// The sidebar: brand, one entry per screen of `screens` ({key, title, icon}), and at the
// bottom the gateway's status and the theme switch.
Rectangle {
    id: rail

    property var screens: []
    property string current
    signal activated(string key)

    implicitWidth: Theme.sidebarWidth
    color: Theme.sidebar

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        anchors.topMargin: 20
        spacing: 4

        RowLayout {
            Layout.leftMargin: 6
            Layout.bottomMargin: 22
            spacing: 10
            Image {
                source: "qrc:/switchyard/icons/switchyard.svg"
                sourceSize: Qt.size(28, 28)
                Layout.preferredWidth: 28
                Layout.preferredHeight: 28
            }
            ColumnLayout {
                spacing: 0
                Label {
                    text: "Switchyard"
                    color: Theme.text
                    font.pixelSize: Theme.subtitleSize
                    font.weight: Font.Bold
                }
                Label {
                    text: qsTr("LLM gateway")
                    color: Theme.textFaint
                    font.pixelSize: Theme.captionSize
                }
            }
        }

        Repeater {
            model: rail.screens
            delegate: NavItem {
                id: navItem
                required property var modelData
                objectName: "nav_" + navItem.modelData.key
                Layout.fillWidth: true
                text: navItem.modelData.title
                iconName: navItem.modelData.icon
                current: rail.current === navItem.modelData.key
                onClicked: rail.activated(navItem.modelData.key)
            }
        }

        Item { Layout.fillHeight: true }

        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: statusColumn.implicitHeight + 24
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.border

            ColumnLayout {
                id: statusColumn
                anchors.fill: parent
                anchors.margins: 12
                spacing: 8
                RowLayout {
                    spacing: 8
                    Rectangle {
                        Layout.preferredWidth: 8
                        Layout.preferredHeight: 8
                        radius: 4
                        color: Gateway.listening ? Theme.success
                             : Gateway.paused || Gateway.state === Gateway.Starting ? Theme.warning : Theme.danger
                    }
                    Label {
                        Layout.fillWidth: true
                        text: Gateway.statusText
                        color: Theme.text
                        font.pixelSize: Theme.smallSize
                        font.weight: Font.DemiBold
                        elide: Text.ElideRight
                    }
                }
                Label {
                    Layout.fillWidth: true
                    text: Gateway.host + ":" + Gateway.port
                    color: Theme.textFaint
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.captionSize
                    elide: Text.ElideRight
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: 8
            spacing: 4
            Repeater {
                model: [
                    { key: "system", icon: "brightness_auto", tip: qsTr("Follow the system") },
                    { key: "light", icon: "light_mode", tip: qsTr("Light") },
                    { key: "dark", icon: "dark_mode", tip: qsTr("Dark") }
                ]
                delegate: ToolButton {
                    id: themeButton
                    required property var modelData
                    objectName: "theme_" + themeButton.modelData.key
                    Layout.fillWidth: true
                    implicitHeight: 30
                    hoverEnabled: true
                    ToolTip.visible: hovered
                    ToolTip.delay: 500
                    ToolTip.text: themeButton.modelData.tip
                    onClicked: Preferences.theme = themeButton.modelData.key
                    contentItem: AppIcon {
                        name: themeButton.modelData.icon
                        size: 16
                        color: Preferences.theme === themeButton.modelData.key ? Theme.accent : Theme.textFaint
                    }
                    background: Rectangle {
                        radius: Theme.radiusSmall
                        color: Preferences.theme === themeButton.modelData.key ? Theme.accentSoft
                             : themeButton.hovered ? Theme.hover : "transparent"
                    }
                }
            }
        }
    }
}
