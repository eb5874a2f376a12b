// This conversation's system prompt (it applies from the next answer) and the preset library.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Moechat

Dialog {
    id: dialog
    title: qsTr("System prompt")
    anchors.centerIn: Overlay.overlay
    width: Math.min(parent.width - 40, 620)
    modal: true
    standardButtons: Dialog.Save | Dialog.Cancel

    onOpened: prompt.text = App.chat.systemPrompt
    onAccepted: App.chat.systemPrompt = prompt.text

    ColumnLayout {
        anchors.fill: parent
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            opacity: 0.7
            text: qsTr("Applies to this conversation from its next answer.")
        }
        ScrollView {
            Layout.fillWidth: true
            Layout.preferredHeight: 160
            TextArea {
                id: prompt
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("For example: You are a concise assistant.")
                Accessible.name: qsTr("System prompt")
            }
        }
        PresetEditor {
            Layout.fillWidth: true
            currentText: prompt.text
            onApplied: text => prompt.text = text
        }
    }
}
