#include "compose/yaml_load.h"

#include <yaml-cpp/eventhandler.h>

#include <optional>
#include <sstream>

namespace edge::compose {

namespace {

// Records where documents start and ignores everything else.
class DocumentCounter : public YAML::EventHandler {
  public:
    int documents = 0;
    std::optional<YAML::Mark> second_start;

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents == 2) second_start = mark;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

Error empty_file(const std::string& file_name) {
    return make_error(file_name + ": the file is empty; expected a Compose file with services");
}

}  // namespace

Result<YAML::Node> load_single_document(const std::string& text, const std::string& file_name) {
    std::istringstream input(text);
    YAML::Parser parser(input);
    DocumentCounter counter;
    while (counter.documents < 2 && parser.HandleNextDocument(counter)) {
    }
    if (counter.documents == 0) return empty_file(file_name);
    if (counter.second_start) {
        const YAML::Mark& mark = *counter.second_start;
        std::string where =
            file_name + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
        // The stray-comma failure shows up as a document starting at the comma.
        size_t position = static_cast<size_t>(mark.pos);
        if (mark.pos >= 0 && position < text.size() && text[position] == ',') {
            return make_error(where + ": invalid YAML: unexpected ','");
        }
        return make_error(where +
                          ": invalid YAML: a second document starts here; a Compose "
                          "file holds exactly one");
    }
    YAML::Node root = YAML::Load(text);
    if (root.IsNull()) return empty_file(file_name);
    return root;
}

}  // namespace edge::compose
