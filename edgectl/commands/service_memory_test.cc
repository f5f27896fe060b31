// Learned memory in edgectl's tables: columns only when a service learns, the cells, resize.
#include "edgectl/commands/service_memory.h"

#include <gtest/gtest.h>

#include "edgectl/commands.h"

namespace edge::ctl {
namespace {

using nlohmann::json;

constexpr int64_t kMemMiB = 1024 * 1024;

json service_row(const std::string& name, const std::string& mode) {
    json row = {{"stack", "demo"},
                {"service", name},
                {"image", "busybox"},
                {"mode", "replicated"},
                {"desired", 1},
                {"running", 1},
                {"memory_limit", 256 * kMemMiB},
                {"memory_reservation", 256 * kMemMiB},
                {"endpoints", json::array()},
                {"memory_mode", mode}};
    if (mode != "fixed") {
        row["memory_peak_window"] = 20 * kMemMiB;
        row["memory_recommendation"] = 0;
        row["memory_observed_ms"] = 6000;
        row["memory_observation_ms"] = 20000;
        row["memory_pending"] = "";
    }
    return row;
}

TEST(ServiceMemoryColumns, OnlyWhenSomeServiceLearns) {
    json fixed = json::array({service_row("web", "fixed")});
    EXPECT_EQ(render_services(fixed).find("SIZING"), std::string::npos);
    json rows = json::array({service_row("web", "fixed"), service_row("app", "auto")});
    rows[1]["memory_recommendation"] = 32 * kMemMiB;
    EXPECT_EQ(render_services(rows),
              "STACK   SERVICE   IMAGE     MODE         REPLICAS   MEMORY    RESERVED   SIZING   "
              "PEAK     RECOMMENDED   ENDPOINTS\n"
              "demo    web       busybox   replicated   1/1        256 MiB   256 MiB    fixed    "
              "-        -             -\n"
              "demo    app       busybox   replicated   1/1        256 MiB   256 MiB    auto     "
              "20 MiB   32 MiB        -\n");
}

TEST(ServiceMemoryColumns, ObservingShowsHowFarTheWindowIs) {
    EXPECT_EQ(memory_cells(service_row("app", "recommend"), "memory_peak_window"),
              (std::vector<std::string>{"recommend", "20 MiB", "observing 30%"}));
    EXPECT_EQ(memory_cells(json::object(), "memory_peak"),
              (std::vector<std::string>{"fixed", "-", "-"}));
}

TEST(ServiceMemoryColumns, ReplicasShowTheirPeakAndAPendingResize) {
    json row = {{"stack", "demo"},
                {"service", "app"},
                {"replica", 0},
                {"node", "pi-1"},
                {"state", "running"},
                {"memory_limit", 400 * kMemMiB},
                {"image", "busybox"},
                {"container_id", ""},
                {"memory_peak", 390 * kMemMiB},
                {"memory_mode", "auto"},
                {"memory_recommendation", 0},
                {"memory_observation_ms", 0},
                {"memory_pending", "resize to 640 MiB waits: it fits on no node: pi-1: full"}};
    std::string table = render_replicas(json::array({row}), 0);
    EXPECT_NE(table.find("SIZING   PEAK      RECOMMENDED"), std::string::npos) << table;
    EXPECT_NE(table.find("auto     390 MiB   -"), std::string::npos) << table;
    EXPECT_NE(table.find("resize to 640 MiB waits: it fits on no node: pi-1: full"),
              std::string::npos)
        << table;
}

TEST(ServiceResize, SaysWhatItFoundAndWhatApplyDoes) {
    json row = service_row("app", "recommend");
    row["memory_recommendation"] = 32 * kMemMiB;
    EXPECT_EQ(render_resize(row),
              "demo/app: recommend, limit 256 MiB, peak 20 MiB, recommended 32 MiB\n"
              "`edgectl service resize demo/app --apply` applies it\n");
    row["applied"] = true;
    row["memory_limit"] = 32 * kMemMiB;
    EXPECT_EQ(render_resize(row),
              "demo/app: recommend, limit 32 MiB, peak 20 MiB, recommended 32 MiB\n"
              "applied: its replicas take the new limit in a rolling update per update_config\n");
}

}  // namespace
}  // namespace edge::ctl
