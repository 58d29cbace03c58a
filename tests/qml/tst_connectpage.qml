// SPDX-License-Identifier: MIT
import QtTest
import Switchyard.App
import Switchyard.Ui

// Connect a tool against the live engine: a tab per tool of connect-tools.json, settings naming
// this gateway's address, copy buttons, a model picked for every tool and back to the examples.
TestCase {
    id: testCase
    name: "ConnectPage"
    when: windowShown
    visible: true // TestCase is invisible by default: clicks would miss its children
    width: 1200
    height: 1400

    ConnectPage {
        id: page
        anchors.fill: parent
    }

    function origin(): string {
        return Gateway.apiUrl.slice(0, -"/v1".length)
    }

    function test_1_aTabPerToolWithItsSettings(): void {
        tryCompare(Gateway, "listening", true)
        compare(Connect.toolNames.length, 5)
        verify(findChild(page, "keyAndModel").text.indexOf("The key " + Connect.key + " ") === 0)
        const tabs = findChild(page, "toolTabs")
        const ids = ["claude-code", "codex", "qwen-code", "continue-cli", "gemini-cli"]
        for (let i = 0; i < ids.length; ++i) {
            mouseClick(findChild(tabs, "tab_" + Connect.toolNames[i]))
            compare(tabs.currentIndex, i)
            for (let k = 0; k < ids.length; ++k)
                compare(findChild(page, "tool_" + ids[k]).visible, k === i)
            const tool = findChild(page, "tool_" + ids[i])
            verify(findChild(tool, "install").code.indexOf("npm install -g ") === 0)
            verify(findChild(tool, "run").code.length > 0)
            verify(findChild(tool, "note").text.length > 0)
        }
        const claude = findChild(page, "tool_claude-code")
        verify(findChild(claude, "env").code.indexOf("export ANTHROPIC_BASE_URL=" + origin() + "\n") === 0)
        const codexFile = findChild(findChild(page, "tool_codex"), "file")
        verify(codexFile.code.indexOf('base_url = "' + Gateway.apiUrl + '"') > 0)
        const gemini = findChild(page, "tool_gemini-cli")
        verify(findChild(gemini, "env").code.indexOf("export GOOGLE_GEMINI_BASE_URL=" + origin() + "\n") === 0)
    }

    function test_2_copyButtons(): void {
        const tabs = findChild(page, "toolTabs")
        mouseClick(findChild(tabs, "tab_Qwen Code"))
        const qwen = findChild(page, "tool_qwen-code")
        mouseClick(findChild(findChild(qwen, "env"), "copySnippet"))
        verify(Shell.notice.indexOf("Environment") === 0)
        mouseClick(findChild(findChild(qwen, "file"), "copySnippet"))
        verify(Shell.notice.indexOf("~/.qwen/settings.json") === 0)
        mouseClick(findChild(findChild(qwen, "install"), "copySnippet"))
        verify(Shell.notice.indexOf("Install command") === 0)
    }

    function test_3_aModelForEveryTool(): void {
        tryVerify(() => Connect.models.count > 0, 10000)
        const picker = findChild(page, "connectModel")
        compare(Connect.model, "")
        compare(picker.displayText, "Each tool's example model")
        verify(!findChild(page, "exampleModels").visible)
        picker.forceActiveFocus()
        keyClick(Qt.Key_Down)
        verify(Connect.model.length > 0)
        compare(picker.displayText, Connect.model)
        const claude = findChild(page, "tool_claude-code")
        verify(findChild(claude, "env").code.indexOf("export ANTHROPIC_MODEL=" + Connect.model + "\n") > 0)
        const gemini = findChild(page, "tool_gemini-cli")
        verify(findChild(gemini, "file").code.indexOf('"name": "' + Connect.model + '"') > 0)
        const examples = findChild(page, "exampleModels")
        verify(examples.visible)
        mouseClick(examples)
        compare(Connect.model, "")
        verify(findChild(claude, "env").code.indexOf("export ANTHROPIC_MODEL=claude-sonnet-4-5\n") > 0)
    }
}
