// The pure parts of `edgectl config render`: the default stack name and the YAML form.
#include <gtest/gtest.h>

#include "edgectl/commands/compose_source.h"
#include "edgectl/yaml_output.h"

namespace edge::ctl {
namespace {

TEST(DefaultStackName, IsTheComposeFilesDirectoryMadeIntoAName) {
    EXPECT_EQ(default_stack_name("/home/me/Photo Library/compose.yaml"), "photo-library");
    EXPECT_EQ(default_stack_name("/srv/immich_app/docker-compose.yml"), "immich-app");
    EXPECT_EQ(default_stack_name("/___/compose.yaml"), "stack");
}

TEST(JsonAsYaml, KeepsTypesAndShape) {
    nlohmann::json value = {{"name", "blog"},
                            {"services",
                             {{{"name", "web"},
                               {"replicas", 2},
                               {"global", false},
                               {"environment", {{"PORT", "8080"}, {"DEBUG", "true"}}},
                               {"command", nlohmann::json::array()}}}}};
    EXPECT_EQ(json_as_yaml(value),
              "name: \"blog\"\n"
              "services:\n"
              "  - command: []\n"
              "    environment:\n"
              "      DEBUG: \"true\"\n"
              "      PORT: \"8080\"\n"
              "    global: false\n"
              "    name: \"web\"\n"
              "    replicas: 2\n");
}

}  // namespace
}  // namespace edge::ctl
