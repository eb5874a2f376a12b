// Shown instead of the chat when the history database cannot be opened.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Pane {
    id: page
    property string message

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 640)
        spacing: 16
        Label {
            text: qsTr("moechat cannot open its history")
            font.pixelSize: 22
            font.bold: true
        }
        Label {
            Layout.fillWidth: true
            text: page.message
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Your conversations are safe: the file was not changed.")
            wrapMode: Text.Wrap
            opacity: 0.7
        }
        Button {
            text: qsTr("Quit")
            onClicked: Qt.quit()
        }
    }
}
