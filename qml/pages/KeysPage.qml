// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// Virtual keys for each tool or person (created here, shown once, listed masked with their spend
// and limits, usage over time, revoked), the budgets and their alerts, and who may use the
// gateway from where, with what redacted.
ScrollView {
    id: page
    objectName: "keysPage"

    contentWidth: availableWidth
    clip: true

    // Spend and rate windows move with traffic: the controller polls while the page shows.
    Binding {
        target: ApiKeys
        property: "watching"
        value: page.visible && (page.Window.window ? page.Window.window.visible : false)
    }

    component Caption: Label {
        color: Theme.textFaint
        font.pixelSize: Theme.smallSize
        wrapMode: Text.Wrap
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
            title: qsTr("API Keys")
            subtitle: qsTr("A key per tool or person, with its own budget, rate limits and models")
            StatusBadge {
                objectName: "keyModeBadge"
                text: ApiKeys.requireApiKey ? qsTr("Keys required") : qsTr("Keyless on this computer")
                tone: ApiKeys.requireApiKey ? "ok" : "neutral"
            }
            ActionButton {
                objectName: "newKeyButton"
                kind: "primary"
                iconName: "add"
                text: qsTr("New key")
                onClicked: createDialog.open()
            }
        }

        // Budgets: everything together, the keyless traffic, and the alerts of this period.
        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            spacing: Theme.gap

            Card {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.fillHeight: true
                title: qsTr("Global budget")
                subtitle: qsTr("All traffic, with or without a key")
                MeterBar {
                    Layout.fillWidth: true
                    visible: ApiKeys.globalFraction >= 0
                    fraction: ApiKeys.globalFraction
                }
                Label {
                    objectName: "globalBudgetText"
                    Layout.fillWidth: true
                    text: ApiKeys.globalBudget
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
                Caption {
                    Layout.fillWidth: true
                    visible: ApiKeys.globalFraction < 0
                    text: qsTr("No global budget: set budgets.global in the config file or with PUT /api/admin/budget.")
                }
                Item { Layout.fillHeight: true }
            }
            Card {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.fillHeight: true
                title: qsTr("Keyless requests")
                subtitle: qsTr("Requests without a key: the anonymous local key")
                MeterBar {
                    Layout.fillWidth: true
                    visible: ApiKeys.localFraction >= 0
                    fraction: ApiKeys.localFraction
                }
                Label {
                    objectName: "localBudgetText"
                    Layout.fillWidth: true
                    text: ApiKeys.localBudget
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
                Caption {
                    Layout.fillWidth: true
                    text: ApiKeys.requireApiKey ? qsTr("Refused now: every request needs a key.")
                                             : qsTr("Its budget is budgets.local in the config file.")
                }
                Item { Layout.fillHeight: true }
            }
            Card {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.fillHeight: true
                title: qsTr("Budget alerts")
                subtitle: qsTr("At 50, 80 and 100 % of a budget, this period")
                Repeater {
                    objectName: "alertList"
                    model: ApiKeys.alerts.slice(0, 3)
                    delegate: RowLayout {
                        id: alertRow
                        required property string modelData
                        Layout.fillWidth: true
                        spacing: 8
                        AppIcon {
                            Layout.alignment: Qt.AlignTop
                            name: "notifications_active"
                            size: 16
                            color: Theme.warning
                        }
                        Label {
                            Layout.fillWidth: true
                            text: alertRow.modelData
                            color: Theme.text
                            font.pixelSize: Theme.smallSize
                            wrapMode: Text.Wrap
                            maximumLineCount: 2
                            elide: Text.ElideRight
                        }
                    }
                }
                Caption {
                    Layout.fillWidth: true
                    visible: ApiKeys.alerts.length === 0
                    text: qsTr("None yet. Alerts also arrive as desktop notifications and in the log.")
                }
                Item { Layout.fillHeight: true }
            }
        }

        // The keys.
        Card {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            title: qsTr("Keys")
            subtitle: ApiKeys.keys.count === 0 ? qsTr("Requests name a key with Authorization: Bearer sy-…")
                                            : qsTr("%1 active of %2 · spend in each key's budget period").arg(ApiKeys.keys.activeCount).arg(ApiKeys.keys.count)
            spacing: 0

            Label {
                objectName: "keysError"
                visible: ApiKeys.error.length > 0 && !createDialog.visible
                Layout.fillWidth: true
                Layout.bottomMargin: 8
                text: ApiKeys.error
                color: Theme.danger
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
            }

            Repeater {
                id: keyRows
                objectName: "keyRows"
                model: ApiKeys.keys
                delegate: Rectangle {
                    id: row
                    required property int index
                    required property string keyId
                    required property string name
                    required property string mask
                    required property string status
                    required property string dates
                    required property string spendText
                    required property real spendFraction
                    required property string limitText
                    required property real limitFraction
                    required property string rulesText

                    objectName: "keyRow_" + row.name
                    Layout.fillWidth: true
                    Layout.leftMargin: -8
                    Layout.rightMargin: -8
                    implicitHeight: rowLayout.implicitHeight + 28
                    radius: Theme.radiusSmall
                    color: ApiKeys.selectedId === row.keyId ? Theme.accentSoft : hover.hovered ? Theme.hover : "transparent"

                    HoverHandler { id: hover }

                    RowLayout {
                        id: rowLayout
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.verticalCenter: parent.verticalCenter
                        anchors.leftMargin: 8
                        anchors.rightMargin: 8
                        spacing: 24

                        ColumnLayout {
                            id: nameColumn
                            Layout.fillWidth: true
                            Layout.preferredWidth: 3
                            spacing: 4
                            RowLayout {
                                spacing: 8
                                Layout.fillWidth: true
                                Label {
                                    Layout.maximumWidth: nameColumn.width - statusBadge.implicitWidth - 8
                                    text: row.name
                                    color: row.status === "active" ? Theme.text : Theme.textMuted
                                    font.pixelSize: Theme.bodySize
                                    font.weight: Font.DemiBold
                                    elide: Text.ElideRight
                                }
                                StatusBadge {
                                    id: statusBadge
                                    objectName: "statusBadge"
                                    text: row.status === "active" ? qsTr("Active") : row.status === "revoked" ? qsTr("Revoked") : qsTr("Expired")
                                    tone: row.status === "active" ? "ok" : row.status === "revoked" ? "error" : "warning"
                                }
                            }
                            Label {
                                objectName: "maskLabel"
                                text: row.mask
                                color: Theme.textMuted
                                font.family: Theme.monoFamily
                                font.pixelSize: Theme.smallSize
                            }
                            Label {
                                Layout.fillWidth: true
                                text: row.dates
                                color: Theme.textFaint
                                font.pixelSize: Theme.captionSize
                                elide: Text.ElideRight
                            }
                            Label {
                                Layout.fillWidth: true
                                text: row.rulesText
                                color: Theme.textFaint
                                font.pixelSize: Theme.captionSize
                                elide: Text.ElideRight
                            }
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            Layout.preferredWidth: 3
                            spacing: 6
                            FieldLabel { text: qsTr("Spend") }
                            MeterBar {
                                objectName: "spendBar"
                                Layout.fillWidth: true
                                fraction: row.spendFraction
                            }
                            Label {
                                objectName: "spendText"
                                Layout.fillWidth: true
                                text: row.spendText
                                color: Theme.text
                                font.pixelSize: Theme.smallSize
                                elide: Text.ElideRight
                                wrapMode: Text.Wrap
                                maximumLineCount: 2
                            }
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            Layout.preferredWidth: 3
                            spacing: 6
                            FieldLabel { text: qsTr("Rate limits") }
                            MeterBar {
                                objectName: "limitBar"
                                Layout.fillWidth: true
                                fraction: row.limitFraction
                            }
                            Label {
                                objectName: "limitText"
                                Layout.fillWidth: true
                                text: row.limitText
                                color: Theme.text
                                font.pixelSize: Theme.smallSize
                                elide: Text.ElideRight
                                wrapMode: Text.Wrap
                                maximumLineCount: 2
                            }
                        }
                        RowLayout {
                            spacing: 4
                            Layout.alignment: Qt.AlignVCenter
                            ActionButton {
                                objectName: "usageButton"
                                kind: "ghost"
                                iconName: "insights"
                                text: qsTr("Usage")
                                onClicked: ApiKeys.selectedId = ApiKeys.selectedId === row.keyId ? "" : row.keyId
                            }
                            ActionButton {
                                objectName: "revokeButton"
                                kind: "ghost"
                                danger: row.status !== "revoked"
                                iconName: row.status === "revoked" ? "undo" : "block"
                                text: row.status === "revoked" ? qsTr("Restore") : qsTr("Revoke")
                                enabled: row.status !== "expired"
                                onClicked: row.status === "revoked" ? ApiKeys.activate(row.keyId) : ApiKeys.revoke(row.keyId)
                            }
                        }
                    }
                    Rectangle {
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.bottom: parent.bottom
                        anchors.leftMargin: 8
                        anchors.rightMargin: 8
                        height: 1
                        color: Theme.border
                        visible: row.index < keyRows.count - 1 && ApiKeys.selectedId !== row.keyId
                    }
                }
            }

            ColumnLayout {
                objectName: "emptyKeys"
                visible: ApiKeys.keys.count === 0
                Layout.fillWidth: true
                Layout.topMargin: 18
                Layout.bottomMargin: 18
                spacing: 8
                AppIcon {
                    Layout.alignment: Qt.AlignHCenter
                    name: "vpn_key"
                    size: 30
                    color: Theme.textFaint
                }
                Label {
                    Layout.alignment: Qt.AlignHCenter
                    text: qsTr("No keys yet")
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    font.weight: Font.DemiBold
                }
                Label {
                    Layout.alignment: Qt.AlignHCenter
                    text: qsTr("Create one for each tool or person to give it a budget and limits of its own.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.smallSize
                }
            }
        }

        // One key's usage over the last 30 days.
        Card {
            objectName: "usageCard"
            visible: ApiKeys.selectedId.length > 0
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            title: qsTr("Usage of %1").arg(ApiKeys.selectedName)
            subtitle: ApiKeys.usage.summary
            actions: [
                ActionButton {
                    objectName: "closeUsageButton"
                    kind: "ghost"
                    iconName: "close"
                    onClicked: ApiKeys.selectedId = ""
                }
            ]

            Item {
                Layout.fillWidth: true
                Layout.preferredHeight: 170

                Label {
                    id: peakLabel
                    anchors.left: parent.left
                    anchors.top: parent.top
                    text: qsTr("Busiest day: %1").arg(ApiKeys.usage.peak)
                    color: Theme.textFaint
                    font.pixelSize: Theme.captionSize
                }
                Rectangle { // the peak's line
                    anchors.left: parent.left
                    anchors.right: parent.right
                    y: bars.y
                    height: 1
                    color: Theme.chartGrid
                }
                Rectangle { // the baseline
                    anchors.left: parent.left
                    anchors.right: parent.right
                    y: bars.y + bars.height
                    height: 1
                    color: Theme.border
                }
                RowLayout {
                    id: bars
                    objectName: "usageBars"
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.top: peakLabel.bottom
                    anchors.topMargin: 8
                    anchors.bottom: dayLabels.top
                    anchors.bottomMargin: 6
                    spacing: 4
                    Repeater {
                        model: ApiKeys.usage
                        delegate: Item {
                            id: bar
                            required property int index
                            required property string day
                            required property real fraction
                            required property int requests
                            required property string detail
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            HoverHandler { id: barHover }
                            Rectangle {
                                anchors.bottom: parent.bottom
                                anchors.horizontalCenter: parent.horizontalCenter
                                width: Math.min(parent.width, 22)
                                height: bar.requests > 0 ? Math.max(2, bar.fraction * parent.height) : 0
                                radius: 3
                                color: barHover.hovered ? Theme.accentHover : Theme.chartRequests
                            }
                            ToolTip.visible: barHover.hovered
                            ToolTip.text: bar.detail
                        }
                    }
                }
                RowLayout {
                    id: dayLabels
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.bottom: parent.bottom
                    spacing: 4
                    Repeater {
                        model: ApiKeys.usage
                        delegate: Label {
                            required property int index
                            required property string day
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                            horizontalAlignment: Text.AlignHCenter
                            // Every fifth day and today: enough to read the dates, never crowded.
                            text: index % 5 === 4 || index === ApiKeys.usage.count - 1 ? day : ""
                            color: Theme.textFaint
                            font.pixelSize: Theme.captionSize
                        }
                    }
                }
            }
        }

        // Who may use the gateway, from where, and what is redacted.
        Card {
            objectName: "securityCard"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pagePadding
            Layout.rightMargin: Theme.pagePadding
            title: qsTr("Security")
            subtitle: qsTr("Saved to your config file; each change applies to the next request")
            spacing: 18

            Label {
                objectName: "settingsError"
                visible: ApiKeys.settingsError.length > 0
                Layout.fillWidth: true
                text: ApiKeys.settingsError
                color: Theme.danger
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
            }

            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: 40
                rowSpacing: 18

                // Keys required or not.
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    spacing: 6
                    FieldLabel { text: qsTr("Access") }
                    AppSwitch {
                        objectName: "requireKeySwitch"
                        Layout.fillWidth: true
                        text: qsTr("Require an API key for every request")
                        checked: ApiKeys.requireApiKey
                        enabled: !(ApiKeys.reachable && ApiKeys.requireApiKey)
                        onToggled: {
                            ApiKeys.setRequireApiKey(checked)
                            checked = Qt.binding(() => ApiKeys.requireApiKey) // the engine decides
                        }
                    }
                    Caption {
                        Layout.fillWidth: true
                        text: ApiKeys.reachable
                              ? qsTr("Switchyard listens where other machines can reach it, so keys stay required.")
                              : qsTr("Off: tools on this computer work without a key and count against the anonymous local key.")
                    }
                }

                // Allowed origins (CORS).
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    spacing: 6
                    FieldLabel { text: qsTr("Web pages allowed to call the gateway") }
                    Flow {
                        Layout.fillWidth: true
                        spacing: 6
                        visible: ApiKeys.allowedOrigins.length > 0
                        Repeater {
                            model: ApiKeys.allowedOrigins
                            delegate: Rectangle {
                                id: chip
                                required property string modelData
                                objectName: "origin_" + chip.modelData
                                implicitWidth: chipRow.implicitWidth + 16
                                implicitHeight: 28
                                radius: 14
                                color: Theme.surfaceSunken
                                border.color: Theme.border
                                RowLayout {
                                    id: chipRow
                                    anchors.centerIn: parent
                                    spacing: 4
                                    Label {
                                        text: chip.modelData
                                        color: Theme.text
                                        font.family: Theme.monoFamily
                                        font.pixelSize: Theme.smallSize
                                    }
                                    AbstractButton {
                                        objectName: "removeOrigin"
                                        implicitWidth: 18
                                        implicitHeight: 18
                                        onClicked: ApiKeys.removeOrigin(chip.modelData)
                                        contentItem: AppIcon { name: "close"; size: 14; color: Theme.textMuted }
                                    }
                                }
                            }
                        }
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 8
                        InputField {
                            id: originField
                            objectName: "originField"
                            Layout.fillWidth: true
                            mono: true
                            placeholderText: "http://localhost:5173"
                            onAccepted: ApiKeys.addOrigin(text)
                        }
                        ActionButton {
                            objectName: "addOriginButton"
                            text: qsTr("Allow")
                            enabled: originField.text.trim().length > 0
                            onClicked: ApiKeys.addOrigin(originField.text)
                        }
                    }
                    Caption {
                        Layout.fillWidth: true
                        text: qsTr("Requests from any other web page are refused, so a site you visit cannot spend your money.")
                    }
                }
            }

            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: 1
                color: Theme.border
            }

            // Redaction.
            RowLayout {
                Layout.fillWidth: true
                spacing: 16
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    FieldLabel { text: qsTr("Redaction") }
                    Caption {
                        Layout.fillWidth: true
                        text: qsTr("Personal data and secrets replaced by a placeholder before they leave this computer, or only in what Switchyard logs.")
                    }
                }
                AppSwitch {
                    objectName: "target_requests"
                    text: qsTr("Requests")
                    checked: ApiKeys.redactRequests
                    onToggled: {
                        ApiKeys.setRedactionTarget("requests", checked)
                        checked = Qt.binding(() => ApiKeys.redactRequests)
                    }
                }
                AppSwitch {
                    objectName: "target_responses"
                    text: qsTr("Responses")
                    checked: ApiKeys.redactResponses
                    onToggled: {
                        ApiKeys.setRedactionTarget("responses", checked)
                        checked = Qt.binding(() => ApiKeys.redactResponses)
                    }
                }
                AppSwitch {
                    objectName: "target_logs"
                    text: qsTr("Logs")
                    checked: ApiKeys.redactLogs
                    onToggled: {
                        ApiKeys.setRedactionTarget("logs", checked)
                        checked = Qt.binding(() => ApiKeys.redactLogs)
                    }
                }
            }

            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: 40
                rowSpacing: 10
                Repeater {
                    model: ApiKeys.redactionRules
                    delegate: RowLayout {
                        id: rule
                        required property string ruleName
                        required property string label
                        required property string detail
                        required property bool builtIn
                        required property bool enabled
                        objectName: "rule_" + rule.ruleName
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        spacing: 10
                        AppSwitch {
                            objectName: "ruleSwitch"
                            visible: rule.builtIn
                            checked: rule.enabled
                            onToggled: {
                                ApiKeys.setRuleEnabled(rule.ruleName, checked)
                                checked = Qt.binding(() => rule.enabled)
                            }
                        }
                        AppIcon {
                            visible: !rule.builtIn
                            Layout.preferredWidth: 38
                            name: "rule"
                            size: 18
                            color: Theme.accent
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 1
                            Label {
                                text: rule.label
                                color: Theme.text
                                font.pixelSize: Theme.bodySize
                            }
                            Label {
                                Layout.fillWidth: true
                                text: rule.detail
                                color: Theme.textFaint
                                font.family: rule.builtIn ? Theme.fontFamily : Theme.monoFamily
                                font.pixelSize: Theme.captionSize
                                elide: Text.ElideRight
                            }
                        }
                        ActionButton {
                            objectName: "removeRule"
                            visible: !rule.builtIn
                            kind: "ghost"
                            danger: true
                            iconName: "delete"
                            onClicked: ApiKeys.removeCustomRule(rule.ruleName)
                        }
                    }
                }
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                InputField {
                    id: ruleName
                    objectName: "ruleNameField"
                    Layout.preferredWidth: 160
                    placeholderText: qsTr("Rule name")
                }
                InputField {
                    id: rulePattern
                    objectName: "rulePatternField"
                    Layout.fillWidth: true
                    mono: true
                    placeholderText: qsTr("Regular expression, such as EMP-\\d{6}")
                }
                InputField {
                    id: ruleReplacement
                    objectName: "ruleReplacementField"
                    Layout.preferredWidth: 180
                    placeholderText: qsTr("Replacement (optional)")
                }
                ActionButton {
                    objectName: "addRuleButton"
                    iconName: "add"
                    text: qsTr("Add rule")
                    enabled: ruleName.text.trim().length > 0 && rulePattern.text.length > 0
                    onClicked: ApiKeys.addCustomRule(ruleName.text, rulePattern.text, ruleReplacement.text)
                }
            }
        }

        Item { Layout.preferredHeight: Theme.pagePadding - Theme.gap }
    }

    Connections {
        target: ApiKeys
        function onOriginAdded(): void { originField.clear() }
        function onCustomRuleAdded(): void {
            ruleName.clear()
            rulePattern.clear()
            ruleReplacement.clear()
        }
    }

    KeyDialog {
        id: createDialog
        objectName: "createDialog"
    }
}
