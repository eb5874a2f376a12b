// libFuzzer target: a safetensors file (length, JSON header, data) from untrusted bytes.
// SafetensorsFile::parse must either return views that lie inside the buffer or throw
// moe::Error; anything else (crash, sanitizer report, another exception) is a bug.
// Each input is tried twice: as a whole file, and with a correct length prefix put in front
// of it (header = the bytes up to the first NUL, data = the rest), so mutations of the JSON
// are not all stopped at the length check.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "error.h"
#include "safetensors.h"

namespace {

void parse_and_check(const uint8_t* data, size_t size) {
    try {
        const auto tensors = moe::SafetensorsFile::parse(data, size, "fuzz.safetensors");
        for (const auto& [name, view] : tensors) {
            const auto* begin = static_cast<const uint8_t*>(view.data);
            if (begin < data || begin > data + size || view.nbytes() > size_t(data + size - begin)) std::abort();
            // Read the first and last byte so ASan checks the bounds too.
            volatile uint8_t sink = 0;
            if (view.nbytes() > 0) sink = uint8_t(begin[0] ^ begin[view.nbytes() - 1]);
            (void)sink;
        }
    } catch (const moe::Error&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    parse_and_check(data, size);

    const void* nul = std::memchr(data, 0, size);
    const uint64_t header_len = nul ? uint64_t(static_cast<const uint8_t*>(nul) - data) : size;
    std::vector<uint8_t> file(8 + size);
    for (int i = 0; i < 8; ++i) file[size_t(i)] = uint8_t(header_len >> (8 * i));
    if (size) std::memcpy(file.data() + 8, data, size);
    if (nul) file.erase(file.begin() + 8 + std::ptrdiff_t(header_len)); // drop the separator
    parse_and_check(file.data(), file.size());
    return 0;
}
