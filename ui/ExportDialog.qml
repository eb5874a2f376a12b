// Export this conversation or all of them as Markdown, JSON or HTML; import a JSON export.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Moechat

Dialog {
    id: dialog
    title: qsTr("Export")
    anchors.centerIn: Overlay.overlay
    modal: true
    standardButtons: Dialog.Close
    readonly property var formats: ["md", "json", "html"]

    FileDialog {
        id: saveDialog
        fileMode: FileDialog.SaveFile
        defaultSuffix: dialog.formats[format.currentIndex]
        nameFilters: [format.currentText + " (*." + dialog.formats[format.currentIndex] + ")"]
        onAccepted: {
            const error = App.exportConversations(selectedFile, dialog.formats[format.currentIndex],
                                                  scope.currentIndex === 0 ? App.chat.conversationId : 0)
            result.text = error !== "" ? error : qsTr("Exported to %1").arg(selectedFile)
        }
    }
    FileDialog {
        id: openDialog
        fileMode: FileDialog.OpenFile
        nameFilters: [qsTr("moechat JSON export (*.json)")]
        onAccepted: result.text = App.importConversations(selectedFile)
    }

    ColumnLayout {
        anchors.fill: parent
        GridLayout {
            columns: 2
            Label { text: qsTr("What") }
            ComboBox {
                id: scope
                Layout.fillWidth: true
                model: [qsTr("This conversation"), qsTr("All conversations")]
                currentIndex: App.chat.conversationId === 0 ? 1 : 0
                Accessible.name: qsTr("What to export")
            }
            Label { text: qsTr("Format") }
            ComboBox {
                id: format
                Layout.fillWidth: true
                model: [qsTr("Markdown"), qsTr("JSON (can be imported)"), qsTr("HTML")]
                Accessible.name: qsTr("Export format")
            }
        }
        RowLayout {
            Button {
                text: qsTr("Export…")
                enabled: scope.currentIndex === 1 || App.chat.conversationId !== 0
                onClicked: saveDialog.open()
            }
            Button { text: qsTr("Import JSON…"); onClicked: openDialog.open() }
        }
        Label { id: result; Layout.fillWidth: true; wrapMode: Text.Wrap; Layout.maximumWidth: 420 }
    }
}
