// Message input: Enter sends, Shift+Enter adds a line; Send turns into Stop while answering.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Pane {
    id: composer
    property bool busy: false
    property alias text: input.text
    signal sendRequested(string text)
    signal stopRequested()

    function focusInput() { input.forceActiveFocus() }
    function clear() { input.clear() }
    function submit() {
        if (!composer.busy && input.text.trim() !== "")
            composer.sendRequested(input.text)
    }

    RowLayout {
        anchors.fill: parent
        ScrollView {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(input.implicitHeight, 200)
            TextArea {
                id: input
                objectName: "composerInput"
                focus: true
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("Message (Enter to send, Shift+Enter for a new line)")
                Accessible.name: qsTr("Message")
                Keys.onPressed: event => {
                    if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                            && !(event.modifiers & Qt.ShiftModifier)) {
                        composer.submit()
                        event.accepted = true
                    }
                }
            }
        }
        Button {
            objectName: "sendButton"
            focusPolicy: Qt.NoFocus // the message field keeps the keyboard
            text: composer.busy ? qsTr("Stop") : qsTr("Send")
            enabled: composer.busy || input.text.trim() !== ""
            Accessible.name: composer.busy ? qsTr("Stop the answer (Esc)") : qsTr("Send the message (Enter)")
            onClicked: composer.busy ? composer.stopRequested() : composer.submit()
        }
    }
}
