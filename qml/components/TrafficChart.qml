// SPDX-License-Identifier: MIT
import QtQuick
import QtCharts
import Switchyard.App
import Switchyard.Ui

// Requests per second (filled, left axis) and p50 latency (line, right axis) over the last five
// minutes, one point per second. The data comes from Overview.fillTraffic once a second.
ChartView {
    id: chart

    readonly property font axisFont: Qt.font({ family: Theme.fontFamily, pixelSize: Theme.captionSize })

    antialiasing: true
    backgroundColor: "transparent"
    plotAreaColor: "transparent"
    backgroundRoundness: 0
    dropShadowEnabled: false
    animationOptions: ChartView.NoAnimation
    legend.visible: false
    margins.left: 0
    margins.right: 0
    margins.top: 4
    margins.bottom: 0

    DateTimeAxis {
        id: timeAxis
        min: Overview.trafficStart
        max: Overview.trafficEnd
        format: "HH:mm"
        tickCount: 6
        labelsFont: chart.axisFont
        labelsColor: Theme.textFaint
        gridLineColor: Theme.chartGrid
        lineVisible: false
        shadesVisible: false
    }
    ValueAxis {
        id: requestsAxis
        min: 0
        max: Overview.requestsAxisMax
        tickCount: 6
        labelFormat: "%.0f"
        labelsFont: chart.axisFont
        labelsColor: Theme.textFaint
        gridLineColor: Theme.chartGrid
        lineVisible: false
    }
    ValueAxis {
        id: latencyAxis
        min: 0
        max: Overview.latencyAxisMax
        tickCount: 6
        labelFormat: Overview.latencyAxisUnit === "s" ? "%.1f" : "%.0f"
        labelsFont: chart.axisFont
        labelsColor: Theme.textFaint
        gridVisible: false
        lineVisible: false
    }
    AreaSeries {
        id: requestsArea
        axisX: timeAxis
        axisY: requestsAxis
        color: Qt.rgba(Theme.chartRequests.r, Theme.chartRequests.g, Theme.chartRequests.b, Theme.dark ? 0.22 : 0.14)
        borderColor: Theme.chartRequests
        borderWidth: 2
        upperSeries: LineSeries { id: requestsLine }
    }
    LineSeries {
        id: latencyLine
        axisX: timeAxis
        axisYRight: latencyAxis
        color: Theme.chartLatency
        width: 2
    }

    function refresh(): void {
        Overview.fillTraffic(requestsLine, latencyLine)
    }

    Connections {
        target: Overview
        function onTrafficChanged(): void { chart.refresh() }
    }
    Component.onCompleted: refresh()
}
