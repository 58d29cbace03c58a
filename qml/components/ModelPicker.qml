// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Switchyard.App
import Switchyard.Ui

// Picks one of the gateway's models (virtual ones first): a Playground pane's (session), or
// any other screen's (models, current, picked; placeholder shows while none is picked).
ComboBox {
    id: picker

    property PlaygroundSession session
    property ModelListModel models: Playground.models
    property string current: session ? session.model : ""
    property string placeholder
    signal picked(string modelId)

    model: picker.models
    textRole: "modelId"
    valueRole: "modelId"
    currentIndex: picker.models ? picker.models.indexOf(picker.current) : -1
    displayText: currentIndex < 0 && placeholder.length > 0 ? placeholder : currentText
    onActivated: {
        if (session)
            session.model = currentValue
        picked(currentValue)
    }
    implicitHeight: Theme.controlHeight
    font.pixelSize: Theme.bodySize
    hoverEnabled: true

    contentItem: Label {
        leftPadding: 12
        rightPadding: picker.indicator.width + 8
        text: picker.displayText
        color: Theme.text
        font: picker.font
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    indicator: AppIcon {
        x: picker.width - width - 10
        y: (picker.height - height) / 2
        name: "expand_more"
        size: 18
        color: Theme.textMuted
    }
    background: Rectangle {
        radius: Theme.radiusSmall
        color: picker.hovered ? Theme.hover : Theme.surfaceRaised
        border.color: picker.activeFocus || picker.popup.visible ? Theme.accent : Theme.borderStrong
    }
    delegate: ItemDelegate {
        id: option
        required property int index
        required property string modelId
        required property string description
        required property bool isVirtual
        width: ListView.view.width
        implicitHeight: 44
        highlighted: picker.highlightedIndex === option.index
        hoverEnabled: true
        contentItem: RowLayout {
            spacing: 10
            AppIcon {
                name: option.isVirtual ? "auto_awesome" : "memory"
                size: 16
                color: option.isVirtual ? Theme.accent : Theme.textFaint
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 1
                Label {
                    Layout.fillWidth: true
                    text: option.modelId
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    font.weight: picker.currentIndex === option.index ? Font.DemiBold : Font.Normal
                    elide: Text.ElideRight
                }
                Label {
                    Layout.fillWidth: true
                    text: option.description
                    color: Theme.textFaint
                    font.pixelSize: Theme.captionSize
                    elide: Text.ElideRight
                }
            }
        }
        background: Rectangle {
            radius: Theme.radiusSmall
            color: option.highlighted || option.hovered ? Theme.hover : "transparent"
        }
    }
    popup: Popup {
        y: picker.height + 4
        width: picker.width
        implicitHeight: Math.min(contentItem.implicitHeight + 12, 360)
        padding: 6
        contentItem: ListView {
            clip: true
            implicitHeight: contentHeight
            model: picker.popup.visible ? picker.delegateModel : null
            currentIndex: picker.highlightedIndex
            ScrollIndicator.vertical: ScrollIndicator {}
        }
        background: Rectangle {
            radius: Theme.radius
            color: Theme.surfaceRaised
            border.color: Theme.borderStrong
        }
    }
}
