// App settings: language and where the history is kept.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Moechat

Dialog {
    id: dialog
    title: qsTr("Settings")
    anchors.centerIn: Overlay.overlay
    modal: true
    standardButtons: Dialog.Close

    GridLayout {
        columns: 2
        Label { text: qsTr("Language") }
        ComboBox {
            Layout.fillWidth: true
            model: App.languages
            textRole: "name"
            valueRole: "code"
            Accessible.name: qsTr("Language")
            Component.onCompleted: currentIndex = indexOfValue(App.language)
            onActivated: App.language = currentValue
        }
        Label { text: qsTr("History file") }
        TextField {
            Layout.preferredWidth: 360
            readOnly: true
            text: App.databasePath
            Accessible.name: qsTr("History file")
        }
    }
}
