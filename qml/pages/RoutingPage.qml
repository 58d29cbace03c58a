// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// How `auto`, `fast`, `cheap` and `quality` pick a model: strategy and weights, constraints,
// prefer-local, fallback chains; a live preview and a what-if over the real request log show the
// effect before it is applied.
ScrollView {
    id: page
    objectName: "routingPage"

    contentWidth: availableWidth
    clip: true

    readonly property bool wide: availableWidth > 1000

    component WeightRow: ColumnLayout {
        id: weightRow
        property string label
        property string key
        property real value
        signal moved(real value)
        Layout.fillWidth: true
        spacing: 4
        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: weightRow.label
                color: Theme.text
                font.pixelSize: Theme.bodySize
            }
            Label {
                objectName: "share_" + weightRow.key
                text: Math.round(weightRow.value * 100) + " %"
                color: Theme.text
                font.family: Theme.monoFamily
                font.pixelSize: Theme.smallSize
            }
        }
        AppSlider {
            objectName: "slider_" + weightRow.key
            Layout.fillWidth: true
            from: 0
            to: 1
            stepSize: 0.01
            value: weightRow.value
            onMoved: weightRow.moved(value)
        }
    }

    ColumnLayout {
        width: page.availableWidth
        spacing: Theme.gap

        Item { Layout.preferredHeight: Theme.pagePadding - Theme.gap }

        PageHeader {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            Layout.bottomMargin: 4
            title: qsTr("Routing")
            subtitle: qsTr("How auto, fast, cheap and quality choose a model")
            StatusBadge {
                visible: Routing.dirty
                tone: "warning"
                text: qsTr("Not applied yet")
            }
            ActionButton {
                objectName: "revertButton"
                kind: "ghost"
                iconName: "undo"
                text: qsTr("Revert")
                enabled: Routing.dirty && !Routing.applying
                onClicked: Routing.revert()
            }
            ActionButton {
                objectName: "applyButton"
                kind: "primary"
                iconName: "check"
                text: qsTr("Apply")
                enabled: Routing.dirty && !Routing.applying
                onClicked: Routing.apply()
            }
        }

        Label {
            objectName: "routingMessage"
            visible: text.length > 0
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            text: Routing.message
            color: Routing.messageIsError ? Theme.danger : Theme.success
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            columns: page.wide ? 2 : 1
            columnSpacing: Theme.gap
            rowSpacing: Theme.gap

            // Settings column.
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: Theme.gap

                Card {
                    Layout.fillWidth: true
                    title: qsTr("Strategy")
                    subtitle: Routing.strategyHint
                    SegmentedTabs {
                        id: strategyTabs
                        objectName: "strategyTabs"
                        labels: Routing.strategies
                        onCurrentIndexChanged: Routing.strategy = Routing.strategies[currentIndex]
                        Binding on currentIndex { value: Routing.strategies.indexOf(Routing.strategy) }
                    }
                    WeightRow {
                        label: qsTr("Cost")
                        key: "cost"
                        value: Routing.costWeight
                        onMoved: (v) => Routing.costWeight = v
                    }
                    WeightRow {
                        label: qsTr("Quality")
                        key: "quality"
                        value: Routing.qualityWeight
                        onMoved: (v) => Routing.qualityWeight = v
                    }
                    WeightRow {
                        label: qsTr("Latency")
                        key: "latency"
                        value: Routing.latencyWeight
                        onMoved: (v) => Routing.latencyWeight = v
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("The weights always add up to 100 %: moving one shares the rest between the other two.")
                        color: Theme.textFaint
                        font.pixelSize: Theme.smallSize
                        wrapMode: Text.Wrap
                    }
                }

                Card {
                    Layout.fillWidth: true
                    title: qsTr("Constraints")
                    subtitle: qsTr("Models outside these limits are never chosen by score")
                    GridLayout {
                        Layout.fillWidth: true
                        columns: 2
                        columnSpacing: Theme.gap
                        rowSpacing: 6
                        FieldLabel { text: qsTr("Max price, $ per 1M tokens") }
                        FieldLabel { text: qsTr("Max p95 latency, ms") }
                        AppTextField {
                            objectName: "maxPrice"
                            Layout.fillWidth: true
                            text: Routing.maxPriceText
                            placeholderText: qsTr("no limit")
                            invalid: Routing.constraintError.length > 0
                            onTextEdited: Routing.maxPriceText = text
                        }
                        AppTextField {
                            objectName: "maxP95"
                            Layout.fillWidth: true
                            text: Routing.maxP95Text
                            placeholderText: qsTr("no limit")
                            invalid: Routing.constraintError.length > 0
                            onTextEdited: Routing.maxP95Text = text
                        }
                    }
                    Label {
                        visible: Routing.constraintError.length > 0
                        Layout.fillWidth: true
                        text: Routing.constraintError
                        color: Theme.danger
                        font.pixelSize: Theme.smallSize
                    }
                    FieldLabel { text: qsTr("Always require") }
                    Flow {
                        Layout.fillWidth: true
                        spacing: 14
                        Repeater {
                            model: Routing.capabilities
                            delegate: AppCheckBox {
                                required property string modelData
                                objectName: "cap_" + modelData
                                text: modelData
                                checked: Routing.requiredCapabilities.indexOf(modelData) >= 0
                                onToggled: Routing.setCapabilityRequired(modelData, checked)
                            }
                        }
                    }
                    Rectangle { Layout.fillWidth: true; Layout.preferredHeight: 1; color: Theme.border }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 12
                        AppSwitch {
                            objectName: "preferLocal"
                            text: qsTr("Prefer local models")
                            checked: Routing.preferLocal
                            onToggled: Routing.preferLocal = checked
                        }
                        Item { Layout.fillWidth: true }
                        Label {
                            objectName: "marginLabel"
                            text: qsTr("within %1 % of the best").arg(Math.round(Routing.localMargin * 100))
                            color: Routing.preferLocal ? Theme.text : Theme.textFaint
                            font.pixelSize: Theme.bodySize
                        }
                    }
                    AppSlider {
                        objectName: "marginSlider"
                        Layout.fillWidth: true
                        enabled: Routing.preferLocal
                        from: 0
                        to: 0.5
                        stepSize: 0.01
                        value: Routing.localMargin
                        onMoved: Routing.localMargin = value
                    }
                }

                Card {
                    objectName: "fallbackEditor"
                    Layout.fillWidth: true
                    title: qsTr("Fallback chains")
                    subtitle: qsTr("When a model fails before its first byte, these are tried in order")

                    Repeater {
                        model: Routing.fallbacks
                        delegate: ColumnLayout {
                            id: chainRow
                            required property int index
                            required property string model
                            required property var chain
                            objectName: "chain_" + chainRow.model
                            Layout.fillWidth: true
                            spacing: 6
                            RowLayout {
                                Layout.fillWidth: true
                                Label {
                                    Layout.fillWidth: true
                                    text: chainRow.model
                                    color: Theme.text
                                    font.family: Theme.monoFamily
                                    font.pixelSize: Theme.bodySize
                                    font.weight: Font.DemiBold
                                    elide: Text.ElideRight
                                }
                                ActionButton {
                                    kind: "ghost"
                                    danger: true
                                    iconName: "delete_outline"
                                    implicitHeight: 28
                                    onClicked: Routing.removeFallbackChain(chainRow.index)
                                }
                            }
                            Flow {
                                Layout.fillWidth: true
                                spacing: 6
                                Repeater {
                                    model: chainRow.chain
                                    delegate: Rectangle {
                                        id: step
                                        required property int index
                                        required property string modelData
                                        implicitWidth: stepRow.implicitWidth + 14
                                        implicitHeight: 28
                                        radius: 14
                                        color: Theme.surfaceSunken
                                        border.color: Theme.border
                                        RowLayout {
                                            id: stepRow
                                            anchors.centerIn: parent
                                            spacing: 2
                                            Label {
                                                text: (step.index + 1) + ". " + step.modelData
                                                color: Theme.text
                                                font.pixelSize: Theme.smallSize
                                            }
                                            AbstractButton {
                                                implicitWidth: 20
                                                implicitHeight: 20
                                                visible: step.index > 0
                                                contentItem: AppIcon { name: "chevron_left"; size: 16 }
                                                onClicked: Routing.moveFallbackStep(chainRow.index, step.index, -1)
                                            }
                                            AbstractButton {
                                                implicitWidth: 20
                                                implicitHeight: 20
                                                contentItem: AppIcon { name: "close"; size: 14 }
                                                onClicked: Routing.removeFallbackStep(chainRow.index, step.index)
                                            }
                                        }
                                    }
                                }
                                AppComboBox {
                                    objectName: "addStep"
                                    width: 190
                                    model: Routing.modelIds
                                    currentIndex: -1
                                    displayText: qsTr("Add a model…")
                                    onActivated: (i) => {
                                        Routing.addFallbackStep(chainRow.index, Routing.modelIds[i])
                                        currentIndex = -1
                                    }
                                }
                            }
                            Rectangle { Layout.fillWidth: true; Layout.preferredHeight: 1; color: Theme.border; opacity: 0.6 }
                        }
                    }
                    Label {
                        visible: Routing.fallbacks.count === 0
                        Layout.fillWidth: true
                        text: qsTr("No chains yet. Scored requests fall back to their runners-up on their own.")
                        color: Theme.textMuted
                        font.pixelSize: Theme.bodySize
                        wrapMode: Text.Wrap
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 8
                        AppComboBox {
                            id: newChain
                            objectName: "newChainModel"
                            Layout.fillWidth: true
                            model: Routing.modelIds
                            currentIndex: -1
                            displayText: currentIndex < 0 ? qsTr("Model to protect…") : currentText
                        }
                        ActionButton {
                            objectName: "addChainButton"
                            iconName: "add"
                            text: qsTr("Add chain")
                            enabled: newChain.currentIndex >= 0
                            onClicked: {
                                Routing.addFallbackChain(newChain.currentText)
                                newChain.currentIndex = -1
                            }
                        }
                    }
                }
            }

            // Effects column.
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: Theme.gap

                Card {
                    objectName: "previewCard"
                    Layout.fillWidth: true
                    title: qsTr("Live preview")
                    subtitle: Routing.preview.moved > 0
                        ? (Routing.preview.moved === 1 ? qsTr("1 prompt would go elsewhere with these settings")
                                                       : qsTr("%1 prompts would go elsewhere with these settings").arg(Routing.preview.moved))
                        : qsTr("Where each prompt would go as auto, with the settings on the left")
                    AppTextField {
                        objectName: "typedPrompt"
                        Layout.fillWidth: true
                        placeholderText: qsTr("Type a prompt to see where it would go…")
                        text: Routing.typedPrompt
                        onTextEdited: Routing.typedPrompt = text
                    }
                    Repeater {
                        objectName: "previewRows"
                        model: Routing.preview
                        delegate: Rectangle {
                            id: prow
                            required property int index
                            required property string label
                            required property string prompt
                            required property string classification
                            required property string model
                            required property string provider
                            required property string score
                            required property string reason
                            required property string runnerUp
                            required property string error
                            required property bool moved
                            required property string appliedModel
                            required property bool typed

                            Layout.fillWidth: true
                            implicitHeight: previewColumn.implicitHeight + 16
                            radius: Theme.radiusSmall
                            color: prow.moved ? Theme.accentSoft : prow.typed ? Theme.surfaceSunken : "transparent"
                            border.color: prow.moved || prow.typed ? Theme.border : "transparent"

                            ColumnLayout {
                                id: previewColumn
                                anchors.left: parent.left
                                anchors.right: parent.right
                                anchors.verticalCenter: parent.verticalCenter
                                anchors.leftMargin: 10
                                anchors.rightMargin: 10
                                spacing: 3
                                RowLayout {
                                    Layout.fillWidth: true
                                    spacing: 8
                                    Label {
                                        Layout.preferredWidth: 110
                                        text: prow.label
                                        color: Theme.textMuted
                                        font.pixelSize: Theme.smallSize
                                        font.weight: Font.DemiBold
                                        elide: Text.ElideRight
                                    }
                                    Label {
                                        Layout.fillWidth: true
                                        text: prow.prompt
                                        color: Theme.textFaint
                                        font.pixelSize: Theme.smallSize
                                        elide: Text.ElideRight
                                    }
                                    Label {
                                        visible: prow.moved
                                        text: qsTr("was %1").arg(prow.appliedModel)
                                        color: Theme.accent
                                        font.pixelSize: Theme.smallSize
                                    }
                                    AppIcon {
                                        visible: prow.error.length === 0
                                        name: "arrow_forward"
                                        size: 14
                                        color: Theme.textFaint
                                    }
                                    Label {
                                        objectName: "previewTarget"
                                        text: prow.error.length > 0 ? qsTr("no model fits") : prow.model
                                        color: prow.error.length > 0 ? Theme.danger : Theme.text
                                        font.pixelSize: Theme.bodySize
                                        font.weight: Font.DemiBold
                                    }
                                    Label {
                                        visible: prow.error.length === 0
                                        text: prow.score
                                        color: Theme.textMuted
                                        font.family: Theme.monoFamily
                                        font.pixelSize: Theme.smallSize
                                    }
                                }
                                Label {
                                    Layout.fillWidth: true
                                    Layout.leftMargin: 118
                                    text: prow.error.length > 0 ? prow.error
                                        : prow.reason + (prow.runnerUp.length > 0 ? "  ·  " + qsTr("runner-up %1").arg(prow.runnerUp) : "")
                                    color: Theme.textFaint
                                    font.pixelSize: Theme.captionSize
                                    elide: Text.ElideRight
                                }
                            }
                        }
                    }
                }

                Card {
                    objectName: "whatIfCard"
                    Layout.fillWidth: true
                    title: qsTr("What if")
                    subtitle: qsTr("Your last requests, replayed with these settings")
                    actions: [
                        AppComboBox {
                            objectName: "whatIfLast"
                            implicitWidth: 150
                            model: [qsTr("last 50"), qsTr("last 200"), qsTr("last 1000"), qsTr("last 2000")]
                            readonly property var counts: [50, 200, 1000, 2000]
                            currentIndex: counts.indexOf(Routing.whatIfLast)
                            onActivated: (i) => Routing.whatIfLast = counts[i]
                        }
                    ]
                    Label {
                        objectName: "whatIfSummary"
                        Layout.fillWidth: true
                        text: Routing.whatIfSummary
                        color: Theme.textMuted
                        font.pixelSize: Theme.bodySize
                        wrapMode: Text.Wrap
                    }
                    GridLayout {
                        objectName: "whatIfTable"
                        visible: Routing.whatIfReady && Routing.whatIfReplayed > 0
                        Layout.fillWidth: true
                        columns: 4
                        columnSpacing: 12
                        rowSpacing: 8
                        FieldLabel { text: ""; Layout.fillWidth: true }
                        FieldLabel { text: qsTr("Now"); Layout.preferredWidth: 96; horizontalAlignment: Text.AlignRight }
                        FieldLabel { text: qsTr("With these"); Layout.preferredWidth: 96; horizontalAlignment: Text.AlignRight }
                        FieldLabel { text: qsTr("Change"); Layout.preferredWidth: 72; horizontalAlignment: Text.AlignRight }
                        Repeater {
                            model: Routing.whatIfMetrics.length * 4
                            delegate: Label {
                                id: cell
                                required property int index
                                readonly property int metric: Math.floor(cell.index / 4)
                                readonly property int column: cell.index % 4
                                Layout.fillWidth: cell.column === 0
                                Layout.preferredWidth: cell.column === 0 ? -1 : cell.column === 3 ? 72 : 96
                                horizontalAlignment: cell.column === 0 ? Text.AlignLeft : Text.AlignRight
                                text: [Routing.whatIfMetrics, Routing.whatIfBefore, Routing.whatIfAfter, Routing.whatIfChange][cell.column][cell.metric] ?? ""
                                color: cell.column === 3 ? Theme.toneColor(Routing.whatIfTones[cell.metric] === "neutral" ? "" : Routing.whatIfTones[cell.metric]) : cell.column === 0 ? Theme.textMuted : Theme.text
                                font.pixelSize: Theme.bodySize
                                font.weight: cell.column === 3 ? Font.DemiBold : Font.Normal
                            }
                        }
                    }
                    Repeater {
                        model: Routing.whatIfMoves
                        delegate: Label {
                            required property string modelData
                            Layout.fillWidth: true
                            text: modelData
                            color: Theme.textMuted
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.smallSize
                            elide: Text.ElideRight
                        }
                    }
                }
            }
        }

        Item { Layout.preferredHeight: Theme.pagePadding - Theme.gap }
    }
}
