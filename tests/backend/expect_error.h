#pragma once
// Runs `f`, which must throw moe::Error whose message contains every one of `needles`.
#include <QtTest>

#include <initializer_list>
#include <string>

#include "error.h"

namespace moe::test {

template <class F>
void expect_error(F&& f, std::initializer_list<std::string> needles) {
    try {
        f();
    } catch (const Error& e) {
        const std::string message = e.what();
        for (const std::string& needle : needles)
            QVERIFY2(message.find(needle) != std::string::npos,
                     ("message \"" + message + "\" does not mention \"" + needle + "\"").c_str());
        return;
    } catch (const std::exception& e) {
        QFAIL((std::string("threw a non-moe::Error: ") + e.what()).c_str());
    }
    QFAIL("no moe::Error thrown");
}

} // namespace moe::test
