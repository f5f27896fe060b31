// Helpers shared by the Compose parser tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "compose/compose_parser.h"

namespace edge::compose_test {

// The error text for a document that must not parse, or a marker when it parsed.
inline std::string error_of(const std::string& text) {
    auto parsed = parse_compose_text(text, "compose.yaml", "demo");
    return parsed ? "<parsed without error>" : parsed.error().message;
}

// Parses a document that must parse; fails the test otherwise.
inline ParsedStack parse_ok(const std::string& text) {
    auto parsed = parse_compose_text(text, "compose.yaml", "demo");
    EXPECT_TRUE(parsed.ok()) << (parsed ? "" : parsed.error().message);
    return parsed ? *parsed : ParsedStack{};
}

// The single service of a document that must parse.
inline ServiceSpec only_service(const std::string& text) {
    ParsedStack parsed = parse_ok(text);
    EXPECT_EQ(parsed.stack.services.size(), 1u);
    return parsed.stack.services.empty() ? ServiceSpec{} : parsed.stack.services.front();
}

// A service named web with the given extra lines (indented four spaces) after its image.
inline std::string web_with(const std::string& lines) {
    return "services:\n  web:\n    image: nginx\n" + lines;
}

inline std::string testdata(const std::string& name) {
    return std::string(EDGE_COMPOSE_TESTDATA) + "/" + name;
}

}  // namespace edge::compose_test
