// SPDX-License-Identifier: MIT
import QtQuick
import Switchyard.Ui

// A Material icon by name (the icon font ships inside the app).
Text {
    property string name
    property int size: 18

    text: name
    color: Theme.textMuted
    font.family: Theme.iconFamily
    font.pixelSize: size
    horizontalAlignment: Text.AlignHCenter
    verticalAlignment: Text.AlignVCenter
    width: size
    height: size
}
