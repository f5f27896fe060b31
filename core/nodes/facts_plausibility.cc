#include "core/nodes/facts_plausibility.h"

#include "core/memory/memsize.h"

namespace edge {

std::string implausible_facts(const NodeFacts& facts) {
    if (facts.memory_total > kMaxPlausibleMemory) {
        return "it claims " + format_memory_size(facts.memory_total) +
               " of memory, more than the " + format_memory_size(kMaxPlausibleMemory) +
               " any node could have";
    }
    if (facts.cpus > kMaxPlausibleCpus) {
        return "it claims " + std::to_string(facts.cpus) + " CPUs, more than the " +
               std::to_string(kMaxPlausibleCpus) + " any node could have";
    }
    return "";
}

}  // namespace edge
