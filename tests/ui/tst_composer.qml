import QtQuick
import QtTest
import Moechat

Item {
    width: 480
    height: 160

    Composer { id: composer; width: parent.width }
    SignalSpy { id: sendSpy; target: composer; signalName: "sendRequested" }
    SignalSpy { id: stopSpy; target: composer; signalName: "stopRequested" }

    TestCase {
        name: "Composer"
        when: windowShown

        function init() {
            composer.clear()
            composer.busy = false
            sendSpy.clear()
            stopSpy.clear()
            composer.focusInput()
        }

        function test_enterSends() {
            keyClick("h")
            keyClick("i")
            keyClick(Qt.Key_Return)
            compare(sendSpy.count, 1)
            compare(sendSpy.signalArguments[0][0], "hi")
        }

        function test_shiftEnterAddsALine() {
            keyClick("a")
            keyClick(Qt.Key_Return, Qt.ShiftModifier)
            keyClick("b")
            compare(sendSpy.count, 0)
            compare(composer.text, "a\nb")
        }

        function test_blankIsNotSent() {
            keyClick(Qt.Key_Space)
            keyClick(Qt.Key_Return)
            compare(sendSpy.count, 0)
        }

        function test_busyButtonStopsAndEnterWaits() {
            composer.busy = true
            keyClick("x")
            keyClick(Qt.Key_Return)
            compare(sendSpy.count, 0)
            const button = findChild(composer, "sendButton")
            verify(button.enabled)
            mouseClick(button)
            compare(stopSpy.count, 1)
            compare(composer.text, "x") // the draft is kept for later
        }

        function test_buttonKeepsKeyboardInTheField() {
            keyClick("q")
            mouseClick(findChild(composer, "sendButton"))
            compare(sendSpy.count, 1)
            keyClick("w")
            compare(composer.text, "qw")
        }
    }
}
