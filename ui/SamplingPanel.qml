// Live sampling: every change applies to the answer being written from its next token.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Pane {
    id: panel
    required property var settings

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: parent.width
            spacing: 8
            Label { text: qsTr("Sampling"); font.bold: true }
            Label {
                Layout.fillWidth: true
                text: qsTr("Changes apply from the next token, even mid-answer, and are kept with this conversation.")
                wrapMode: Text.Wrap
                opacity: 0.7
            }
            SamplingRow {
                Layout.fillWidth: true
                label: qsTr("Temperature (0 = greedy)")
                value: panel.settings.temperature; from: 0; to: 2; stepSize: 0.05
                onMoved: v => panel.settings.temperature = v
            }
            SamplingRow {
                Layout.fillWidth: true
                label: qsTr("Top-k (0 = off)")
                value: panel.settings.topK; from: 0; to: 200; stepSize: 1; decimals: 0
                onMoved: v => panel.settings.topK = Math.round(v)
            }
            SamplingRow {
                Layout.fillWidth: true
                label: qsTr("Top-p (1 = off)")
                value: panel.settings.topP; from: 0; to: 1; stepSize: 0.01
                onMoved: v => panel.settings.topP = v
            }
            SamplingRow {
                Layout.fillWidth: true
                label: qsTr("Min-p (0 = off)")
                value: panel.settings.minP; from: 0; to: 1; stepSize: 0.01
                onMoved: v => panel.settings.minP = v
            }
            SamplingRow {
                Layout.fillWidth: true
                label: qsTr("Repetition penalty (1 = off)")
                value: panel.settings.repetitionPenalty; from: 1; to: 2; stepSize: 0.01
                onMoved: v => panel.settings.repetitionPenalty = v
            }
            SamplingRow {
                Layout.fillWidth: true
                label: qsTr("Max new tokens")
                value: panel.settings.maxTokens; from: 1; to: 4096; stepSize: 1; decimals: 0
                onMoved: v => panel.settings.maxTokens = Math.round(v)
            }
            SamplingRow {
                Layout.fillWidth: true
                label: qsTr("Seed (−1 = random for each answer)")
                value: panel.settings.seed; from: -1; to: 99999; stepSize: 1; decimals: 0
                onMoved: v => panel.settings.seed = Math.round(v)
            }
            Button {
                text: qsTr("Reset to defaults")
                onClicked: panel.settings.resetToDefaults()
            }
        }
    }
}
