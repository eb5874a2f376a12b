// Shown while no model is chosen: what moechat is, what to do next, and what this machine can run.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Moechat

Pane {
    id: root
    padding: 0

    signal openModelRequested()
    signal demoModelRequested()

    // The machine's description; tests pass an object with the same properties.
    property var hardware: HardwareInfo

    function gpuColumnText(model) {
        if (root.hardware.gpus.length === 0)
            return qsTr("no GPU found")
        if (model.gpusNeeded === 0)
            return qsTr("does not fit")
        return qsTr("%1 (%2 each)").arg(model.gpusNeeded).arg(model.perGpuText)
    }

    // Cells of the known-models table, row by row; objectName "<column>:<model>" lets tests find one.
    function tableCells(models) {
        let cells = []
        for (const model of models) {
            cells.push({ name: "model:" + model.name, text: model.name })
            cells.push({ name: "size:" + model.name, text: model.bf16SizeText })
            cells.push({ name: "gpus:" + model.name, text: gpuColumnText(model) })
            cells.push({ name: "ram:" + model.name, text: model.fitsInRam ? qsTr("fits") : qsTr("does not fit") })
        }
        return cells
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: Math.min(parent.width - 48, 760)
            x: (parent.width - width) / 2
            spacing: 14

            Item { Layout.preferredHeight: 12 }

            Label {
                text: qsTr("Welcome to moechat")
                font.pixelSize: 26
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                text: qsTr("moechat chats with Mixture-of-Experts language models such as Mixtral and Zephyr, "
                           + "running on this computer's GPUs or processor. Nothing you type leaves this machine.")
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                text: qsTr("To begin, open a model folder downloaded from Hugging Face (config.json, the "
                           + ".safetensors files, tokenizer.model and tokenizer_config.json), or try the small "
                           + "demo model to see how moechat works: it answers quickly, with nonsense.")
            }

            RowLayout {
                spacing: 12
                Button {
                    objectName: "openModelButton"
                    text: qsTr("Open a model folder…")
                    highlighted: true
                    onClicked: root.openModelRequested()
                }
                Button {
                    objectName: "demoModelButton"
                    text: qsTr("Try the small demo model")
                    onClicked: root.demoModelRequested()
                }
            }

            Label {
                text: qsTr("Hardware found")
                font.pixelSize: 18
                font.bold: true
                Layout.topMargin: 12
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 4
                BusyIndicator {
                    running: root.hardware.probing === true
                    visible: running
                }
                Repeater {
                    model: root.hardware.gpus
                    delegate: Label {
                        required property var modelData
                        Layout.fillWidth: true
                        wrapMode: Text.WordWrap
                        text: qsTr("GPU %1: %2, %3 (%4 free)").arg(modelData.index).arg(modelData.name)
                              .arg(modelData.memoryText).arg(modelData.freeMemoryText)
                    }
                }
                Label {
                    objectName: "noGpuLabel"
                    visible: root.hardware.probing !== true && root.hardware.gpus.length === 0
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    text: qsTr("No NVIDIA GPU found: models run on the processor, which is much slower.")
                }
                Label {
                    objectName: "systemMemoryLabel"
                    text: qsTr("System memory available: %1").arg(root.hardware.systemMemoryText)
                }
                Label {
                    visible: text !== ""
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    color: "firebrick"
                    text: root.hardware.probeError
                }
            }

            Label {
                text: qsTr("Known models in bf16")
                font.pixelSize: 18
                font.bold: true
                Layout.topMargin: 12
            }
            GridLayout {
                columns: 4
                columnSpacing: 24
                rowSpacing: 6

                Label { text: qsTr("Model"); font.bold: true }
                Label { text: qsTr("Size"); font.bold: true }
                Label { text: qsTr("GPUs needed"); font.bold: true }
                Label { text: qsTr("In system memory"); font.bold: true }

                Repeater {
                    model: root.tableCells(root.hardware.knownModels)
                    delegate: Label {
                        required property var modelData
                        objectName: modelData.name
                        text: modelData.text
                    }
                }
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                opacity: 0.7
                text: qsTr("Computed for a %1-token context with the memory free now. Several GPUs share a "
                           + "model by tensor parallelism; the processor runs any model that fits in system "
                           + "memory, slowly.").arg(root.hardware.contextTokens)
            }

            Item { Layout.preferredHeight: 12 }
        }
    }
}
