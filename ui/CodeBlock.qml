// A fenced code block: monospace, selectable, with a copy button.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    id: block
    property string code
    property string language
    signal copyRequested(string text)

    implicitHeight: column.implicitHeight + 12
    radius: 6
    color: palette.base
    border.color: palette.mid

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 6
        RowLayout {
            Label { text: block.language; opacity: 0.6; Layout.fillWidth: true }
            ToolButton {
                text: qsTr("Copy code")
                focusPolicy: Qt.NoFocus
                Accessible.name: qsTr("Copy this code block")
                onClicked: block.copyRequested(block.code)
            }
        }
        TextEdit {
            Layout.fillWidth: true
            text: block.code
            textFormat: TextEdit.PlainText
            font.family: "monospace"
            readOnly: true
            selectByMouse: true
            wrapMode: TextEdit.WrapAnywhere
            color: block.palette.text
            selectionColor: block.palette.highlight
        }
    }
}
