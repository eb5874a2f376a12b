#include "safetensors.h"
#include "json_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "error.h"
#include "memory_plan.h"

namespace moe {

namespace {

using json = nlohmann::json;

// The reference implementation refuses headers above 100 MB; a real one is a few hundred kB.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;
constexpr size_t kMaxRank = 8;

// "4.2 GB" alone hides a difference of a few bytes; exact counts follow when that happens.
std::string size_pair(uint64_t expected, uint64_t actual) {
    std::string a = format_bytes(expected), b = format_bytes(actual);
    if (a == b) {
        a = std::to_string(expected) + " bytes";
        b = std::to_string(actual) + " bytes";
    }
    return "header says " + a + ", file has " + b;
}


std::string shape_string(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

std::optional<DType> dtype_from_name(const std::string& s) {
    if (s == "BF16") return DType::BF16;
    if (s == "F16") return DType::F16;
    if (s == "F32") return DType::F32;
    return std::nullopt;
}

struct Entry {
    std::string name;
    TensorView view;
    uint64_t begin = 0, end = 0;
};

uint64_t non_negative_integer(const json& v, const std::string& what, const std::string& file) {
    if (!v.is_number_unsigned()) throw Error(file + ": " + what + " must be a non-negative integer, got " + v.dump());
    return v.get<uint64_t>();
}

Entry parse_entry(const std::string& name, const json& info, const std::string& file) {
    const std::string where = file + ": tensor '" + name + "'";
    if (!info.is_object()) throw Error(where + " is described by " + info.dump() + ", not an object");
    if (!info.contains("dtype") || !info.contains("shape") || !info.contains("data_offsets"))
        throw Error(where + " lacks dtype, shape or data_offsets");

    const json& dtype = info.at("dtype");
    if (!dtype.is_string()) throw Error(where + " has dtype " + dtype.dump() + ", not a string");
    std::optional<DType> t = dtype_from_name(dtype.get<std::string>());
    if (!t)
        throw Error(where + " has unsupported dtype " + dtype.get<std::string>() +
                    " (moechat reads BF16, F16 and F32)");

    const json& shape = info.at("shape");
    if (!shape.is_array()) throw Error(where + " has shape " + shape.dump() + ", not a list");
    if (shape.size() > kMaxRank) throw Error(where + " has " + std::to_string(shape.size()) + " dimensions");
    Entry e;
    e.name = name;
    e.view.dtype = *t;
    uint64_t numel = 1;
    bool overflow = false;
    for (const json& d : shape) {
        uint64_t n = non_negative_integer(d, "tensor '" + name + "' shape entry", file);
        if (n > uint64_t(INT64_MAX)) overflow = true;
        e.view.shape.push_back(int64_t(std::min<uint64_t>(n, INT64_MAX)));
        if (__builtin_mul_overflow(numel, n, &numel)) overflow = true;
    }
    uint64_t bytes = 0;
    if (overflow || numel > uint64_t(INT64_MAX) || __builtin_mul_overflow(numel, dtype_size(*t), &bytes))
        throw Error(where + " has an impossibly large shape " + shape.dump());

    const json& offsets = info.at("data_offsets");
    if (!offsets.is_array() || offsets.size() != 2)
        throw Error(where + " has data_offsets " + offsets.dump() + ", not [begin, end]");
    e.begin = non_negative_integer(offsets[0], "tensor '" + name + "' data_offsets", file);
    e.end = non_negative_integer(offsets[1], "tensor '" + name + "' data_offsets", file);
    if (e.end < e.begin)
        throw Error(where + " has data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                    "] that end before they begin");
    if (e.end - e.begin != bytes)
        throw Error(where + " has shape " + shape_string(e.view.shape) + " of " + dtype.get<std::string>() + " (" +
                    std::to_string(bytes) + " bytes) but data_offsets [" + std::to_string(e.begin) + ", " +
                    std::to_string(e.end) + "] hold " + std::to_string(e.end - e.begin) + " bytes");
    return e;
}

} // namespace

std::map<std::string, TensorView> SafetensorsFile::parse(const uint8_t* bytes, size_t size,
                                                         const std::string& file) {
    if (size < 8)
        throw Error(file + " is truncated: " + std::to_string(size) +
                    " bytes is too short for a safetensors header");
    uint64_t header_len = 0;
    for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | bytes[i];
    const uint64_t after_length = size - 8;
    if (header_len > after_length)
        throw Error(file + " is truncated or not a safetensors file: its header length is " +
                    std::to_string(header_len) + " bytes but only " + std::to_string(after_length) +
                    " bytes follow (" + size_pair(8 + header_len, size) + ")");
    if (header_len > kMaxHeaderBytes)
        throw Error(file + " has a " + format_bytes(header_len) + " header, more than a safetensors header may hold (" +
                    format_bytes(kMaxHeaderBytes) + ")");
    if (header_len < 2 || bytes[8] != '{')
        throw Error(file + " is not a safetensors file: its header does not start with a JSON object");

    json header;
    try {
        header = json::parse(bytes + 8, bytes + 8 + header_len);
    } catch (const json::exception& e) {
        throw Error(file + " has a header that is not valid JSON: " + printable(e.what()));
    }
    if (!header.is_object()) throw Error(file + " has a header that is not a JSON object");

    const uint8_t* data = bytes + 8 + header_len;
    const uint64_t data_size = after_length - header_len;

    std::vector<Entry> entries;
    for (const auto& [name, info] : header.items()) {
        if (name == "__metadata__") continue;
        entries.push_back(parse_entry(name, info, file));
    }

    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    const Entry* last_end = nullptr; // the non-empty tensor reaching furthest so far
    for (const Entry& e : entries) {
        if (e.begin == e.end) continue;
        if (last_end && e.begin < last_end->end)
            throw Error(file + ": tensors '" + last_end->name + "' (bytes " + std::to_string(last_end->begin) + "–" +
                        std::to_string(last_end->end) + ") and '" + e.name + "' (bytes " + std::to_string(e.begin) +
                        "–" + std::to_string(e.end) + ") overlap");
        if (!last_end || e.end > last_end->end) last_end = &e;
    }
    for (const Entry& e : entries) {
        if (e.end > data_size) {
            // Every offset is in range of a complete file of this header; the file is short.
            uint64_t needed = 0;
            for (const Entry& x : entries) needed = std::max(needed, x.end);
            const uint64_t expected = 8 + header_len + needed;
            const bool truncated = needed < (uint64_t(1) << 50);
            throw Error(file + (truncated ? " is truncated: " : " has out-of-range data_offsets: ") +
                        size_pair(expected, size) + " (tensor '" + e.name + "' ends at data byte " +
                        std::to_string(e.end) + ", beyond the file's " + std::to_string(data_size) + " data bytes)");
        }
    }

    std::map<std::string, TensorView> tensors;
    for (Entry& e : entries) {
        e.view.data = data + e.begin;
        tensors.emplace(e.name, std::move(e.view));
    }
    return tensors;
}

std::unique_ptr<SafetensorsFile> SafetensorsFile::open(const std::filesystem::path& path) {
    const std::string file = path.filename().string();
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT) throw Error(file + " is missing: " + path.string() + " does not exist");
        throw Error("cannot open " + path.string() + ": " + std::strerror(err));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(path.string() + " is not a regular file");
    }
    const size_t size = size_t(st.st_size);
    if (size < 8) {
        ::close(fd);
        throw Error(file + " is truncated: " + std::to_string(size) +
                    " bytes is too short for a safetensors header (" + path.string() + ")");
    }
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    int err = errno;
    ::close(fd);
    if (map == MAP_FAILED) throw Error("cannot map " + path.string() + ": " + std::strerror(err));

    std::unique_ptr<SafetensorsFile> f(new SafetensorsFile());
    f->path_ = path;
    f->map_ = map;
    f->size_ = size;
    f->tensors_ = parse(static_cast<const uint8_t*>(map), size, file);
    return f;
}

SafetensorsFile::~SafetensorsFile() {
    if (map_) ::munmap(map_, size_);
}

namespace {
bool is_plain_file_name(const std::string& s) {
    return !s.empty() && s != "." && s != ".." && s.find('/') == std::string::npos && s.find('\0') == std::string::npos;
}

} // namespace

std::unique_ptr<Checkpoint> Checkpoint::open(const std::filesystem::path& model_dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(model_dir, ec)) throw Error("model folder " + model_dir.string() + " does not exist");

    std::unique_ptr<Checkpoint> c(new Checkpoint());
    c->dir_ = model_dir;
    const fs::path index_path = model_dir / "model.safetensors.index.json";
    const fs::path single_path = model_dir / "model.safetensors";

    if (fs::exists(index_path, ec)) {
        const std::string index_name = index_path.filename().string();
        json index = read_json_file(index_path);
        if (!index.is_object() || !index.contains("weight_map") || !index.at("weight_map").is_object())
            throw Error(index_name + " has no weight_map object (" + index_path.string() + ")");
        const json& weight_map = index.at("weight_map");
        std::map<std::string, std::vector<std::string>> by_shard; // shard → tensor names, opened once each
        for (const auto& [name, shard] : weight_map.items()) {
            if (!shard.is_string() || !is_plain_file_name(shard.get<std::string>()))
                throw Error(index_name + " maps tensor '" + name + "' to " + shard.dump() +
                            ", not a file name in the model folder");
            by_shard[shard.get<std::string>()].push_back(name);
        }
        if (by_shard.empty()) throw Error(index_name + " lists no tensors (" + index_path.string() + ")");
        for (const auto& [shard, names] : by_shard) {
            const fs::path shard_path = model_dir / shard;
            if (!fs::exists(shard_path, ec))
                throw Error(shard + " is listed in " + index_name + " but missing from " + model_dir.string());
            c->files_.push_back(SafetensorsFile::open(shard_path));
            const auto& tensors = c->files_.back()->tensors();
            for (const std::string& name : names) {
                auto it = tensors.find(name);
                if (it == tensors.end())
                    throw Error(index_name + " puts tensor '" + name + "' in " + shard + ", but " + shard +
                                " does not contain it");
                c->index_[name] = &it->second;
            }
        }
    } else if (fs::exists(single_path, ec)) {
        c->files_.push_back(SafetensorsFile::open(single_path));
        for (const auto& [name, view] : c->files_.back()->tensors()) c->index_[name] = &view;
    } else {
        int shards = 0;
        for (const auto& entry : fs::directory_iterator(model_dir, ec))
            if (entry.path().extension() == ".safetensors") ++shards;
        throw Error("no model.safetensors or model.safetensors.index.json in " + model_dir.string() +
                    (shards ? " (found " + std::to_string(shards) + " .safetensors files but no index naming them)"
                            : ""));
    }
    return c;
}

bool Checkpoint::has(const std::string& name) const { return index_.count(name) != 0; }

const TensorView& Checkpoint::get(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) throw Error("missing tensor " + name + " in " + dir_.string());
    return *it->second;
}

std::vector<std::string> Checkpoint::names() const {
    std::vector<std::string> out;
    out.reserve(index_.size());
    for (const auto& [name, view] : index_) out.push_back(name);
    return out;
}

size_t Checkpoint::total_bytes() const {
    size_t total = 0;
    for (const auto& [name, view] : index_) total += view->nbytes();
    return total;
}

} // namespace moe
