// What a model folder holds, read before loading.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

GridLayout {
    id: grid
    property var summary: ({})
    columns: 2
    columnSpacing: 12

    Label { text: qsTr("Architecture") }
    Label { text: grid.summary.architecture || "" }
    Label { text: qsTr("Parameters") }
    Label { text: qsTr("%1 (%2 active per token)").arg(grid.summary.parameters || "").arg(grid.summary.activeParameters || "") }
    Label { text: qsTr("Experts") }
    Label { text: grid.summary.experts || "" }
    Label { text: qsTr("Weights") }
    Label { text: qsTr("%1, %2").arg(grid.summary.dtype || "").arg(grid.summary.weights || "") }
    Label { text: qsTr("Layers") }
    Label { text: grid.summary.layers !== undefined ? grid.summary.layers : "" }
    Label { text: qsTr("Tokenizer") }
    Label { text: grid.summary.hasTokenizer ? qsTr("found") : qsTr("missing: this folder cannot be chatted with") }
}
