// Loading the one YAML document of a Compose file with yaml-cpp, guarded against its known
// failure on stray flow indicators: a ',' after the top-level node (",", "[a],") makes
// yaml-cpp 0.7 report empty documents forever, so YAML::LoadAll never returns. Documents are
// counted with the event parser, stopping at the second, before the first is built.
// Thread-safety: a pure function. May throw YAML::Exception; the caller catches it.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "core/result.h"

namespace edge::compose {

// The document's root, or an error when the text holds no document or more than one.
Result<YAML::Node> load_single_document(const std::string& text, const std::string& file_name);

}  // namespace edge::compose
