// For tests: runs edgectl's command line on `words` (without the program name) and returns
// its exit code.
#pragma once

#include <string>
#include <vector>

#include "edgectl/cli.h"

namespace edge::ctl::testing {

inline int run_edgectl(std::vector<std::string> words) {
    words.insert(words.begin(), "edgectl");
    std::vector<char*> argv;
    for (auto& word : words) argv.push_back(word.data());
    return run_cli(static_cast<int>(argv.size()), argv.data());
}

}  // namespace edge::ctl::testing
