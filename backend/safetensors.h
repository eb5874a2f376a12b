#pragma once
// Memory-mapped safetensors files and Hugging Face checkpoint folders (single file, or
// shards listed in model.safetensors.index.json). Headers are untrusted input: every
// offset, shape and dtype is checked before a view is handed out.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tensor.h"

namespace moe {

class SafetensorsFile {
public:
    // Maps the file and validates its header; throws moe::Error with the file name and
    // what is wrong (truncated, header longer than the file, overlapping or out-of-range
    // offsets, unknown dtype, shape that disagrees with the byte size).
    static std::unique_ptr<SafetensorsFile> open(const std::filesystem::path& path);
    // Parses a header from memory (the fuzz target uses this); `file_size` bounds offsets.
    static std::map<std::string, TensorView> parse(const uint8_t* bytes, size_t size,
                                                   const std::string& name_for_errors);
    ~SafetensorsFile();

    const std::filesystem::path& path() const { return path_; }
    const std::map<std::string, TensorView>& tensors() const { return tensors_; }
    size_t size_bytes() const { return size_; }

private:
    SafetensorsFile() = default;
    std::filesystem::path path_;
    void* map_ = nullptr;
    size_t size_ = 0;
    std::map<std::string, TensorView> tensors_;
};

class Checkpoint {
public:
    // Opens every shard of a model folder (model.safetensors, or the index's shards).
    static std::unique_ptr<Checkpoint> open(const std::filesystem::path& model_dir);

    bool has(const std::string& name) const;
    // Throws moe::Error "missing tensor NAME in DIR" when absent.
    const TensorView& get(const std::string& name) const;
    std::vector<std::string> names() const;
    size_t total_bytes() const;

private:
    std::vector<std::unique_ptr<SafetensorsFile>> files_;
    std::map<std::string, const TensorView*> index_;
    std::filesystem::path dir_;
};

} // namespace moe
