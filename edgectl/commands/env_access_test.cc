// The edgectl.env that `env grant` writes is one `context import` reads back exactly.
#include <gtest/gtest.h>

#include "edgectl/commands.h"
#include "edgectl/contexts.h"

namespace edge::ctl {
namespace {

TEST(GrantedEnvFile, ContextImportReadsBackTheIdentityAndItsFiles) {
    std::string text = granted_env_file("mqtts://hub.lan:8883", "env:preprod:ci", "s3cr=t/+",
                                        "ca.crt", "ci.crt", "ci.key");
    auto values = parse_env_file(text, "edgectl.env");
    ASSERT_TRUE(values.ok()) << values.error().message;
    auto context = context_from_env_file(*values, "mqtt://127.0.0.1:1883", "edgectl.env");
    ASSERT_TRUE(context.ok()) << context.error().message;
    EXPECT_EQ(context->broker, "mqtts://hub.lan:8883");
    EXPECT_EQ(context->username, "env:preprod:ci");
    EXPECT_EQ(context->password, "s3cr=t/+");
    EXPECT_EQ(context->tls_ca, "ca.crt");
    EXPECT_EQ(context->tls_cert, "ci.crt");
    EXPECT_EQ(context->tls_key, "ci.key");
}

}  // namespace
}  // namespace edge::ctl
