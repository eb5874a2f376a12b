// Test-only driver for tests/tools/tokenizer_differential.py: moe::Tokenizer and
// moe::StreamDecoder behind a JSON-lines pipe. The script compiles it together with
// backend/tokenizer.cpp (no CMake target), so it always exercises the working tree's code.
//
// Each input line is one request, each output line the answer:
//   {"model": DIR, "op": "encode", "text": "...", "add_special": true}  → {"ids": [...]}
//   {"model": DIR, "op": "decode", "ids": [...]}
//       → {"decode_hex": "...", "stream_hex": ["..", ...], "flush_hex": "..."}
// Text comes back hex-encoded so that invalid UTF-8 (a bug to report) survives the trip.
// Any moe::Error becomes {"error": "..."}.
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "error.h"
#include "tokenizer.h"

namespace {

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

} // namespace

int main() {
    std::map<std::string, std::unique_ptr<moe::Tokenizer>> loaded;
    std::string line;
    while (std::getline(std::cin, line)) {
        nlohmann::json answer;
        try {
            const auto request = nlohmann::json::parse(line);
            const std::string model = request.at("model");
            auto& tok = loaded[model];
            if (!tok) tok = moe::Tokenizer::load(model);
            const std::string op = request.at("op");
            if (op == "encode") {
                answer["ids"] = tok->encode(request.at("text").get<std::string>(),
                                            request.value("add_special", true));
            } else if (op == "decode") {
                const auto ids = request.at("ids").get<std::vector<int>>();
                answer["decode_hex"] = hex(tok->decode(ids));
                moe::StreamDecoder stream(*tok);
                nlohmann::json pieces = nlohmann::json::array();
                for (int id : ids) pieces.push_back(hex(stream.push(id)));
                answer["stream_hex"] = pieces;
                answer["flush_hex"] = hex(stream.flush());
            } else if (op == "info") {
                answer["vocab_size"] = tok->vocab_size();
                answer["bos_id"] = tok->bos_id();
                answer["eos_id"] = tok->eos_id();
                answer["add_bos"] = tok->add_bos();
            } else {
                answer["error"] = "unknown op " + op;
            }
        } catch (const std::exception& e) {
            answer = {{"error", std::string(e.what())}};
        }
        std::cout << answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    }
    return 0;
}
