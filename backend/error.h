#pragma once
// moe::Error — every failure the engine reports carries a message a user can act on.
#include <stdexcept>
#include <string>

namespace moe {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Thrown when a cancel flag stops a long operation (loading, generating).
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

} // namespace moe
