// Open a model folder: what was found, the memory plan for the chosen devices, then load.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Moechat

Dialog {
    id: dialog
    title: qsTr("Model")
    anchors.centerIn: Overlay.overlay
    width: Math.min(parent.width - 40, 640)
    modal: true
    standardButtons: Dialog.Close
    readonly property var model: App.model
    readonly property bool loading: model.status === ModelController.Loading

    onOpened: model.refreshDevices()

    FolderDialog {
        id: folderDialog
        title: qsTr("Choose a model folder")
        onAccepted: dialog.model.inspect(selectedFolder)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        RowLayout {
            Button { text: qsTr("Choose folder…"); onClicked: folderDialog.open(); enabled: !dialog.loading }
            ComboBox {
                Layout.fillWidth: true
                model: dialog.model.recentModels
                displayText: qsTr("Recent models")
                enabled: !dialog.loading && count > 0
                Accessible.name: qsTr("Recent models")
                onActivated: i => dialog.model.inspect(dialog.model.recentModels[i])
            }
        }
        Label {
            Layout.fillWidth: true
            text: dialog.model.folder
            elide: Text.ElideMiddle
            visible: text !== ""
        }
        BusyIndicator { visible: dialog.model.status === ModelController.Inspecting; running: visible }
        ModelSummary { Layout.fillWidth: true; summary: dialog.model.summary; visible: dialog.model.summary.architecture !== undefined }
        DeviceChoice { Layout.fillWidth: true; model: dialog.model; enabled: !dialog.loading; visible: dialog.model.summary.architecture !== undefined }
        MemoryPlanView { Layout.fillWidth: true; rows: dialog.model.memoryPlan; fits: dialog.model.planFits; explanation: dialog.model.planExplanation }
        Label {
            Layout.fillWidth: true
            visible: dialog.model.status === ModelController.Failed
            text: dialog.model.error
            wrapMode: Text.Wrap
            color: "#c62828"
        }
        RowLayout {
            ProgressBar {
                Layout.fillWidth: true
                visible: dialog.loading
                value: dialog.model.progress
                Accessible.name: qsTr("Loading progress")
            }
            Label { visible: dialog.model.status === ModelController.Ready; text: qsTr("Loaded: %1").arg(dialog.model.loadedDescription); Layout.fillWidth: true; wrapMode: Text.Wrap }
            Button {
                text: dialog.loading ? qsTr("Cancel loading") : qsTr("Load")
                enabled: dialog.loading || (dialog.model.status === ModelController.Inspected && dialog.model.planFits)
                onClicked: dialog.loading ? dialog.model.cancelLoad() : dialog.model.load()
            }
        }
    }
}
