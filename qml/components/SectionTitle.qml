// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls.Basic
import Switchyard.Ui

// A heading inside a page, between cards.
Label {
    color: Theme.text
    font.pixelSize: Theme.subtitleSize
    font.weight: Font.DemiBold
}
