// A small text button under a message; it never takes the keyboard from the composer.
import QtQuick
import QtQuick.Controls

ToolButton {
    focusPolicy: Qt.NoFocus
    font.pointSize: Qt.application.font.pointSize * 0.9
    Accessible.name: text
}
