// Where the model runs: the CPU, or CUDA on chosen GPUs (one tensor-parallel rank per GPU).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: choice
    required property var model

    RowLayout {
        RadioButton {
            text: qsTr("CPU")
            checked: choice.model.backend === "cpu"
            onClicked: choice.model.backend = "cpu"
        }
        RadioButton {
            text: qsTr("CUDA GPUs")
            checked: choice.model.backend === "cuda"
            enabled: choice.model.availableGpus.length > 0
            onClicked: choice.model.backend = "cuda"
        }
        Label {
            visible: choice.model.availableGpus.length === 0 && choice.model.cudaUnavailableReason !== ""
            text: qsTr("(no GPU: %1)").arg(choice.model.cudaUnavailableReason)
            opacity: 0.6
            Layout.fillWidth: true
            elide: Text.ElideRight
        }
    }
    Repeater {
        model: choice.model.backend === "cuda" ? choice.model.availableGpus : []
        delegate: CheckBox {
            required property var modelData
            text: qsTr("GPU %1: %2 (%3 free)").arg(modelData.index).arg(modelData.name).arg(modelData.free)
            checked: choice.model.gpus.indexOf(modelData.index) >= 0
            onToggled: {
                const chosen = choice.model.gpus.filter(g => g !== modelData.index)
                if (checked)
                    chosen.push(modelData.index)
                choice.model.gpus = chosen.sort()
            }
        }
    }
    RowLayout {
        visible: choice.model.backend === "cpu"
        Label { text: qsTr("Tensor-parallel ranks") }
        SpinBox {
            from: 1; to: 8
            value: choice.model.tensorParallel
            onValueModified: choice.model.tensorParallel = value
            Accessible.name: qsTr("Tensor-parallel ranks")
        }
    }
}
