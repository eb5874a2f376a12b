// Editing an earlier message: resending keeps the original as another version.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: editor
    property alias text: area.text
    signal submitted(string text)
    signal cancelled()

    onVisibleChanged: if (visible) area.forceActiveFocus()

    TextArea {
        id: area
        Layout.fillWidth: true
        wrapMode: TextEdit.Wrap
        Accessible.name: qsTr("Edited message")
        Keys.onEscapePressed: editor.cancelled()
    }
    RowLayout {
        Button { text: qsTr("Save and resend"); onClicked: editor.submitted(area.text) }
        Button { text: qsTr("Cancel"); onClicked: editor.cancelled() }
    }
}
