#include "compose/document_limits.h"

#include <vector>

namespace edge::compose {

namespace {

class LimitWalker {
  public:
    LimitWalker(const std::string& file_name, const DocumentLimits& limits)
        : file_name_(file_name), limits_(limits) {}

    Status walk(const YAML::Node& node) {
        if (++visited_ > limits_.max_nodes) {
            return fail(node, "the document expands to more than " +
                                  std::to_string(limits_.max_nodes) +
                                  " YAML nodes once aliases are expanded; refusing it");
        }
        // Scalars and nulls are leaves; only collections deepen the tree.
        if (!node.IsMap() && !node.IsSequence()) return ok_status();
        if (path_.size() >= limits_.max_depth) {
            return fail(node,
                        "nested deeper than " + std::to_string(limits_.max_depth) + " levels");
        }
        if (node.IsSequence()) {
            size_t index = 0;
            for (const auto& item : node) {
                path_.push_back("[" + std::to_string(index++) + "]");
                Status status = walk(item);
                path_.pop_back();
                if (!status) return status;
            }
            return ok_status();
        }
        for (const auto& pair : node) {
            Status key_status = walk(pair.first);
            if (!key_status) return key_status;
            path_.push_back(pair.first.IsScalar() ? pair.first.Scalar() : "?");
            Status status = walk(pair.second);
            path_.pop_back();
            if (!status) return status;
        }
        return ok_status();
    }

  private:
    Error fail(const YAML::Node& node, const std::string& message) const {
        std::string path;
        for (const std::string& part : path_) {
            if (!path.empty() && part.front() != '[') path += '.';
            path += part;
        }
        std::string where = file_name_;
        if (node.Mark().line >= 0) where += ":" + std::to_string(node.Mark().line + 1);
        return make_error(where + ": " + (path.empty() ? "(top level)" : path) + ": " + message);
    }

    const std::string& file_name_;
    const DocumentLimits& limits_;
    std::vector<std::string> path_;
    size_t visited_ = 0;
};

}  // namespace

Status check_document_limits(const YAML::Node& root, const std::string& file_name,
                             const DocumentLimits& limits) {
    return LimitWalker(file_name, limits).walk(root);
}

}  // namespace edge::compose
