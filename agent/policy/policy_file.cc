#include "agent/policy/policy_file.h"

#include <filesystem>

#include "agent/text_file.h"

namespace edge {

Result<NodePolicy> load_node_policy(const std::string& path, bool must_exist,
                                    const std::string& state_dir) {
    std::error_code error;
    if (!must_exist && !std::filesystem::exists(path, error)) return default_node_policy(state_dir);
    auto text = read_text_file(path);
    if (!text) return make_error("cannot read policy file " + path);
    // A policy is a dozen lines; anything this large is the wrong file.
    if (text->size() > 64 * 1024) return make_error(path + ": larger than 64 KiB");
    return parse_node_policy(*text, path, state_dir);
}

}  // namespace edge
