#include "core/names.h"

#include <gtest/gtest.h>

#include "core/model.h"

namespace edge {
namespace {

TEST(ValidateName, AcceptsTopicSafeNames) {
    for (const char* name : {"pi-1", "nuc", "a", "web_2", "db.main", "0abc"}) {
        EXPECT_TRUE(validate_name("node", name).ok()) << name;
    }
}

TEST(ValidateName, RejectsNamesThatBreakTopicsOrContainerNames) {
    for (const char* name : {"", "Pi", "a/b", "a+b", "#", "-x", ".x", "a b", "é"}) {
        EXPECT_FALSE(validate_name("node", name).ok()) << name;
    }
    EXPECT_FALSE(validate_name("node", std::string(64, 'a')).ok());
    EXPECT_TRUE(validate_name("node", std::string(63, 'a')).ok());
    EXPECT_EQ(validate_name("stack", "a/b").error().message,
              "stack name \"a/b\" has an invalid character; expected 1-63 characters of a-z, 0-9, "
              "'-', '_' or '.', starting with a letter or digit");
}

TEST(Model, ContainerNameAndPolicyNames) {
    EXPECT_EQ(container_name("pi-1", "demo", "web", 2), "edge-demo-web-2.pi-1");
    EXPECT_EQ(restart_policy_from("any"), RestartPolicy::kAlways);
    EXPECT_EQ(restart_policy_from("none"), RestartPolicy::kNo);
    EXPECT_EQ(restart_policy_from("sometimes"), std::nullopt);
    EXPECT_STREQ(to_string(RestartPolicy::kOnFailure), "on-failure");
    EXPECT_EQ(storage_kind_from("sd"), StorageKind::kSd);
    EXPECT_EQ(storage_kind_from("floppy"), std::nullopt);
}

}  // namespace
}  // namespace edge
