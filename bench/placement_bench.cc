// Placement benchmark: 1,000 nodes and 10,000 replicas across 500 services with constraints.
// Prints the time to compute a full plan, the time to re-plan after one node disappears, and
// the peak RSS, each as the median (min-max) of several runs, plus the command that produced it.
//
//   build/bench/placement_bench [--runs 5] [--nodes 1000] [--services 500] [--replicas 20]
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "core/placement/placement.h"

namespace {

using edge::NodeInfo;
using edge::PlacementInput;

struct Options {
    int runs = 5;
    int nodes = 1000;
    int services = 500;
    int replicas_per_service = 20;
};

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        int value = std::atoi(argv[i + 1]);
        if (std::strcmp(argv[i], "--runs") == 0) options.runs = value;
        if (std::strcmp(argv[i], "--nodes") == 0) options.nodes = value;
        if (std::strcmp(argv[i], "--services") == 0) options.services = value;
        if (std::strcmp(argv[i], "--replicas") == 0) options.replicas_per_service = value;
    }
    return options;
}

// A cluster shaped like a large homelab fleet: mostly Pis, some NUCs, a few labelled SSD nodes.
PlacementInput make_cluster(const Options& options) {
    std::mt19937 random(42);
    PlacementInput input;
    for (int i = 0; i < options.nodes; ++i) {
        NodeInfo node;
        bool pi = i % 4 != 0;
        node.name = (pi ? "pi-" : "nuc-") + std::to_string(i);
        node.facts.memory_total = (pi ? 8LL : 32LL) << 30;
        node.facts.arch = pi ? "arm64" : "amd64";
        node.facts.cpus = 4;
        node.facts.storage = pi ? edge::StorageKind::kSd : edge::StorageKind::kSsd;
        node.facts.model = pi ? "Raspberry Pi 5 Model B" : "Intel NUC";
        if (i % 3 == 0) node.labels["disk"] = "ssd";
        node.labels["zone"] = "rack-" + std::to_string(i % 10);
        input.nodes.push_back(node);
    }
    for (int s = 0; s < options.services; ++s) {
        edge::ServiceToPlace service;
        service.stack = "stack-" + std::to_string(s / 10);
        service.spec.name = "svc-" + std::to_string(s);
        service.spec.image = s % 25 == 0 ? "postgres:16" : "nginx:1.25";
        service.spec.replicas = options.replicas_per_service;
        service.spec.memory_limit = (64LL + 64 * static_cast<int64_t>(random() % 8)) << 20;
        service.spec.memory_reservation = service.spec.memory_limit;
        if (s % 5 == 0) service.spec.constraints.push_back({"node.labels.disk", true, "ssd"});
        if (s % 7 == 0) service.spec.constraints.push_back({"node.platform.arch", true, "arm64"});
        if (s % 11 == 0) service.spec.constraints.push_back({"node.labels.zone", false, "rack-3"});
        input.services.push_back(service);
    }
    return input;
}

// Placement is single-threaded, so the thread's CPU time is its cost; wall time on a shared
// machine would also count whatever else the machine was doing.
double thread_cpu_milliseconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

struct Summary {
    double median, min, max;
};

Summary summarise(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return {values[values.size() / 2], values.front(), values.back()};
}

}  // namespace

int main(int argc, char** argv) {
    Options options = parse_options(argc, argv);
    PlacementInput input = make_cluster(options);
    std::vector<double> full_plan_ms, replan_ms;
    size_t placed = 0, pending = 0;
    for (int run = 0; run < options.runs; ++run) {
        double start = thread_cpu_milliseconds();
        edge::Plan plan = edge::plan_placement(input);
        full_plan_ms.push_back(thread_cpu_milliseconds() - start);

        // The node holding the most replicas disappears; everything else stays put.
        PlacementInput after = input;
        after.current.clear();
        for (const auto& replica : plan.replicas) {
            if (!replica.node.empty()) after.current.push_back({replica.key, replica.node});
        }
        after.nodes.erase(after.nodes.begin() + 1);
        start = thread_cpu_milliseconds();
        edge::Plan replan = edge::plan_placement(after);
        replan_ms.push_back(thread_cpu_milliseconds() - start);

        placed = pending = 0;
        for (const auto& replica : plan.replicas) (replica.node.empty() ? pending : placed)++;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    Summary full = summarise(full_plan_ms), replan = summarise(replan_ms);
    std::printf("command: %s --runs %d --nodes %d --services %d --replicas %d\n", argv[0],
                options.runs, options.nodes, options.services, options.replicas_per_service);
    std::printf("replicas: %zu placed, %zu pending\n\n", placed, pending);
    std::printf("| figure | median | min | max |\n|---|---|---|---|\n");
    std::printf("| full plan (CPU ms) | %.1f | %.1f | %.1f |\n", full.median, full.min, full.max);
    std::printf("| re-plan after one node disappears (CPU ms) | %.1f | %.1f | %.1f |\n",
                replan.median, replan.min, replan.max);
    std::printf("| peak RSS (MiB) | %.1f | | |\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
