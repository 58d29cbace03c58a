// SPDX-License-Identifier: MIT
import QtTest
import Switchyard.App
import Switchyard.Ui

// The Routing page against the live engine: a weight slider moves the live preview, a typed
// prompt gets its own row, Apply routes the next auto request elsewhere (the recent-requests
// table shows the new decision), the what-if replays the logged requests, fallback chains, revert.
TestCase {
    id: testCase
    name: "RoutingPage"
    when: windowShown
    visible: true
    width: 1300
    height: 2000

    // All cost sends it to mock-fast, all quality to mock-smart.
    readonly property string smallTalk: "Hi! How are you today?"

    RoutingPage {
        id: page
        width: testCase.width
        height: 1500
    }
    RequestTable {
        id: table
        y: 1500
        width: testCase.width
        model: Overview.recentRequests
    }

    function post(model: string, prompt: string): var {
        const xhr = new XMLHttpRequest() // qmllint disable unqualified
        xhr.open("POST", Gateway.apiUrl + "/chat/completions")
        xhr.setRequestHeader("Content-Type", "application/json")
        xhr.send(JSON.stringify({ model: model, messages: [{ role: "user", content: prompt }] }))
        return xhr
    }

    function previewRow(label: string): var {
        const rows = findChild(page, "previewRows")
        for (let i = 0; i < rows.count; ++i) {
            const item = rows.itemAt(i)
            if (item && item.label === label)
                return item
        }
        return null
    }

    // A press at the far right (or left) end of a slider: the handle jumps there.
    function slideToEnd(key: string, right: bool): void {
        const slider = findChild(page, "slider_" + key)
        verify(slider)
        mouseClick(slider, right ? slider.width - 2 : 2, slider.height / 2)
    }

    function test_1_loadsWithSamplePrompts(): void {
        tryCompare(Routing, "loaded", true, 10000)
        compare(Routing.strategy, "balanced")
        tryCompare(findChild(page, "previewRows"), "count", 8, 10000)
        verify(previewRow("Small talk"))
        compare(findChild(page, "applyButton").enabled, false)
        compare(findChild(page, "strategyTabs").currentIndex, Routing.strategies.indexOf("balanced"))
    }

    function test_2_sliderMovesThePreview(): void {
        slideToEnd("cost", true)
        tryVerify(() => Routing.costWeight > 0.95, 3000)
        compare(Routing.strategy, "custom")
        compare(findChild(page, "strategyTabs").currentIndex, Routing.strategies.indexOf("custom"))
        // The other two sliders re-normalised.
        const share = findChild(page, "share_quality")
        verify(Number(share.text.replace(" %", "")) <= 5)
        tryCompare(previewRow("Small talk"), "model", "mock-fast", 5000)
        slideToEnd("quality", true)
        tryCompare(previewRow("Small talk"), "model", "mock-smart", 5000)
        verify(findChild(page, "applyButton").enabled)
    }

    function test_3_typedPromptGetsItsRow(): void {
        const field = findChild(page, "typedPrompt")
        mouseClick(field)
        for (const c of "Write a haiku about rails")
            keyClick(c)
        compare(Routing.typedPrompt, "Write a haiku about rails")
        tryCompare(findChild(page, "previewRows"), "count", 9, 5000)
        tryVerify(() => findChild(page, "previewRows").itemAt(0).typed, 3000)
        verify(findChild(page, "previewRows").itemAt(0).model.length > 0)
        field.selectAll()
        keyClick(Qt.Key_Delete)
        tryCompare(findChild(page, "previewRows"), "count", 8, 5000)
    }

    function test_4_applyRoutesTheNextAutoRequest(): void {
        // Quality is at the top (test 2): apply, and the next auto request goes to mock-smart.
        mouseClick(findChild(page, "applyButton"))
        tryCompare(Routing, "dirty", false, 5000)
        compare(Routing.messageIsError, false)
        let xhr = post("auto", testCase.smallTalk)
        tryCompare(xhr, "readyState", 4, 10000)
        compare(xhr.status, 200)
        compare(JSON.parse(xhr.responseText)["x-gateway"].model, "mock-smart")
        const view = findChild(table, "recentRequestsView")
        tryVerify(() => view.itemAtIndex(0) && view.itemAtIndex(0).modelServed === "mock-smart", 5000)
        verify(view.itemAtIndex(0).routingDecision.indexOf("-> mock-smart") >= 0)
        // Cost to the top, apply: the very next request goes elsewhere, and the table says why.
        slideToEnd("cost", true)
        tryVerify(() => Routing.dirty, 3000)
        mouseClick(findChild(page, "applyButton"))
        tryCompare(Routing, "dirty", false, 5000)
        xhr = post("auto", testCase.smallTalk)
        tryCompare(xhr, "readyState", 4, 10000)
        compare(JSON.parse(xhr.responseText)["x-gateway"].model, "mock-fast")
        tryVerify(() => view.itemAtIndex(0).modelServed === "mock-fast", 5000)
        const decision = findChild(view.itemAtIndex(0), "routingDecision")
        verify(decision.text.indexOf("-> mock-fast") >= 0)
        verify(decision.text.indexOf("custom") >= 0)
    }

    function test_5_whatIfReplaysTheLog(): void {
        // Two requests are logged (test 4), one served by mock-smart. Quality to the top replays
        // the cheap one onto mock-smart.
        slideToEnd("quality", true)
        tryVerify(() => Routing.whatIfReady && !Routing.whatIfRunning && Routing.whatIfReplayed >= 2, 10000)
        verify(Routing.whatIfMovedCount >= 1)
        verify(findChild(page, "whatIfTable").visible)
        verify(findChild(page, "whatIfSummary").text.indexOf("would go elsewhere") > 0)
        compare(Routing.whatIfTones[3], "ok") // better quality
        compare(Routing.whatIfTones[0], "warning") // more expensive
    }

    function test_6_fallbackChain(): void {
        const model = findChild(page, "newChainModel")
        model.currentIndex = Routing.modelIds.indexOf("mock-smart")
        mouseClick(findChild(page, "addChainButton"))
        compare(Routing.fallbacks.count, 1)
        verify(findChild(page, "chain_mock-smart"))
        verify(Routing.addFallbackStep(0, "mock-fast"))
        tryCompare(findChild(page, "chain_mock-smart").chain, "length", 1)
        compare(findChild(page, "chain_mock-smart").chain[0], "mock-fast")
    }

    function test_7_revert(): void {
        verify(Routing.dirty)
        mouseClick(findChild(page, "revertButton"))
        compare(Routing.dirty, false)
        compare(Routing.fallbacks.count, 0)
        tryCompare(previewRow("Small talk"), "model", "mock-fast", 5000)
    }
}
