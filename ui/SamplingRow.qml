// One sampling setting: a slider and a numeric field that stay in step.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: row
    property string label
    property real value
    property real from: 0
    property real to: 1
    property real stepSize: 0.01
    property int decimals: 2
    signal moved(real value)

    spacing: 0
    Label { text: row.label }
    RowLayout {
        Slider {
            id: slider
            objectName: "slider"
            Layout.fillWidth: true
            from: row.from
            to: row.to
            stepSize: row.stepSize
            value: row.value
            focusPolicy: Qt.NoFocus
            Accessible.name: row.label
            onMoved: row.moved(value)
        }
        TextField {
            id: field
            objectName: "field"
            Layout.preferredWidth: 64
            horizontalAlignment: Text.AlignRight
            text: Number(row.value).toLocaleString(Qt.locale(), "f", row.decimals)
            validator: DoubleValidator { bottom: row.from; top: row.to; decimals: row.decimals }
            Accessible.name: qsTr("%1 value").arg(row.label)
            onEditingFinished: {
                const v = Number.fromLocaleString(Qt.locale(), text)
                if (!isNaN(v))
                    row.moved(Math.min(row.to, Math.max(row.from, v)))
            }
        }
    }
}
