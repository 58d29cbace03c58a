// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// Connect a tool: for each coding tool, the exact settings that point it at this gateway (its
// address as it listens now), ready to copy. The same settings as docs/connect-tools.md and the
// ones the tool tests run each tool with (resources/connect-tools.json).
ScrollView {
    id: page
    objectName: "connectPage"

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
            title: qsTr("Connect a tool")
            subtitle: qsTr("Point a coding tool at Switchyard: paste these settings, then run it as usual")
            FieldLabel { text: qsTr("Model") }
            ModelPicker {
                objectName: "connectModel"
                Layout.preferredWidth: 260
                models: Connect.models
                current: Connect.model
                placeholder: qsTr("Each tool's example model")
                onPicked: (modelId) => Connect.model = modelId
            }
            ActionButton {
                objectName: "exampleModels"
                visible: Connect.model.length > 0
                kind: "secondary"
                iconName: "undo"
                text: qsTr("Examples")
                onClicked: Connect.model = ""
            }
        }

        Card {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            title: qsTr("Tools")
            subtitle: qsTr("The settings the test suite runs each tool with, for this gateway")
            actions: [
                SegmentedTabs {
                    id: toolTabs
                    objectName: "toolTabs"
                    labels: Connect.toolNames
                }
            ]

            Label {
                objectName: "keyAndModel"
                Layout.fillWidth: true
                text: qsTr("The key %1 stands for any string: Switchyard checks keys only when server.requireApiKey is on (then use a virtual key). Any model Switchyard serves works with any tool, translated when its provider speaks another protocol: pick one above.")
                    .arg(Connect.key)
                wrapMode: Text.Wrap
                color: Theme.textMuted
                font.pixelSize: Theme.smallSize
            }

            Repeater {
                model: Connect.tools
                delegate: ColumnLayout {
                    id: tool
                    required property int index
                    required property string toolId
                    required property string name
                    required property string version
                    required property string speaks
                    required property string install
                    required property string env
                    required property var files
                    required property string run
                    required property string note
                    objectName: "tool_" + tool.toolId
                    visible: tool.index === toolTabs.currentIndex
                    Layout.fillWidth: true
                    spacing: 8

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 10
                        Label {
                            text: tool.name
                            color: Theme.text
                            font.pixelSize: Theme.subtitleSize
                            font.weight: Font.DemiBold
                        }
                        StatusBadge {
                            text: qsTr("tested with %1").arg(tool.version)
                            tone: "ok"
                        }
                        Label {
                            Layout.fillWidth: true
                            text: tool.speaks
                            color: Theme.textMuted
                            font.pixelSize: Theme.smallSize
                            elide: Text.ElideRight
                        }
                    }

                    FieldLabel { Layout.topMargin: 6; text: qsTr("Install") }
                    CodeBlock {
                        objectName: "install"
                        Layout.fillWidth: true
                        code: tool.install
                        what: qsTr("Install command")
                    }
                    FieldLabel { Layout.topMargin: 6; visible: tool.env.length > 0; text: qsTr("Environment") }
                    CodeBlock {
                        objectName: "env"
                        visible: tool.env.length > 0
                        Layout.fillWidth: true
                        code: tool.env
                        what: qsTr("Environment")
                    }
                    Repeater {
                        model: tool.files
                        delegate: ColumnLayout {
                            id: file
                            required property var modelData
                            Layout.fillWidth: true
                            spacing: 8
                            FieldLabel {
                                Layout.topMargin: 6
                                text: file.modelData.path
                                font.capitalization: Font.MixedCase
                            }
                            CodeBlock {
                                objectName: "file"
                                Layout.fillWidth: true
                                code: file.modelData.text
                                what: file.modelData.path
                            }
                        }
                    }
                    FieldLabel { Layout.topMargin: 6; text: qsTr("Run") }
                    CodeBlock {
                        objectName: "run"
                        Layout.fillWidth: true
                        code: tool.run
                        what: qsTr("Command")
                    }
                    Label {
                        objectName: "note"
                        Layout.fillWidth: true
                        Layout.topMargin: 6
                        text: tool.note
                        wrapMode: Text.Wrap
                        color: Theme.textMuted
                        font.pixelSize: Theme.smallSize
                    }
                }
            }
        }

        Item { Layout.preferredHeight: Theme.pagePadding - Theme.gap }
    }
}
