// The window: sidebar, chat (or the first-run view), sampling panel, dialogs and shortcuts.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Qt.labs.settings
import Moechat

ApplicationWindow {
    id: window
    width: 1200
    height: 800
    minimumWidth: 720
    minimumHeight: 480
    visible: true
    title: App.chat && App.chat.title ? qsTr("%1 — moechat").arg(App.chat.title) : "moechat"

    Settings {
        category: "window"
        property alias x: window.x
        property alias y: window.y
        property alias width: window.width
        property alias height: window.height
        property alias samplingVisible: window.samplingVisible
    }

    property bool samplingVisible: true
    readonly property bool ready: App.fatalError === ""
    readonly property bool showFirstRun: ready && !App.model.ready && App.model.status !== ModelController.Loading
                                         && App.chat.conversationId === 0 && App.messages.count === 0

    function focusComposer() {
        chatView.focusComposer()
    }

    header: MainToolBar {
        id: toolBar
        visible: window.ready
        samplingChecked: window.samplingVisible
        onSamplingToggled: window.samplingVisible = !window.samplingVisible
        onOpenModel: modelDialog.open()
        onEditSystemPrompt: systemPromptDialog.open()
        onExportRequested: exportDialog.open()
        onSettingsRequested: settingsDialog.open()
    }

    ErrorPage {
        anchors.fill: parent
        visible: !window.ready
        message: App.fatalError
    }

    SplitView {
        anchors.fill: parent
        visible: window.ready

        Sidebar {
            id: sidebar
            SplitView.preferredWidth: 260
            SplitView.minimumWidth: 180
            onConversationChosen: id => { App.chat.openConversation(id); window.focusComposer() }
            onNewConversation: { App.chat.newConversation(); window.focusComposer() }
        }

        ChatView {
            id: chatView
            SplitView.fillWidth: true
            showPlaceholder: window.showFirstRun
            placeholder: FirstRunView {
                onOpenModelRequested: modelDialog.open()
                onDemoModelRequested: App.model.loadFolder(App.demoModelPath)
            }
        }

        SamplingPanel {
            visible: window.samplingVisible
            SplitView.preferredWidth: 280
            SplitView.minimumWidth: 220
            settings: App.sampling
        }
    }

    ModelDialog { id: modelDialog; objectName: "modelDialog" }
    SystemPromptDialog { id: systemPromptDialog; objectName: "systemPromptDialog" }
    ExportDialog { id: exportDialog; objectName: "exportDialog" }
    SettingsDialog { id: settingsDialog; objectName: "settingsDialog" }

    Shortcut { sequences: [StandardKey.New]; onActivated: { App.chat.newConversation(); window.focusComposer() } }
    Shortcut { sequences: [StandardKey.Find]; onActivated: sidebar.focusSearch() }
    Shortcut { sequence: "Escape"; enabled: window.ready && App.chat.busy; onActivated: App.chat.stop() }
    Shortcut { sequence: "Ctrl+E"; onActivated: exportDialog.open() }
    Shortcut { sequences: [StandardKey.Preferences, "Ctrl+,"]; onActivated: settingsDialog.open() }
    Shortcut { sequence: "Ctrl+O"; onActivated: modelDialog.open() }

    Connections {
        target: window.ready ? App.chat : null
        function onConversationChanged() { window.focusComposer() }
    }
    Component.onCompleted: focusComposer()
}
