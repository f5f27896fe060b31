#include "compose/fields/secrets_configs.h"

#include <gtest/gtest.h>

#include "compose/compose_parser.h"
#include "compose/compose_test_util.h"

namespace edge {
namespace {

using compose_test::error_of;
using Source = FileDefinition::Source;

const char* const kStack = R"(services:
  db:
    image: postgres:16
    secrets:
      - db_password
      - source: api_key
        target: api
        uid: "999"
        gid: "999"
        mode: 0400
    configs:
      - pg_conf
      - source: pg_conf
        target: /etc/pg/extra.conf
        mode: "0440"
secrets:
  db_password:
    file: ./db_password.txt
  api_key:
    environment: API_KEY
configs:
  pg_conf:
    content: |
      max_connections = 20
  unused:
    external: true
    name: site_conf
)";

TEST(SecretsConfigs, ShortAndLongSyntaxWithTopLevelSources) {
    auto parsed = parse_compose_text(kStack, "compose.yaml", "demo");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    const ServiceSpec& db = parsed->stack.services.at(0);
    ASSERT_EQ(db.secrets.size(), 2u);
    EXPECT_EQ(db.secrets[0],
              (FileReference{"db_password", "/run/secrets/db_password", "0", "0", 0444, 0, ""}));
    EXPECT_EQ(db.secrets[1],
              (FileReference{"api_key", "/run/secrets/api", "999", "999", 0400, 0, ""}));
    ASSERT_EQ(db.configs.size(), 2u);
    EXPECT_EQ(db.configs[0].target, "/pg_conf");
    EXPECT_EQ(db.configs[1].target, "/etc/pg/extra.conf");
    EXPECT_EQ(db.configs[1].mode, 0440);
    EXPECT_EQ(parsed->secrets.at("db_password"),
              (FileDefinition{Source::kFile, "./db_password.txt"}));
    EXPECT_EQ(parsed->secrets.at("api_key"), (FileDefinition{Source::kEnvironment, "API_KEY"}));
    EXPECT_EQ(parsed->configs.at("pg_conf"),
              (FileDefinition{Source::kContent, "max_connections = 20\n"}));
    EXPECT_EQ(parsed->configs.at("unused"), (FileDefinition{Source::kExternal, "site_conf"}));
}

TEST(SecretsConfigs, Errors) {
    EXPECT_EQ(error_of("services:\n  web:\n    image: nginx\n    secrets: [nope]\n"),
              "compose.yaml:4: services.web.secrets: secret \"nope\" is not declared under the "
              "top-level secrets key");
    EXPECT_EQ(error_of("services:\n  web:\n    image: nginx\nsecrets:\n  s: {}\n"),
              "compose.yaml:5: secrets.s.file: missing; expected file, environment, content or "
              "external: true");
    EXPECT_EQ(error_of("services:\n  web:\n    image: nginx\n    configs:\n      - {source: c, "
                       "mode: \"999\"}\nconfigs:\n  c: {content: x}\n"),
              "compose.yaml:5: services.web.configs[0].mode: expected a file mode from 0 to 0777, "
              "such as 0440, got \"999\"");
    EXPECT_EQ(error_of("services:\n  web:\n    image: nginx\nsecrets:\n  s: {file: a, "
                       "environment: B}\n"),
              "compose.yaml:5: secrets.s.environment: a secret has one source: file, "
              "environment or content");
}

}  // namespace
}  // namespace edge
