// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// The gateway at a glance: where to connect, whether it runs, live traffic, providers, the
// latest requests and copy-ready snippets.
ScrollView {
    id: page
    objectName: "overviewPage"

    contentWidth: availableWidth
    clip: true

    ColumnLayout {
        width: page.availableWidth
        spacing: Theme.gap

        Item { Layout.preferredHeight: Theme.pagePadding - Theme.gap }

        PageHeader {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            Layout.bottomMargin: 4
            title: qsTr("Overview")
            subtitle: qsTr("Your local gateway, live")
            StatusBadge {
                objectName: "gatewayStatus"
                text: Gateway.statusText
                tone: Gateway.listening ? "ok" : Gateway.paused || Gateway.state === Gateway.Starting ? "warning" : "error"
            }
            ActionButton {
                objectName: "pauseButton"
                visible: Gateway.listening || Gateway.paused
                iconName: Gateway.paused ? "play_arrow" : "pause"
                text: Gateway.paused ? qsTr("Resume") : qsTr("Pause")
                onClicked: Gateway.togglePaused()
            }
        }

        // Connection: the base URL tools use, and the listener's state.
        Card {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            title: qsTr("Base URL")
            subtitle: qsTr("Any OpenAI-compatible client works unchanged; the API key can be any string")

            RowLayout {
                Layout.fillWidth: true
                spacing: 24
                CopyField {
                    objectName: "baseUrlField"
                    Layout.fillWidth: true
                    value: Gateway.apiUrl
                    what: qsTr("Base URL")
                }
                GridLayout {
                    columns: 3
                    columnSpacing: 28
                    rowSpacing: 4
                    FieldLabel { text: qsTr("Status") }
                    FieldLabel { text: qsTr("Port") }
                    FieldLabel { text: qsTr("Uptime") }
                    Label {
                        text: Gateway.statusText
                        color: Gateway.listening ? Theme.success : Theme.warning
                        font.pixelSize: Theme.bodySize
                        font.weight: Font.DemiBold
                    }
                    Label {
                        text: Gateway.port
                        color: Theme.text
                        font.family: Theme.monoFamily
                        font.pixelSize: Theme.bodySize
                    }
                    Label {
                        Layout.minimumWidth: 88
                        text: Gateway.listening || Gateway.paused ? Gateway.uptime : "–"
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                    }
                }
            }
        }

        // Headline numbers.
        GridLayout {
            id: stats
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            columns: page.availableWidth > 1100 ? 6 : 3
            columnSpacing: Theme.gap
            rowSpacing: Theme.gap
            StatTile {
                objectName: "statRps"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                label: qsTr("Requests / s")
                value: Overview.requestsPerSecond
                hint: qsTr("last 10 seconds")
                iconName: "bolt"
            }
            StatTile {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                label: qsTr("Latency p50")
                value: Overview.p50
                hint: qsTr("last 5 minutes")
                iconName: "timer"
                tint: Theme.chartLatency
            }
            StatTile {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                label: qsTr("Latency p95")
                value: Overview.p95
                hint: qsTr("last 5 minutes")
                iconName: "speed"
                tint: Theme.chartLatency
            }
            StatTile {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                label: qsTr("Error rate")
                value: Overview.errorRate
                hint: qsTr("last 5 minutes")
                iconName: "error_outline"
                tint: Overview.hasErrors ? Theme.danger : Theme.success
            }
            StatTile {
                objectName: "statTokens"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                label: qsTr("Tokens today")
                value: Overview.tokensToday
                hint: qsTr("%1 requests").arg(Overview.requestsToday)
                iconName: "data_usage"
            }
            StatTile {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                label: qsTr("Cost today")
                value: Overview.costToday
                hint: qsTr("at catalog prices")
                iconName: "payments"
                tint: Theme.success
            }
        }

        // Traffic chart and providers side by side.
        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            spacing: Theme.gap

            Card {
                Layout.fillWidth: true
                Layout.preferredHeight: 300
                title: qsTr("Traffic")
                subtitle: qsTr("Last 5 minutes, per second")
                actions: [
                    RowLayout {
                        spacing: 16
                        RowLayout {
                            spacing: 6
                            Rectangle { Layout.preferredWidth: 10; Layout.preferredHeight: 10; radius: 3; color: Theme.chartRequests }
                            Label { text: qsTr("Requests"); color: Theme.textMuted; font.pixelSize: Theme.smallSize }
                        }
                        RowLayout {
                            spacing: 6
                            Rectangle { Layout.preferredWidth: 10; Layout.preferredHeight: 3; radius: 1.5; color: Theme.chartLatency }
                            Label {
                                text: qsTr("p50 latency (%1)").arg(Overview.latencyAxisUnit)
                                color: Theme.textMuted
                                font.pixelSize: Theme.smallSize
                            }
                        }
                    }
                ]
                TrafficChart {
                    objectName: "trafficChart"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.leftMargin: -8
                    Layout.rightMargin: -8
                }
            }
            Card {
                Layout.preferredWidth: Math.max(320, Math.round(page.availableWidth * 0.3))
                Layout.preferredHeight: 300
                title: qsTr("Providers")
                subtitle: qsTr("%1 of %2 healthy").arg(Overview.providers.healthy).arg(Overview.providers.count)
                ProviderList {
                    Layout.fillWidth: true
                    model: Overview.providers
                }
                Item { Layout.fillHeight: true }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 4
                    FieldLabel { text: qsTr("Configured in") }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 6
                        Label {
                            objectName: "configPath"
                            Layout.fillWidth: true
                            text: Gateway.configPath
                            color: Theme.textMuted
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.smallSize
                            elide: Text.ElideMiddle
                        }
                        ActionButton {
                            kind: "ghost"
                            iconName: "content_copy"
                            implicitHeight: 26
                            onClicked: Shell.copy(Gateway.configPath, qsTr("Config path"))
                        }
                    }
                }
            }
        }

        Card {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            title: qsTr("Recent requests")
            subtitle: qsTr("Newest first, as they finish")
            RequestTable {
                Layout.fillWidth: true
                // Rows reach closer to the card's edge than its text; the columns stay aligned with the title.
                Layout.leftMargin: -8
                Layout.rightMargin: -8
                model: Overview.recentRequests
            }
        }

        Card {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            title: qsTr("Connect a tool")
            subtitle: qsTr("Paste into a terminal or your code; tools that read OPENAI_BASE_URL need only the environment")
            actions: [
                SegmentedTabs {
                    id: snippetTabs
                    objectName: "snippetTabs"
                    labels: Overview.snippetTitles
                }
            ]
            CodeBlock {
                objectName: "snippetCode"
                Layout.fillWidth: true
                code: Overview.snippets[snippetTabs.currentIndex] ?? ""
                what: Overview.snippetTitles[snippetTabs.currentIndex] ?? ""
            }
        }

        Item { Layout.preferredHeight: Theme.pagePadding - Theme.gap }
    }
}
