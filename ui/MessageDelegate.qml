// One message: Markdown text with copyable code blocks, its branch switcher and actions.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Pane {
    id: message
    required property var messageId
    required property string role
    required property string content
    required property string messageState
    required property int branchIndex
    required property int branchCount
    required property string details
    required property var blocks
    required property int index
    property bool isLast: false
    property bool busy: false
    property string progress: "" // the engine reading a long prompt, before the first word
    property bool editing: false
    property bool showDetails: false

    signal copyRequested(string text)
    signal regenerateRequested()
    signal editSubmitted(string text)
    signal branchRequested(int delta)

    readonly property bool isUser: role === "user"
    leftPadding: isUser ? 48 : 12
    rightPadding: isUser ? 12 : 48
    background: Rectangle {
        x: message.leftPadding - 8
        width: message.width - message.leftPadding - message.rightPadding + 16
        height: message.height
        radius: 8
        color: message.isUser ? Qt.rgba(message.palette.highlight.r, message.palette.highlight.g, message.palette.highlight.b, 0.15) : message.palette.alternateBase
    }

    ColumnLayout {
        width: message.availableWidth
        spacing: 4

        RowLayout {
            Label {
                text: message.isUser ? qsTr("You") : qsTr("Assistant")
                font.bold: true
            }
            Label {
                visible: text !== ""
                opacity: 0.7
                text: message.messageState === "interrupted" ? qsTr("(interrupted)")
                    : message.messageState === "stopped" ? qsTr("(stopped)")
                    : message.messageState === "failed" ? qsTr("(failed)")
                    : message.messageState === "streaming" ? (message.progress !== "" ? message.progress : qsTr("writing…")) : ""
            }
        }

        Repeater {
            model: message.editing ? [] : message.blocks
            delegate: Loader {
                required property var modelData
                Layout.fillWidth: true
                sourceComponent: modelData.code ? codeBlock : textBlock
                property var block: modelData
            }
        }

        MessageEditor {
            visible: message.editing
            Layout.fillWidth: true
            text: message.content
            onSubmitted: text => { message.editing = false; message.editSubmitted(text) }
            onCancelled: message.editing = false
        }

        Label {
            visible: message.showDetails && message.details !== ""
            Layout.fillWidth: true
            text: message.details
            wrapMode: Text.Wrap
            font.pointSize: Qt.application.font.pointSize * 0.9
            opacity: 0.7
        }

        RowLayout {
            visible: !message.editing
            BranchSwitcher {
                index: message.branchIndex
                count: message.branchCount
                enabled: !message.busy
                onRequested: delta => message.branchRequested(delta)
            }
            Item { Layout.fillWidth: true }
            MessageAction { text: qsTr("Copy"); onClicked: message.copyRequested(message.content) }
            MessageAction {
                visible: message.isUser
                enabled: !message.busy
                text: qsTr("Edit")
                onClicked: message.editing = true
            }
            MessageAction {
                visible: !message.isUser && message.isLast
                enabled: !message.busy
                text: qsTr("Regenerate")
                onClicked: message.regenerateRequested()
            }
            MessageAction {
                visible: message.details !== ""
                text: message.showDetails ? qsTr("Hide details") : qsTr("Details")
                onClicked: message.showDetails = !message.showDetails
            }
        }
    }

    Component {
        id: textBlock
        TextEdit {
            text: block.text
            textFormat: TextEdit.MarkdownText
            readOnly: true
            selectByMouse: true
            wrapMode: TextEdit.Wrap
            color: message.palette.text
            selectionColor: message.palette.highlight
            selectedTextColor: message.palette.highlightedText
            onLinkActivated: link => Qt.openUrlExternally(link)
        }
    }
    Component {
        id: codeBlock
        CodeBlock {
            code: block.text
            language: block.language
            onCopyRequested: text => message.copyRequested(text)
        }
    }
}
