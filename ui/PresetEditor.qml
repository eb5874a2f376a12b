// The preset library: use one, save the current text as a new one or over one, delete, set the default.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Moechat

ColumnLayout {
    id: editor
    property string currentText
    signal applied(string text)

    Label { text: qsTr("Presets"); font.bold: true }
    ListView {
        id: list
        Layout.fillWidth: true
        Layout.preferredHeight: 140
        clip: true
        model: App.presets
        delegate: ItemDelegate {
            required property var presetId
            required property string name
            required property string presetText
            required property bool isDefault
            width: ListView.view.width
            contentItem: RowLayout {
                Label { Layout.fillWidth: true; text: isDefault ? qsTr("%1 (default)").arg(name) : name; elide: Text.ElideRight }
                ToolButton { text: qsTr("Use"); onClicked: editor.applied(presetText) }
                ToolButton { text: qsTr("Make default"); enabled: !isDefault; onClicked: App.presets.makeDefault(presetId) }
                ToolButton { text: qsTr("Overwrite"); onClicked: editor.report(App.presets.save(presetId, name, editor.currentText)) }
                ToolButton { text: qsTr("Delete"); onClicked: App.presets.remove(presetId) }
            }
        }
    }
    RowLayout {
        TextField {
            id: newName
            Layout.fillWidth: true
            placeholderText: qsTr("Name for a new preset")
            Accessible.name: qsTr("Name for a new preset")
        }
        Button {
            text: qsTr("Save as preset")
            enabled: newName.text.trim() !== ""
            onClicked: if (editor.report(App.presets.save(0, newName.text, editor.currentText))) newName.clear()
        }
    }
    Label { id: problem; visible: text !== ""; color: "#c62828"; Layout.fillWidth: true; wrapMode: Text.Wrap }

    function report(error) {
        problem.text = error
        return error === ""
    }
}
