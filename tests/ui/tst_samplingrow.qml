import QtQuick
import QtTest
import Moechat

Item {
    width: 320
    height: 100

    SamplingRow { id: row; width: parent.width; label: "Temperature"; from: 0; to: 2; stepSize: 0.05; value: 0.7 }
    SignalSpy { id: movedSpy; target: row; signalName: "moved" }

    TestCase {
        name: "SamplingRow"
        when: windowShown

        function init() { movedSpy.clear(); row.value = 0.7 }

        function test_fieldShowsTheValue() {
            const field = findChild(row, "field")
            compare(Number.fromLocaleString(Qt.locale(), field.text), 0.7)
            row.value = 1.25
            compare(Number.fromLocaleString(Qt.locale(), field.text), 1.25)
        }

        function test_typingAValueMovesIt() {
            const field = findChild(row, "field")
            field.text = Number(1.5).toLocaleString(Qt.locale(), "f", 2)
            field.editingFinished()
            compare(movedSpy.count, 1)
            compare(movedSpy.signalArguments[0][0], 1.5)
        }

        function test_draggingTheSliderMovesIt() {
            const slider = findChild(row, "slider")
            mousePress(slider, slider.width / 2, slider.height / 2)
            mouseMove(slider, slider.width - 1, slider.height / 2)
            mouseRelease(slider, slider.width - 1, slider.height / 2)
            verify(movedSpy.count >= 1)
            const last = movedSpy.signalArguments[movedSpy.count - 1][0]
            verify(last > 1.8, "slider ended at " + last)
        }
    }
}
