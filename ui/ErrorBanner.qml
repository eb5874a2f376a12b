// A failure, in words, above the composer.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Pane {
    id: banner
    property string text
    signal dismissed()
    visible: text !== ""
    background: Rectangle { color: "#c62828"; opacity: 0.15 }

    RowLayout {
        anchors.fill: parent
        Label {
            Layout.fillWidth: true
            text: banner.text
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
        }
        ToolButton {
            text: "✕"
            Accessible.name: qsTr("Dismiss the message")
            onClicked: banner.dismissed()
        }
    }
}
