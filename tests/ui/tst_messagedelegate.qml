import QtQuick
import QtQuick.Controls
import QtTest
import Moechat

Item {
    id: root
    width: 600
    height: 400

    Component {
        id: delegateComponent
        MessageDelegate { width: root.width }
    }

    SignalSpy { id: spy }

    TestCase {
        name: "MessageDelegate"
        when: windowShown

        function make(role, content, blocks, extra) {
            const properties = Object.assign({
                messageId: 7, role: role, content: content, messageState: "complete",
                branchIndex: 0, branchCount: 1, details: "", blocks: blocks, index: 0, isLast: true
            }, extra || {})
            return createTemporaryObject(delegateComponent, root, properties)
        }

        function watch(target, signalName) {
            spy.clear()
            spy.target = target
            spy.signalName = signalName
        }

        function findByText(item, text) {
            if (item.text === text)
                return item
            for (let i = 0; i < item.children.length; ++i) {
                const found = findByText(item.children[i], text)
                if (found)
                    return found
            }
            if (item.contentItem && item.contentItem !== item) {
                const found = findByText(item.contentItem, text)
                if (found)
                    return found
            }
            return null
        }

        function test_copyCopiesTheMessage() {
            const m = make("assistant", "Hello **world**", [{code: false, text: "Hello **world**", language: ""}])
            watch(m, "copyRequested")
            mouseClick(findByText(m, "Copy"))
            compare(spy.count, 1)
            compare(spy.signalArguments[0][0], "Hello **world**")
        }

        function test_codeBlockHasItsOwnCopyButton() {
            const m = make("assistant", "x", [{code: false, text: "Run:", language: ""},
                                              {code: true, text: "print(1)", language: "python"}])
            watch(m, "copyRequested")
            const button = findByText(m, "Copy code")
            verify(button)
            mouseClick(button)
            compare(spy.count, 1)
            compare(spy.signalArguments[0][0], "print(1)")
        }

        function test_regenerateOnlyOnTheLastAnswer() {
            const m = make("assistant", "a", [{code: false, text: "a", language: ""}], {isLast: false})
            verify(!findByText(m, "Regenerate").visible)
            m.isLast = true
            verify(findByText(m, "Regenerate").visible)
            watch(m, "regenerateRequested")
            mouseClick(findByText(m, "Regenerate"))
            compare(spy.count, 1)
        }

        function test_editResendsTheNewText() {
            const m = make("user", "old question", [{code: false, text: "old question", language: ""}])
            watch(m, "editSubmitted")
            mouseClick(findByText(m, "Edit"))
            verify(m.editing)
            keySequence("ctrl+a")
            keyClick("n")
            keyClick("e")
            keyClick("w")
            mouseClick(findByText(m, "Save and resend"))
            compare(spy.count, 1)
            compare(spy.signalArguments[0][0], "new")
            verify(!m.editing)
        }

        function test_interruptedAnswersSaySo() {
            const m = make("assistant", "half", [{code: false, text: "half", language: ""}], {messageState: "interrupted"})
            verify(findByText(m, "(interrupted)"))
        }

        function test_streamingAnswerShowsReadingProgressThenWriting() {
            const m = make("assistant", "", [], {messageState: "streaming", progress: "reading the conversation… 40 %"})
            verify(findByText(m, "reading the conversation… 40 %"))
            verify(!findByText(m, "writing…"))
            m.progress = ""
            verify(findByText(m, "writing…"))
        }
    }
}
