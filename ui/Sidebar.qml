// Conversations, newest first and grouped by date, with search, new, rename and delete.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Moechat

Pane {
    id: sidebar
    padding: 6
    signal conversationChosen(var id)
    signal newConversation()

    function focusSearch() { search.forceActiveFocus(); search.selectAll() }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        Button {
            Layout.fillWidth: true
            text: qsTr("New conversation")
            icon.name: "list-add"
            onClicked: sidebar.newConversation()
            Accessible.name: qsTr("Start a new conversation (Ctrl+N)")
        }
        TextField {
            id: search
            Layout.fillWidth: true
            placeholderText: qsTr("Search conversations (Ctrl+F)")
            Accessible.name: qsTr("Search titles and messages")
            onTextChanged: App.conversations.search = text
            Keys.onEscapePressed: { text = ""; sidebar.newConversation() }
        }
        ListView {
            id: list
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: App.conversations
            // Reading count makes the binding re-run after every refresh of the list.
            currentIndex: App.conversations.count >= 0 ? App.conversations.rowOf(App.chat.conversationId) : -1
            section.property: "section"
            section.delegate: Label {
                required property string section
                text: section
                font.bold: true
                opacity: 0.6
                topPadding: 8
                bottomPadding: 2
            }
            delegate: ConversationDelegate {
                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                onChosen: sidebar.conversationChosen(conversationId)
                onRenameRequested: newTitle => App.chat.renameConversation(conversationId, newTitle)
                onDeleteRequested: { deleteDialog.conversationId = conversationId; deleteDialog.conversationTitle = title; deleteDialog.open() }
            }
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: search.text ? qsTr("No conversation matches") : qsTr("No conversations yet")
                opacity: 0.6
            }
        }
    }

    Dialog {
        id: deleteDialog
        property var conversationId: 0
        property string conversationTitle
        anchors.centerIn: Overlay.overlay
        modal: true
        title: qsTr("Delete conversation?")
        standardButtons: Dialog.Cancel | Dialog.Ok
        width: 420
        Label {
            width: deleteDialog.availableWidth
            text: qsTr("“%1” and all its messages will be deleted. This cannot be undone.").arg(deleteDialog.conversationTitle)
            wrapMode: Text.Wrap
        }
        onAccepted: App.chat.deleteConversation(conversationId)
    }
}
