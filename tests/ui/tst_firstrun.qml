import QtQuick
import QtTest
import Moechat

// FirstRunView: its two actions, the hardware it was given, and the real HardwareInfo probe.
Item {
    id: root
    width: 900
    height: 1200

    Component {
        id: viewComponent
        FirstRunView { anchors.fill: parent }
    }

    // Two 80 GB GPUs: Mixtral-8x7B fits on both, the 8x22B models on neither.
    QtObject {
        id: twoGpus
        property bool probing: false
        property string probeError: ""
        property int contextTokens: 4096
        property string systemMemoryText: "200.0 GB"
        property var gpus: [
            { index: 0, name: "NVIDIA H100 80GB HBM3", memoryText: "80.0 GB", freeMemoryText: "79.1 GB" },
            { index: 1, name: "NVIDIA H100 80GB HBM3", memoryText: "80.0 GB", freeMemoryText: "79.1 GB" }
        ]
        property var knownModels: [
            { name: "Mixtral-8x7B", bf16SizeText: "93.4 GB", fitsInRam: true, gpusNeeded: 2, perGpuText: "47.5 GB" },
            { name: "Mixtral-8x22B", bf16SizeText: "281.2 GB", fitsInRam: false, gpusNeeded: 0, perGpuText: "" }
        ]
    }

    QtObject {
        id: noGpu
        property bool probing: false
        property string probeError: ""
        property int contextTokens: 4096
        property string systemMemoryText: "12.0 GB"
        property var gpus: []
        property var knownModels: [
            { name: "Mixtral-8x7B", bf16SizeText: "93.4 GB", fitsInRam: false, gpusNeeded: 0, perGpuText: "" }
        ]
    }

    SignalSpy { id: openSpy; signalName: "openModelRequested" }
    SignalSpy { id: demoSpy; signalName: "demoModelRequested" }

    TestCase {
        name: "FirstRunView"
        when: windowShown

        // Layouts are polished before the first frame; clicks and sizes are only right after it.
        function createView(properties) {
            const view = createTemporaryObject(viewComponent, root, properties)
            waitForRendering(view)
            return view
        }

        function test_buttonsAskForAModelOrTheDemo() {
            const view = createView({ hardware: twoGpus })
            openSpy.clear(); openSpy.target = view
            demoSpy.clear(); demoSpy.target = view

            mouseClick(findChild(view, "openModelButton"))
            compare(openSpy.count, 1)
            compare(demoSpy.count, 0)

            mouseClick(findChild(view, "demoModelButton"))
            compare(demoSpy.count, 1)
            compare(openSpy.count, 1)
        }

        function test_tableSaysWhatFitsWhere() {
            const view = createView({ hardware: twoGpus })
            compare(findChild(view, "model:Mixtral-8x7B").text, "Mixtral-8x7B")
            compare(findChild(view, "size:Mixtral-8x7B").text, "93.4 GB")
            compare(findChild(view, "gpus:Mixtral-8x7B").text, "2 (47.5 GB each)")
            compare(findChild(view, "ram:Mixtral-8x7B").text, "fits")
            compare(findChild(view, "gpus:Mixtral-8x22B").text, "does not fit")
            compare(findChild(view, "ram:Mixtral-8x22B").text, "does not fit")
            verify(!findChild(view, "noGpuLabel").visible)
            compare(findChild(view, "systemMemoryLabel").text, "System memory available: 200.0 GB")
        }

        function test_withoutGpusSaysSo() {
            const view = createView({ hardware: noGpu })
            verify(findChild(view, "noGpuLabel").visible)
            compare(findChild(view, "gpus:Mixtral-8x7B").text, "no GPU found")
            compare(findChild(view, "ram:Mixtral-8x7B").text, "does not fit")
        }

        function test_realProbeFillsTheTable() {
            const view = createView({})
            tryVerify(() => !HardwareInfo.probing, 60000)
            compare(HardwareInfo.knownModels.length, 3)
            for (const name of ["Mixtral-8x7B", "Mixtral-8x22B", "Zephyr-141B-A39B"])
                compare(findChild(view, "model:" + name).text, name)
            compare(findChild(view, "size:Mixtral-8x7B").text, "93.4 GB")
            compare(findChild(view, "noGpuLabel").visible, HardwareInfo.gpus.length === 0)
        }
    }
}
