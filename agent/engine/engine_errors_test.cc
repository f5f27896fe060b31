#include "agent/engine/engine_errors.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

TEST(StaleTaskErrorTest, RecognisesTheEngineMessages) {
    EXPECT_TRUE(
        is_stale_task_error("engine answered 500: failed to create task for container: task "
                            "4f1c9e0d already exists: unknown"));
    EXPECT_TRUE(is_stale_task_error(
        "engine answered 500: failed to create task for container: failed to start shim: mkdir "
        "/run/containerd/io.containerd.runtime.v2.task/moby/d47a: file exists: unknown"));
}

TEST(StaleTaskErrorTest, IgnoresOtherFailures) {
    EXPECT_FALSE(is_stale_task_error("engine answered 404: No such container: edge-web-1"));
    EXPECT_FALSE(is_stale_task_error(
        "engine answered 409: Conflict. The container name \"/x\" is already in use"));
    EXPECT_FALSE(is_stale_task_error(
        "engine answered 500: driver failed programming external connectivity: port is "
        "already allocated"));
    EXPECT_FALSE(is_stale_task_error(""));
}

}  // namespace
}  // namespace edge
