#include "compose/interpolation/interpolate_tree.h"

#include <set>
#include <string>

#include "compose/interpolation/interpolation.h"

namespace edge::compose {

namespace {

class TreeInterpolator {
  public:
    explicit TreeInterpolator(ParseContext& context) : context_(context) {}

    void visit(YAML::Node node, const std::string& path) {
        if (node.IsScalar()) {
            scalar(node, path);
        } else if (node.IsSequence()) {
            for (size_t i = 0; i < node.size(); ++i) {
                visit(node[i], path + "[" + std::to_string(i) + "]");
            }
        } else if (node.IsMap()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
                visit(it->second, path.empty() ? key : path + "." + key);
            }
        }
    }

  private:
    void scalar(YAML::Node node, const std::string& path) {
        // An alias shares its anchor's node: interpolating it twice would undo `$$`.
        if (!done_.insert(node.Mark().pos).second) return;
        const std::string& text = node.Scalar();
        if (text.find('$') == std::string::npos) return;
        Value where(context_, node, path, node.Mark());
        auto result = interpolate(text, context_.inputs.variables);
        if (!result) {
            context_.add_error(where.fail(result.error().message));
            return;
        }
        for (const std::string& name : result->unset) {
            where.warn("variable " + name + " is not set; using an empty string");
        }
        node = result->text;
    }

    ParseContext& context_;
    std::set<int> done_;
};

}  // namespace

void interpolate_document(YAML::Node root, ParseContext& context) {
    TreeInterpolator(context).visit(root, "");
}

}  // namespace edge::compose
