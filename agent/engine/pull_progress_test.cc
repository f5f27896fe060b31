#include "agent/engine/pull_progress.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

// Lines as dockerd 20.10 streams them for POST /images/create.
TEST(PullProgressTest, SumsTheLayersBytesAsTheyDownload) {
    PullProgress progress;
    progress.add_line(R"({"status":"Pulling from library/postgres","id":"16"})");
    progress.add_line(R"({"status":"Pulling fs layer","progressDetail":{},"id":"a1"})");
    progress.add_line(R"({"status":"Pulling fs layer","progressDetail":{},"id":"b2"})");
    EXPECT_EQ(progress.total_bytes(), 0);
    progress.add_line(
        R"({"status":"Downloading","progressDetail":{"current":1000,"total":4000},"id":"a1"})");
    progress.add_line(
        R"({"status":"Downloading","progressDetail":{"current":500,"total":6000},"id":"b2"})");
    EXPECT_EQ(progress.done_bytes(), 1500);
    EXPECT_EQ(progress.total_bytes(), 10000);
    progress.add_line(R"({"status":"Download complete","progressDetail":{},"id":"a1"})");
    EXPECT_EQ(progress.done_bytes(), 4500);
    // Extracting reports the same layer's bytes again: not a download.
    progress.add_line(
        R"({"status":"Extracting","progressDetail":{"current":100,"total":4000},"id":"a1"})");
    EXPECT_EQ(progress.done_bytes(), 4500);
    progress.add_line(R"({"status":"Pull complete","progressDetail":{},"id":"b2"})");
    EXPECT_EQ(progress.done_bytes(), 10000);
}

TEST(PullProgressTest, IgnoresWhatIsNotLayerProgress) {
    PullProgress progress;
    progress.add_line("not json");
    progress.add_line(R"(["a"])");
    progress.add_line(R"({"status":"Digest: sha256:abc"})");
    progress.add_line(
        R"({"error":"manifest unknown","errorDetail":{"message":"manifest unknown"}})");
    progress.add_line(R"({"status":"Downloading","progressDetail":"x","id":"a1"})");
    progress.add_line(
        R"({"status":"Downloading","progressDetail":{"current":"1","total":true},"id":"a1"})");
    EXPECT_EQ(progress.done_bytes(), 0);
    EXPECT_EQ(progress.total_bytes(), 0);
}

}  // namespace
}  // namespace edge
