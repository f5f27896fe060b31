// Hostile input: alias bombs, self-referencing anchors, deep nesting, oversized files, and
// arbitrary damage to a valid file. None may hang, exhaust memory or throw.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "compose/compose_parser.h"
#include "compose/compose_test_util.h"

namespace edge {
namespace {

using compose_test::error_of;
using compose_test::testdata;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// The parser stops at the node limit instead of expanding a billion aliases; the limit in the
// error shows it (a wall-clock bound here failed under qemu on a loaded machine).
TEST(ComposeLimits, AliasBombStopsAtTheNodeLimit) {
    std::string file = testdata("alias_bomb.yaml");
    auto parsed = parse_compose_file(file, "demo");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(
        parsed.error().message,
        file +
            ":2: x-e[7][8][8][8][4]: the document expands to more than 100000 YAML nodes once "
            "aliases are expanded; refusing it");
}

TEST(ComposeLimits, SelfReferencingAnchorIsBoundedByDepth) {
    EXPECT_EQ(error_of("x-loop: &loop [*loop]\nservices: {web: {image: a}}\n"),
              "compose.yaml:1: x-loop[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
              "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
              "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested deeper than 64 levels");
    // A merge key that refers to its own map would otherwise merge forever.
    std::string merge_loop = error_of("services:\n  web: &web\n    image: a\n    <<: *web\n");
    EXPECT_NE(merge_loop.find("nested deeper than 64 levels"), std::string::npos) << merge_loop;
}

TEST(ComposeLimits, DeepNestingIsRefused) {
    // Within yaml-cpp's own limit, so the walk's depth check reports it.
    std::string flow(100, '[');
    flow += std::string(100, ']');
    std::string error = error_of("x-deep: " + flow + "\nservices: {web: {image: a}}\n");
    EXPECT_EQ(error.substr(0, 24), "compose.yaml:1: x-deep[0");
    EXPECT_NE(error.find("]: nested deeper than 64 levels"), std::string::npos) << error;

    // Deep enough for yaml-cpp's parser to give up before building the tree.
    std::string deeper(100000, '[');
    EXPECT_EQ(error_of("x: " + deeper), "compose.yaml:1:1: invalid YAML: nested too deeply");

    // Block maps nest too.
    std::string block = "services:\n  web:\n    image: a\nx-deep:\n";
    for (int level = 1; level <= 70; ++level) {
        block += std::string(2 * level, ' ') + "k:\n";
    }
    error = error_of(block);
    EXPECT_NE(error.find(": nested deeper than 64 levels"), std::string::npos) << error;
}

TEST(ComposeLimits, ManyNodesWithoutAliasesAreRefusedToo) {
    std::string text = "services: {web: {image: a}}\nx-list:\n";
    for (int i = 0; i < 100001; ++i) text += "- 1\n";
    ASSERT_LT(text.size(), kMaxComposeFileSize);
    EXPECT_EQ(error_of(text),
              "compose.yaml:99994: x-list[99991]: the document expands to more than 100000 YAML "
              "nodes once aliases are expanded; refusing it");
}

TEST(ComposeLimits, HugeFileIsRefusedBeforeParsing) {
    std::string text = "services: {web: {image: a}}\n# ";
    text += std::string(kMaxComposeFileSize, 'x');
    EXPECT_EQ(error_of(text), "compose.yaml: the file is larger than 1 MiB; refusing to parse it");

    std::string path = ::testing::TempDir() + "/huge-compose.yaml";
    {
        std::ofstream out(path, std::ios::binary);
        out << text << text;
    }
    auto parsed = parse_compose_file(path, "demo");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().message,
              path + ": the file is larger than 1 MiB; refusing to parse it");
    std::remove(path.c_str());
}

TEST(ComposeLimits, FileJustUnderTheLimitParses) {
    std::string text = "services: {web: {image: a, mem_limit: 1g}}\n# ";
    text += std::string(kMaxComposeFileSize - text.size() - 1, 'x');
    text += "\n";
    ASSERT_EQ(text.size(), kMaxComposeFileSize);
    auto parsed = parse_compose_text(text, "compose.yaml", "demo");
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
}

// Every prefix and many random byte changes of a valid file: each must give a stack or an
// error in the documented form, never an exception.
TEST(ComposeLimits, DamagedInputNeverThrows) {
    const std::string original = read_file(testdata("full.yaml"));
    ASSERT_FALSE(original.empty());
    auto check = [](const std::string& text) {
        Result<ParsedStack> parsed = make_error("not run");
        ASSERT_NO_THROW(parsed = parse_compose_text(text, "damaged.yaml", "demo"));
        if (!parsed.ok()) {
            EXPECT_EQ(parsed.error().message.rfind("damaged.yaml", 0), 0u)
                << parsed.error().message;
        }
    };
    for (size_t length = 0; length <= original.size(); length += 7) {
        check(original.substr(0, length));
    }
    std::mt19937 random(1234);
    const std::string alphabet = ":-[]{}&*!|>'\"#%@`,? \n\tab1";
    for (int round = 0; round < 2000; ++round) {
        std::string text = original;
        for (int change = 0; change < 3; ++change) {
            text[random() % text.size()] = alphabet[random() % alphabet.size()];
        }
        check(text);
    }
}

}  // namespace
}  // namespace edge
