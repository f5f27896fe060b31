// Typed, located access to a parsed YAML tree for the Compose parser.
// A Value is one YAML node plus the dotted key path that leads to it
// (services.web.deploy.replicas) and the position to show a reader, so every error and
// warning comes out in one format: `FILE:LINE: PATH: message`.
// Map access handles YAML merge keys (`<<: *defaults`, common in Compose files and not
// resolved by yaml-cpp 0.7) and refuses duplicate keys, which YAML forbids.
// Thread-safety: a Value points at its ParseContext; use both from one thread.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "compose/compose_inputs.h"
#include "core/result.h"

namespace edge::compose {

// One warning or error, `FILE:LINE: PATH: message`, with its line for sorting.
struct Diagnostic {
    int line = 0;  // 1-based; 0 when unknown
    std::string text;
};
using Warning = Diagnostic;

// What one parse shares: the file name for messages, what the file is read with, and the
// warnings and errors collected so far. Errors are collected rather than returned at once
// so that one run reports every mistake in the file, like a compiler.
struct ParseContext {
    std::string file_name;
    std::vector<Diagnostic> warnings;
    std::vector<Diagnostic> errors;
    ComposeInputs inputs;

    // Records an error made by Value::fail (or any `FILE:LINE: ...` message) and carries on.
    void add_error(const Error& error);
    bool has_errors() const { return !errors.empty(); }

    // The warnings' texts in file order (they are found in the order keys are interpreted).
    std::vector<std::string> warnings_in_file_order() const;
    // Every error, sorted by line, one a line.
    Error errors_in_file_order() const;
};

struct Entry;

class Value {
  public:
    // mark: where a reader should look; for a map entry this is its key, so that an empty
    // value (`image:`) is reported on its own line rather than on the next token's.
    Value(ParseContext& context, YAML::Node node, std::string path, YAML::Mark mark);

    const YAML::Node& node() const { return node_; }
    const std::string& path() const { return path_; }
    ParseContext& context() const { return *context_; }
    // 1-based line for messages that point at a second place; 0 when unknown.
    int line() const { return mark_.line + 1; }

    bool is_null() const { return node_.IsNull(); }
    bool is_map() const { return node_.IsMap(); }
    bool is_list() const { return node_.IsSequence(); }
    bool is_scalar() const { return node_.IsScalar(); }

    // `FILE:LINE: PATH: message`.
    Error fail(const std::string& message) const;
    // `FILE:LINE: PATH: expected WHAT, got <description of this value>`.
    Error expected(const std::string& what) const;
    // `FILE:LINE: PATH.key: missing; why` for a required key this map lacks.
    Error missing(const std::string& key, const std::string& why) const;
    // Adds `FILE:LINE: PATH: message` to the context's warnings.
    void warn(const std::string& message) const;
    // The usual warning for a key that edgeorch does not support.
    void warn_unsupported() const { warn("not supported, ignored"); }

    // The entries of a map, in file order, with merge keys resolved.
    Result<std::vector<Entry>> entries() const;
    // The items of a list; an item's path is PATH[index].
    Result<std::vector<Value>> items() const;

    // A scalar as text. Numbers and booleans keep the text they were written with.
    // Variables were interpolated before (compose/interpolation/interpolate_tree.h).
    Result<std::string> text(const std::string& what = "a string") const;
    Result<int64_t> integer(int64_t min, int64_t max) const;
    Result<bool> boolean() const;
    // A Compose duration ("30s", "1m30s", "500ms") in milliseconds.
    Result<int64_t> duration(const std::string& what = "a duration such as 30s or 1m30s") const;

    // How this value reads in an error: "a map", "a list", "null" or the quoted scalar.
    std::string describe() const;

  private:
    std::string location() const;

    ParseContext* context_;
    YAML::Node node_;
    std::string path_;
    YAML::Mark mark_;
};

struct Entry {
    std::string key;
    Value value;
};

}  // namespace edge::compose
