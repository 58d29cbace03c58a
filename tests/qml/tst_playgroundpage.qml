// SPDX-License-Identifier: MIT
import QtTest
import Switchyard.App
import Switchyard.Ui

// The Playground against the live engine: send and watch the stream, pick a model from the
// keyboard, compare side by side, stop midway.
TestCase {
    id: testCase
    name: "PlaygroundPage"
    when: windowShown
    visible: true // TestCase is invisible by default: clicks would miss its children
    width: 1200
    height: 860

    PlaygroundPage {
        id: page
        anchors.fill: parent
    }

    function init(): void {
        tryCompare(Playground, "running", false, 10000)
        tryVerify(() => Playground.models.count > 0, 10000)
    }

    function typeMessage(text: string): void {
        findChild(page, "messageField").text = text
        compare(Playground.message, text)
    }

    function test_1_sendStreamsTheAnswer(): void {
        const send = findChild(page, "sendButton")
        verify(!send.enabled) // nothing to send yet
        typeMessage("What is a switchyard?")
        verify(send.enabled)
        compare(send.text, "Send")
        mouseClick(send)
        verify(Playground.running)
        compare(send.text, "Stop")
        tryCompare(Playground.primary, "phase", PlaygroundSession.Done, 10000)
        const answer = findChild(findChild(page, "primaryPane"), "answerText")
        verify(answer.text.indexOf("You said: \"What is a switchyard?\"") > 0)
        compare(Playground.primary.provider, "mock")
        verify(Playground.primary.routingDecision.length > 0)
        verify(!findChild(page, "secondaryPane").visible)
        compare(send.text, "Send")
    }

    function test_2_pickModelWithTheKeyboard(): void {
        const picker = findChild(findChild(page, "primaryPane"), "modelPicker")
        const before = Playground.primary.model
        picker.forceActiveFocus()
        keyClick(Qt.Key_Down)
        verify(Playground.primary.model !== before)
        compare(Playground.primary.model, Playground.models.data(Playground.models.index(picker.currentIndex, 0), 257))
        keyClick(Qt.Key_Up)
        compare(Playground.primary.model, before)
    }

    function test_3_compareSideBySide(): void {
        mouseClick(findChild(page, "compareSwitch"))
        compare(Playground.compare, true)
        verify(findChild(page, "secondaryPane").visible)
        Playground.secondary.model = "mock-smart"
        typeMessage("Compare these")
        mouseClick(findChild(page, "sendButton"))
        tryCompare(Playground, "running", false, 15000)
        compare(Playground.primary.phase, PlaygroundSession.Done)
        compare(Playground.secondary.phase, PlaygroundSession.Done)
        compare(Playground.secondary.servedModel, "mock-smart")
        const right = findChild(findChild(page, "secondaryPane"), "answerText")
        verify(right.text.indexOf("mock-smart") > 0)
        mouseClick(findChild(page, "compareSwitch"))
        verify(!findChild(page, "secondaryPane").visible)
    }

    function test_4_stopMidway(): void {
        Playground.primary.model = "mock-smart" // thinks before its first token
        typeMessage("Take your time")
        const send = findChild(page, "sendButton")
        mouseClick(send)
        verify(Playground.primary.running)
        mouseClick(send) // now "Stop"
        compare(Playground.primary.phase, PlaygroundSession.Stopped)
        compare(Playground.running, false)
        const answer = Playground.primary.answer
        wait(400)
        compare(Playground.primary.answer, answer)
        compare(send.text, "Send")
    }

    function test_5_ctrlEnterSends(): void {
        Playground.primary.model = "mock-fast"
        typeMessage("Keyboard")
        const field = findChild(page, "messageField")
        findChild(field, "editor").forceActiveFocus()
        keyClick(Qt.Key_Return, Qt.ControlModifier)
        verify(Playground.running)
        tryCompare(Playground.primary, "phase", PlaygroundSession.Done, 10000)
    }
}
