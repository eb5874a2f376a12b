// Placeholder first-run view (packaging replaces it): shown while no model is loaded and no
// conversation is open.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Pane {
    id: view
    signal openModelRequested()
    signal demoModelRequested()

    ColumnLayout {
        anchors.centerIn: parent
        spacing: 12
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Welcome to moechat")
            font.pixelSize: 24
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Load a model to start chatting. Everything stays on this computer.")
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            Button {
                text: qsTr("Open a model folder…")
                onClicked: view.openModelRequested()
            }
            Button {
                text: qsTr("Try the small demo model")
                onClicked: view.demoModelRequested()
            }
        }
    }
}
