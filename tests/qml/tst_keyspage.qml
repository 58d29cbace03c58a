// SPDX-License-Identifier: MIT
import QtTest
import Switchyard.App
import Switchyard.Ui

// The API Keys screen against the live engine: create a key in the dialog (shown once, copied,
// then gone), the list with its masked key and bars, a request with the key moves the spend,
// usage over time, revoke, a wrong field explained, and the security settings.
TestCase {
    id: testCase
    name: "KeysPage"
    when: windowShown
    visible: true // TestCase is invisible by default: clicks would miss its children
    width: 1200
    height: 1500

    KeysPage {
        id: page
        anchors.fill: parent
    }

    property string secret

    function dialog(): var {
        return findChild(page, "createDialog")
    }
    function inDialog(name: string): var {
        return findChild(dialog().contentItem, name) // the column is the popup's content
    }
    function type(field: var, text: string): void {
        field.forceActiveFocus()
        field.selectAll()
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
        compare(field.text, text)
    }
    function chat(key: string): var {
        const xhr = new XMLHttpRequest() // qmllint disable unqualified
        xhr.open("POST", Gateway.apiUrl + "/chat/completions")
        xhr.setRequestHeader("Content-Type", "application/json")
        if (key.length > 0)
            xhr.setRequestHeader("Authorization", "Bearer " + key)
        xhr.send(JSON.stringify({ model: "mock-fast", max_tokens: 16, messages: [{ role: "user", content: "hello" }] }))
        tryCompare(xhr, "readyState", 4 /* DONE */, 10000)
        return xhr
    }

    function initTestCase(): void {
        tryCompare(Gateway, "listening", true, 10000)
        tryCompare(ApiKeys, "watching", true, 5000) // the page is shown: it polls the engine
    }

    function test_1_emptyList(): void {
        compare(ApiKeys.keys.count, 0)
        verify(findChild(page, "emptyKeys").visible)
        compare(findChild(page, "keyModeBadge").text, "Keyless on this computer")
        verify(!findChild(page, "usageCard").visible)
    }

    function test_2_createShowsTheKeyOnce(): void {
        mouseClick(findChild(page, "newKeyButton"))
        tryCompare(dialog(), "opened", true)
        const create = inDialog("createButton")
        verify(!create.enabled) // a key needs a name
        type(inDialog("keyName"), "ci-bot")
        compare(ApiKeys.draft.name, "ci-bot")
        type(inDialog("budgetTokens"), "50000")
        type(inDialog("rpmField"), "30")
        type(inDialog("modelsField"), "mock-*")
        verify(create.enabled)
        mouseClick(create)
        tryVerify(() => ApiKeys.createdKey.length > 0, 5000)
        const shown = inDialog("createdKeyField")
        tryCompare(shown, "visible", true)
        verify(shown.value.startsWith("sy-"))
        compare(shown.value, ApiKeys.createdKey)
        verify(!inDialog("keyName").visible)
        testCase.secret = shown.value
        mouseClick(findChild(shown, "copyButton"))
        verify(Shell.notice.indexOf("API key") === 0)
        mouseClick(inDialog("doneButton"))
        tryCompare(dialog(), "visible", false)
        compare(ApiKeys.createdKey, "") // gone from the app once the dialog closes
        compare(ApiKeys.draft.name, "") // the next key starts from an empty form

        tryVerify(() => findChild(page, "keyRow_ci-bot") !== null, 5000)
        const row = findChild(page, "keyRow_ci-bot")
        const mask = findChild(row, "maskLabel").text
        compare(mask, testCase.secret.slice(0, 7) + "..." + testCase.secret.slice(-4))
        compare(findChild(row, "statusBadge").text, "Active")
        compare(findChild(row, "spendText").text, "0 of 50k tokens this month")
        compare(findChild(row, "limitText").text, "0 of 30 requests in the last minute")
        verify(!findChild(page, "emptyKeys").visible)
    }

    function test_3_trafficMovesTheBars(): void {
        const row = findChild(page, "keyRow_ci-bot")
        compare(chat(testCase.secret).status, 200)
        tryCompare(findChild(row, "limitText"), "text", "1 of 30 requests in the last minute", 5000)
        tryVerify(() => findChild(row, "spendBar").fraction > 0, 5000)
        verify(findChild(row, "limitBar").fraction > 0.03)
        // A model outside the key's patterns is refused.
        const xhr = new XMLHttpRequest() // qmllint disable unqualified
        xhr.open("POST", Gateway.apiUrl + "/chat/completions")
        xhr.setRequestHeader("Authorization", "Bearer " + testCase.secret)
        xhr.send(JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }))
        tryCompare(xhr, "readyState", 4, 10000)
        compare(xhr.status, 403)
    }

    function test_4_usageOverTime(): void {
        const row = findChild(page, "keyRow_ci-bot")
        mouseClick(findChild(row, "usageButton"))
        const card = findChild(page, "usageCard")
        tryCompare(card, "visible", true)
        compare(ApiKeys.selectedName, "ci-bot")
        tryCompare(ApiKeys.usage, "count", 30, 5000)
        verify(ApiKeys.usage.summary.indexOf("1 request in the last 30 days") > 0)
        compare(findChild(card, "usageBars").children.length, 31) // 30 bars and their Repeater
        mouseClick(findChild(card, "closeUsageButton"))
        tryCompare(card, "visible", false)
        compare(ApiKeys.selectedId, "")
    }

    function test_5_revokeThenRestore(): void {
        const row = findChild(page, "keyRow_ci-bot")
        const revoke = findChild(row, "revokeButton")
        compare(revoke.text, "Revoke")
        mouseClick(revoke)
        tryCompare(findChild(row, "statusBadge"), "text", "Revoked", 5000)
        compare(chat(testCase.secret).status, 401)
        compare(revoke.text, "Restore")
        mouseClick(revoke)
        tryCompare(findChild(row, "statusBadge"), "text", "Active", 5000)
        compare(chat(testCase.secret).status, 200)
    }

    function test_6_wrongFieldIsExplained(): void {
        mouseClick(findChild(page, "newKeyButton"))
        tryCompare(dialog(), "opened", true)
        type(inDialog("keyName"), "broken")
        type(inDialog("budgetUsd"), "ten")
        mouseClick(inDialog("createButton"))
        const error = inDialog("createError")
        tryCompare(error, "visible", true)
        verify(error.text.indexOf("Budget (USD) must be a number") === 0)
        compare(ApiKeys.keys.count, 1)
        keyClick(Qt.Key_Escape)
        tryCompare(dialog(), "visible", false)
        compare(ApiKeys.error, "") // closing the dialog forgets it
        ApiKeys.draft.clear()
    }

    function test_7_securitySettings(): void {
        const require = findChild(page, "requireKeySwitch")
        verify(!require.checked)
        mouseClick(require)
        tryCompare(ApiKeys, "requireApiKey", true, 5000)
        compare(findChild(page, "keyModeBadge").text, "Keys required")
        compare(chat("").status, 401)
        mouseClick(require)
        tryCompare(ApiKeys, "requireApiKey", false, 5000)
        compare(chat("").status, 200)

        const origin = findChild(page, "originField")
        type(origin, "http://localhost:5173")
        mouseClick(findChild(page, "addOriginButton"))
        tryVerify(() => findChild(page, "origin_http://localhost:5173") !== null, 5000)
        compare(origin.text, "") // cleared once saved
        type(origin, "not an origin")
        mouseClick(findChild(page, "addOriginButton"))
        tryVerify(() => findChild(page, "settingsError").visible, 5000)
        verify(findChild(page, "settingsError").text.indexOf("is not an origin") > 0)
        mouseClick(findChild(findChild(page, "origin_http://localhost:5173"), "removeOrigin"))
        tryCompare(ApiKeys.allowedOrigins, "length", 0, 5000)

        const email = findChild(findChild(page, "rule_email"), "ruleSwitch")
        verify(!email.checked)
        mouseClick(email)
        tryCompare(email, "checked", true, 5000)
        type(findChild(page, "ruleNameField"), "employee")
        type(findChild(page, "rulePatternField"), "EMP-[0-9]{6}")
        mouseClick(findChild(page, "addRuleButton"))
        tryVerify(() => findChild(page, "rule_employee") !== null, 5000)
        compare(findChild(page, "ruleNameField").text, "")
        mouseClick(findChild(findChild(page, "rule_employee"), "removeRule"))
        tryVerify(() => findChild(page, "rule_employee") === null, 5000)
        const logs = findChild(page, "target_logs")
        mouseClick(logs)
        tryCompare(ApiKeys, "redactLogs", true, 5000)
    }
}
