// SPDX-License-Identifier: MIT
import QtTest
import Switchyard.App
import Switchyard.Ui

// The Providers page against the live engine: the mock listed healthy with a closed circuit and
// a latency line once it has traffic; add a provider through the editor, test it, disable it,
// remove it.
TestCase {
    id: testCase
    name: "ProvidersPage"
    when: windowShown
    visible: true
    width: 1300
    height: 1200

    ProvidersPage {
        id: page
        anchors.fill: parent
    }

    function post(model: string): var {
        const xhr = new XMLHttpRequest() // qmllint disable unqualified
        xhr.open("POST", Gateway.apiUrl + "/chat/completions")
        xhr.setRequestHeader("Content-Type", "application/json")
        xhr.send(JSON.stringify({ model: model, messages: [{ role: "user", content: "hello" }] }))
        return xhr
    }

    function typeInto(name: string, text: string): void {
        const field = findChild(page, name)
        verify(field)
        mouseClick(field)
        field.selectAll()
        keyClick(Qt.Key_Delete)
        for (const c of text)
            keyClick(c)
    }

    function test_1_listsTheMockLive(): void {
        tryVerify(() => findChild(page, "provider_mock") !== null, 10000)
        const row = findChild(page, "provider_mock")
        tryCompare(findChild(row, "health"), "text", "Healthy", 5000)
        compare(findChild(row, "circuit").text, "Closed")
        const xhr = post("mock-fast")
        tryCompare(xhr, "readyState", 4, 10000)
        compare(xhr.status, 200)
        // The line shows completed 10 s intervals.
        tryVerify(() => !findChild(row, "sparkline").empty, 15000)
        tryVerify(() => findChild(row, "latency").text.indexOf("ms") > 0, 5000)
    }

    function test_2_addThroughTheEditor(): void {
        mouseClick(findChild(page, "addProviderButton"))
        verify(findChild(page, "providerEditor").visible)
        typeInto("editId", "spare")
        compare(Providers.editId, "spare")
        Providers.editType = "mock"
        verify(!findChild(page, "editApiKey").enabled) // a mock takes no key
        mouseClick(findChild(page, "testButton"))
        tryCompare(Providers, "tested", true, 10000)
        verify(findChild(page, "testResult").visible)
        compare(Providers.testOk, true)
        mouseClick(findChild(page, "saveProviderButton"))
        tryVerify(() => findChild(page, "provider_spare") !== null, 5000)
        verify(!findChild(page, "providerEditor").visible)
        tryCompare(findChild(findChild(page, "provider_spare"), "health"), "text", "Healthy", 5000)
    }

    function test_3_editorShowsErrors(): void {
        mouseClick(findChild(page, "addProviderButton"))
        typeInto("editId", "mock")
        mouseClick(findChild(page, "saveProviderButton"))
        const error = findChild(page, "editorError")
        verify(error.visible)
        verify(error.text.indexOf("already") >= 0)
        Providers.cancelEdit()
        verify(!findChild(page, "providerEditor").visible)
    }

    function test_4_disableAndRemove(): void {
        const row = findChild(page, "provider_spare")
        mouseClick(findChild(row, "enableSwitch"))
        tryCompare(findChild(row, "health"), "text", "Disabled", 5000)
        mouseClick(findChild(findChild(page, "provider_spare"), "removeButton"))
        tryVerify(() => findChild(page, "provider_spare") === null, 5000)
        compare(Providers.list.count, 1)
    }
}
