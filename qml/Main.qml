// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// The window: the navigation rail and the current screen. Screens load the first time they are
// shown and then stay, so switching back is instant.
ApplicationWindow {
    id: window

    // The screens of the rail, in order. Adding one: a file under pages/ and an entry here
    // (docs/desktop.md). Later: Analytics, Benchmarks.
    readonly property var screens: [
        { key: "overview", title: qsTr("Overview"), icon: "space_dashboard", page: "pages/OverviewPage.qml" },
        { key: "providers", title: qsTr("Providers"), icon: "hub", page: "pages/ProvidersPage.qml" },
        { key: "routing", title: qsTr("Routing"), icon: "alt_route", page: "pages/RoutingPage.qml" },
        { key: "playground", title: qsTr("Playground"), icon: "forum", page: "pages/PlaygroundPage.qml" },
        { key: "connect", title: qsTr("Connect a tool"), icon: "terminal", page: "pages/ConnectPage.qml" },
        { key: "keys", title: qsTr("API Keys"), icon: "vpn_key", page: "pages/KeysPage.qml" }
    ]
    readonly property int currentIndex: Math.max(0, screens.findIndex(s => s.key === Preferences.currentPage))

    width: 1320
    height: 860
    minimumWidth: 1080
    minimumHeight: 700
    visible: false
    title: "Switchyard"
    color: Theme.window
    font.family: Theme.fontFamily
    font.pixelSize: Theme.bodySize

    RowLayout {
        anchors.fill: parent
        spacing: 0

        NavigationRail {
            objectName: "navigationRail"
            Layout.fillHeight: true
            screens: window.screens
            current: window.screens[window.currentIndex].key
            onActivated: (key) => Preferences.currentPage = key
        }
        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            color: Theme.border
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            PortPicker {
                objectName: "portPicker"
                visible: Gateway.state === Gateway.PortInUse || Gateway.state === Gateway.Failed
                Layout.fillWidth: true
                Layout.margins: Theme.pagePadding
                Layout.bottomMargin: 0
            }

            StackLayout {
                objectName: "pages"
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: window.currentIndex

                Repeater {
                    model: window.screens
                    delegate: Loader {
                        id: pageLoader
                        required property var modelData
                        required property int index
                        objectName: "page_" + pageLoader.modelData.key
                        // Loaded when first shown, then kept.
                        active: pageLoader.index === window.currentIndex || pageLoader.status === Loader.Ready
                        source: pageLoader.modelData.page
                    }
                }
            }
        }
    }

    Toast {
        objectName: "toast"
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 24
        text: Shell.notice
    }
}
