// The window's tool bar: the model, the system prompt, the sampling panel, export, settings.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Moechat

ToolBar {
    id: bar
    property bool samplingChecked: true
    signal samplingToggled()
    signal openModel()
    signal editSystemPrompt()
    signal exportRequested()
    signal settingsRequested()

    RowLayout {
        anchors.fill: parent
        spacing: 4

        ToolButton {
            text: App.model.ready ? App.model.loadedName : qsTr("Open model…")
            icon.name: "document-open"
            onClicked: bar.openModel()
            Accessible.name: qsTr("Choose and load a model")
            ToolTip.visible: hovered
            ToolTip.text: App.model.ready ? App.model.loadedDescription : qsTr("Open a model folder (Ctrl+O)")
        }
        ProgressBar {
            visible: App.model.status === ModelController.Loading
            value: App.model.progress
            Layout.preferredWidth: 120
            Accessible.name: qsTr("Loading progress")
        }
        Label {
            Layout.fillWidth: true
            elide: Text.ElideRight
            horizontalAlignment: Text.AlignHCenter
            text: App.chat.lastStats
            opacity: 0.7
        }
        ToolButton {
            text: qsTr("System prompt")
            onClicked: bar.editSystemPrompt()
            Accessible.name: qsTr("Edit the system prompt of this conversation")
        }
        ToolButton {
            text: qsTr("Sampling")
            checkable: true
            checked: bar.samplingChecked
            onClicked: bar.samplingToggled()
            Accessible.name: qsTr("Show or hide the sampling settings")
        }
        ToolButton {
            text: qsTr("Export")
            onClicked: bar.exportRequested()
            Accessible.name: qsTr("Export conversations (Ctrl+E)")
        }
        ToolButton {
            text: qsTr("Settings")
            onClicked: bar.settingsRequested()
            Accessible.name: qsTr("Settings (Ctrl+,)")
        }
    }
}
