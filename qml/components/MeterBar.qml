// SPDX-License-Identifier: MIT
import QtQuick
import Switchyard.Ui

// How full a budget or a limit is: a thin track, filled to `fraction` (0..1), turning amber from
// 80 % and red when full. A negative fraction (nothing to measure against) shows an empty track.
Rectangle {
    id: bar

    property real fraction: 0
    readonly property string tone: fraction >= 1 ? "error" : fraction >= 0.8 ? "warning" : "accent"

    implicitHeight: 6
    radius: height / 2
    color: Theme.surfaceSunken
    border.color: Theme.border
    border.width: 1

    Rectangle {
        objectName: "meterFill"
        visible: bar.fraction > 0
        width: Math.max(bar.height, Math.min(1, bar.fraction) * bar.width)
        height: bar.height
        radius: bar.radius
        color: Theme.toneColor(bar.tone)
    }
}
