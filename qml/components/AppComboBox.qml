// SPDX-License-Identifier: MIT
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Switchyard.Ui

// The app's drop-down over a list of strings.
ComboBox {
    id: picker

    implicitHeight: Theme.controlHeight
    font.pixelSize: Theme.bodySize
    hoverEnabled: true

    contentItem: Label {
        leftPadding: 12
        rightPadding: picker.indicator.width + 8
        text: picker.displayText
        color: picker.enabled ? Theme.text : Theme.textFaint
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
        required property string modelData
        width: ListView.view.width
        implicitHeight: 34
        highlighted: picker.highlightedIndex === option.index
        hoverEnabled: true
        contentItem: Label {
            text: option.modelData
            color: Theme.text
            font.pixelSize: Theme.bodySize
            verticalAlignment: Text.AlignVCenter
            elide: Text.ElideRight
        }
        background: Rectangle {
            color: option.highlighted || option.hovered ? Theme.hover : "transparent"
        }
    }
    popup: Popup {
        y: picker.height + 4
        width: picker.width
        implicitHeight: Math.min(contentItem.implicitHeight + 8, 320)
        padding: 4
        contentItem: ListView {
            clip: true
            implicitHeight: contentHeight
            model: picker.popup.visible ? picker.delegateModel : null
            currentIndex: picker.highlightedIndex
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
        }
        background: Rectangle {
            radius: Theme.radiusSmall
            color: Theme.surfaceRaised
            border.color: Theme.border
        }
    }
}
