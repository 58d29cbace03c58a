// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Switchyard.Ui

// A drop-down over a list of strings, in the app's style.
ComboBox {
    id: box

    implicitHeight: Theme.controlHeight
    font.pixelSize: Theme.bodySize
    hoverEnabled: true

    contentItem: Label {
        leftPadding: 10
        rightPadding: box.indicator.width + 8
        text: box.displayText
        color: Theme.text
        font: box.font
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    indicator: AppIcon {
        x: box.width - width - 8
        y: (box.height - height) / 2
        name: "expand_more"
        size: 18
        color: Theme.textMuted
    }
    background: Rectangle {
        radius: Theme.radiusSmall
        color: box.hovered ? Theme.hover : Theme.surfaceRaised
        border.color: box.activeFocus || box.popup.visible ? Theme.accent : Theme.borderStrong
    }
    delegate: ItemDelegate {
        id: option
        required property int index
        required property var modelData
        width: ListView.view.width
        implicitHeight: 34
        highlighted: box.highlightedIndex === option.index
        contentItem: Label {
            text: option.modelData
            color: Theme.text
            font.pixelSize: Theme.bodySize
            font.weight: box.currentIndex === option.index ? Font.DemiBold : Font.Normal
            verticalAlignment: Text.AlignVCenter
        }
        background: Rectangle {
            color: option.highlighted || option.hovered ? Theme.hover : "transparent"
        }
    }
    popup: Popup {
        y: box.height + 4
        width: box.width
        implicitHeight: Math.min(contentItem.implicitHeight + 8, 300)
        padding: 4
        contentItem: ListView {
            clip: true
            implicitHeight: contentHeight
            model: box.popup.visible ? box.delegateModel : null
            currentIndex: box.highlightedIndex
        }
        background: Rectangle {
            radius: Theme.radiusSmall
            color: Theme.surfaceRaised
            border.color: Theme.borderStrong
        }
    }
}
