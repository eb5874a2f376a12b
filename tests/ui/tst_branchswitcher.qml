import QtQuick
import QtQuick.Controls
import QtTest
import Moechat

Item {
    width: 200
    height: 60

    BranchSwitcher { id: switcher; index: 1; count: 3 }
    SignalSpy { id: spy; target: switcher; signalName: "requested" }

    TestCase {
        name: "BranchSwitcher"
        when: windowShown

        function buttons() {
            const found = []
            for (let i = 0; i < switcher.children.length; ++i)
                if (switcher.children[i] instanceof ToolButton)
                    found.push(switcher.children[i])
            return found
        }

        function init() { spy.clear(); switcher.index = 1; switcher.count = 3 }

        function test_movesBothWays() {
            const [previous, next] = buttons()
            mouseClick(next)
            mouseClick(previous)
            compare(spy.count, 2)
            compare(spy.signalArguments[0][0], 1)
            compare(spy.signalArguments[1][0], -1)
        }

        function test_endsAreDisabled() {
            switcher.index = 0
            const [previous, next] = buttons()
            verify(!previous.enabled)
            verify(next.enabled)
            switcher.index = 2
            verify(previous.enabled)
            verify(!next.enabled)
        }

        function test_hiddenWithOneVersion() {
            switcher.count = 1
            verify(!switcher.visible)
        }
    }
}
