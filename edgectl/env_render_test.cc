// Tables over several environments: the ENV column, and `env ls`.
#include <gtest/gtest.h>

#include "edgectl/commands.h"

namespace edge::ctl {
namespace {

using nlohmann::json;

TEST(RenderEnvironments, OneEnvironmentNeedsNoEnvColumn) {
    json rows = json::array({{{"name", "shop"},
                              {"environment", "default"},
                              {"services", 1},
                              {"running", 1},
                              {"desired", 1},
                              {"updated_ms", 1000}}});
    EXPECT_EQ(render_stacks(rows, 61000),
              "NAME   SERVICES   REPLICAS   UPDATED\n"
              "shop   1          1/1        1m ago\n");
}

TEST(RenderEnvironments, SeveralEnvironmentsShowTheEnvColumnAndPlainNames) {
    json rows = json::array({{{"name", "shop"},
                              {"environment", "default"},
                              {"services", 1},
                              {"running", 1},
                              {"desired", 1},
                              {"updated_ms", 1000}},
                             {{"name", "shop@preprod"},
                              {"environment", "preprod"},
                              {"services", 1},
                              {"running", 0},
                              {"desired", 2},
                              {"updated_ms", 1000}}});
    EXPECT_EQ(render_stacks(rows, 61000),
              "ENV       NAME   SERVICES   REPLICAS   UPDATED\n"
              "default   shop   1          1/1        1m ago\n"
              "preprod   shop   1          0/2        1m ago\n");
    json services =
        json::array({{{"stack", "shop"}, {"environment", "default"}, {"service", "web"}},
                     {{"stack", "shop@prod"}, {"environment", "prod"}, {"service", "web"}}});
    std::string table = render_services(services);
    EXPECT_EQ(table.rfind("ENV       STACK   SERVICE", 0), 0u) << table;
    EXPECT_NE(table.find("\nprod      shop    web"), std::string::npos) << table;
}

TEST(RenderEnvironments, EnvLsShowsStacksReplicasMemoryConstraintsAndDefaults) {
    json rows = json::array({{{"name", "default"},
                              {"stacks", json::array()},
                              {"constraints", json::array()},
                              {"desired", 0},
                              {"placed", 0},
                              {"memory_reserved", 0}},
                             {{"name", "prod"},
                              {"stacks", {"shop", "blog"}},
                              {"constraints", {"node.labels.env==prod"}},
                              {"desired", 3},
                              {"placed", 2},
                              {"memory_reserved", 128 * 1024 * 1024},
                              {"memory_factor", "0.5"},
                              {"webhooks", {"ntfy https://ntfy.sh/lab"}}}});
    EXPECT_EQ(render_environments(rows),
              "NAME      STACKS      REPLICAS   RESERVED   MEMORY   CONSTRAINTS             "
              "WEBHOOKS\n"
              "default   -           0/0        -          x1       -                       -\n"
              "prod      shop,blog   2/3        128 MiB    x0.5     node.labels.env==prod   "
              "ntfy https://ntfy.sh/lab\n");
}

}  // namespace
}  // namespace edge::ctl

namespace edge::ctl {
namespace {

TEST(RenderPromotePreview, ShowsThePinnedImagesTheChangesAndThePlan) {
    nlohmann::json preview = {{"source", "shop@preprod"},
                              {"stack", "shop@prod"},
                              {"from", "preprod"},
                              {"to", "prod"},
                              {"images", {{"web", "reg:5000/web@sha256:aa"}}},
                              {"changes", {"web: image reg:5000/web:1 -> reg:5000/web@sha256:aa"}},
                              {"plan", {"shop@prod/web: placed replica 0 on nuc-2"}}};
    EXPECT_EQ(render_promote_preview(preview),
              "promote shop@preprod to shop@prod, images pinned to what preprod runs:\n"
              "  web: reg:5000/web@sha256:aa\n"
              "changes in prod:\n"
              "  web: image reg:5000/web:1 -> reg:5000/web@sha256:aa\n"
              "placement:\n"
              "  shop@prod/web: placed replica 0 on nuc-2\n");
}

}  // namespace
}  // namespace edge::ctl
