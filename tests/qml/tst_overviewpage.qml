// SPDX-License-Identifier: MIT
import QtTest
import Switchyard.App
import Switchyard.Ui

// The Overview against the live engine: base URL and copy, a request sent over HTTP appears in
// the table and the numbers, snippets switch, pause and resume.
TestCase {
    id: testCase
    name: "OverviewPage"
    when: windowShown
    visible: true // TestCase is invisible by default: clicks would miss its children
    width: 1200
    height: 1400

    OverviewPage {
        id: page
        anchors.fill: parent
    }

    function post(model: string): var {
        const xhr = new XMLHttpRequest() // qmllint disable unqualified
        xhr.open("POST", Gateway.apiUrl + "/chat/completions")
        xhr.setRequestHeader("Content-Type", "application/json")
        xhr.send(JSON.stringify({ model: model, messages: [{ role: "user", content: "hello from QML" }] }))
        return xhr
    }

    function test_1_baseUrlAndCopy(): void {
        tryCompare(Gateway, "listening", true)
        const field = findChild(page, "baseUrlField")
        verify(field)
        compare(field.value, Gateway.apiUrl)
        verify(Gateway.apiUrl.startsWith("http://127.0.0.1:"))
        verify(Gateway.apiUrl.endsWith("/v1"))
        const copy = findChild(field, "copyButton")
        mouseClick(copy)
        verify(Shell.notice.indexOf("Base URL") === 0)
    }

    function test_2_requestShowsUpLive(): void {
        const view = findChild(page, "recentRequestsView")
        verify(view)
        const before = view.count
        const xhr = post("mock-fast")
        tryCompare(xhr, "readyState", 4 /* DONE */, 10000)
        compare(xhr.status, 200)
        tryCompare(view, "count", before + 1, 3000)
        compare(Overview.recentRequests.count, view.count)
        const tokens = findChild(findChild(page, "statTokens"), "statValue")
        tryVerify(() => tokens.text !== "0", 3000)
        const rps = findChild(findChild(page, "statRps"), "statValue")
        tryVerify(() => rps.text !== "0", 3000)
        // A refused request is listed too, with its status.
        const bad = post("no-such-model")
        tryCompare(bad, "readyState", 4 /* DONE */, 10000)
        compare(bad.status, 404)
        tryCompare(view, "count", before + 2, 3000)
        verify(view.itemAtIndex(0))
    }

    function test_3_snippetsSwitch(): void {
        const tabs = findChild(page, "snippetTabs")
        const code = findChild(page, "snippetCode")
        verify(code.code.indexOf("curl " + Gateway.apiUrl + "/chat/completions") === 0)
        mouseClick(findChild(tabs, "tab_Python"))
        verify(code.code.indexOf("from openai import OpenAI") === 0)
        verify(code.code.indexOf('base_url="' + Gateway.apiUrl + '"') > 0)
        mouseClick(findChild(tabs, "tab_Node"))
        verify(code.code.indexOf("baseURL: \"" + Gateway.apiUrl + "\"") > 0)
        mouseClick(findChild(tabs, "tab_Environment"))
        verify(code.code.indexOf("export OPENAI_BASE_URL=" + Gateway.apiUrl) === 0)
        mouseClick(findChild(code, "copySnippet"))
        verify(Shell.notice.indexOf("Environment") === 0)
    }

    function test_4_trafficChartHasBothSeries(): void {
        const chart = findChild(page, "trafficChart")
        verify(chart)
        compare(chart.count, 2)
        tryVerify(() => chart.series(0).upperSeries.count === 300, 3000)
    }

    function test_5_pauseAndResume(): void {
        const pause = findChild(page, "pauseButton")
        mouseClick(pause)
        tryCompare(Gateway, "paused", true, 5000)
        compare(findChild(page, "gatewayStatus").text, "Paused")
        mouseClick(pause)
        tryCompare(Gateway, "listening", true, 5000)
        const xhr = post("mock-fast")
        tryCompare(xhr, "readyState", 4 /* DONE */, 10000)
        compare(xhr.status, 200)
    }
}
