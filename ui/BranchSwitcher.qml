// ‹ 2/3 ›: moves between the versions of a message (edits and regenerations).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

RowLayout {
    id: switcher
    property int index: 0
    property int count: 1
    signal requested(int delta)
    visible: count > 1
    spacing: 0

    ToolButton {
        text: "‹"
        enabled: switcher.index > 0
        focusPolicy: Qt.NoFocus
        Accessible.name: qsTr("Previous version")
        onClicked: switcher.requested(-1)
    }
    Label {
        text: qsTr("%1/%2").arg(switcher.index + 1).arg(switcher.count)
        Accessible.name: qsTr("Version %1 of %2").arg(switcher.index + 1).arg(switcher.count)
    }
    ToolButton {
        text: "›"
        enabled: switcher.index < switcher.count - 1
        focusPolicy: Qt.NoFocus
        Accessible.name: qsTr("Next version")
        onClicked: switcher.requested(1)
    }
}
