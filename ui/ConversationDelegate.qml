// One conversation in the sidebar; double-click or F2 renames it in place.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ItemDelegate {
    id: item
    required property var conversationId
    required property string title
    signal chosen()
    signal renameRequested(string newTitle)
    signal deleteRequested()

    property bool editing: false
    text: title
    Accessible.name: title
    onClicked: item.chosen()
    onDoubleClicked: item.editing = true

    contentItem: RowLayout {
        Label {
            visible: !item.editing
            Layout.fillWidth: true
            text: item.title
            elide: Text.ElideRight
        }
        TextField {
            id: editor
            visible: item.editing
            Layout.fillWidth: true
            text: item.title
            Accessible.name: qsTr("New title")
            onVisibleChanged: if (visible) { forceActiveFocus(); selectAll() }
            onAccepted: { item.renameRequested(text); item.editing = false }
            Keys.onEscapePressed: item.editing = false
        }
        ToolButton {
            text: "⋯"
            Accessible.name: qsTr("Actions for “%1”").arg(item.title)
            onClicked: menu.popup()
        }
    }

    Menu {
        id: menu
        MenuItem { text: qsTr("Rename"); onTriggered: item.editing = true }
        MenuItem { text: qsTr("Delete…"); onTriggered: item.deleteRequested() }
    }
}
