// Bytes per device before loading: weights, KV cache and workspace against what is free.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: view
    property var rows: []
    property bool fits: true
    property string explanation
    visible: rows.length > 0

    Label { text: qsTr("Memory plan"); font.bold: true }
    Repeater {
        model: view.rows
        delegate: Label {
            required property var modelData
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: modelData.fits ? palette.text : "#c62828"
            text: qsTr("%1: %2 (weights %3, KV cache %4, workspace %5) of %6")
                  .arg(modelData.name).arg(modelData.total).arg(modelData.weights)
                  .arg(modelData.kvCache).arg(modelData.workspace).arg(modelData.capacity)
        }
    }
    Label {
        visible: !view.fits
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: "#c62828"
        text: qsTr("This model does not fit: %1. Choose more GPUs or a smaller model.").arg(view.explanation)
    }
}
