// The conversation: messages (auto-scrolling while the user stays at the bottom), errors,
// and the composer.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Moechat

Pane {
    id: view
    padding: 0
    property bool showPlaceholder: false
    property Component placeholder

    function focusComposer() { composer.focusInput() }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Loader {
            Layout.fillWidth: true
            Layout.fillHeight: true
            active: view.showPlaceholder
            visible: active
            sourceComponent: view.placeholder
        }

        ListView {
            id: messages
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !view.showPlaceholder
            clip: true
            spacing: 8
            topMargin: 12
            bottomMargin: 12
            model: App.messages
            // Follows the stream until the user scrolls up; scrolling back down resumes it.
            property bool follow: true
            onMovementEnded: follow = atYEnd
            onContentHeightChanged: if (follow) Qt.callLater(positionViewAtEnd)
            onCountChanged: { follow = true; Qt.callLater(positionViewAtEnd) }
            ScrollBar.vertical: ScrollBar {}
            delegate: MessageDelegate {
                width: ListView.view.width
                isLast: index === ListView.view.count - 1
                busy: App.chat.busy
                progress: isLast ? App.chat.progress : ""
                onCopyRequested: text => App.copyText(text)
                onRegenerateRequested: App.chat.regenerate()
                onEditSubmitted: text => App.chat.editAndResend(messageId, text)
                onBranchRequested: delta => App.chat.switchBranch(messageId, delta)
            }
            Label {
                anchors.centerIn: parent
                visible: messages.count === 0
                text: App.model.ready ? qsTr("Type a message below to start.")
                                      : App.model.status === ModelController.Loading ? qsTr("Loading the model…")
                                                                                     : qsTr("Open a model to start.")
                opacity: 0.6
            }
        }

        ErrorBanner {
            Layout.fillWidth: true
            text: App.chat.error || (App.model.status === ModelController.Failed ? App.model.error : "")
            onDismissed: App.chat.clearError()
        }

        Composer {
            id: composer
            Layout.fillWidth: true
            busy: App.chat.busy
            onSendRequested: text => { if (App.chat.send(text)) composer.clear() }
            onStopRequested: App.chat.stop()
        }
    }
}
