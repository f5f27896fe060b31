#include "core/placement/placement.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "core/image_digest.h"
#include "core/memory/memsize.h"
#include "core/network/service_network.h"
#include "core/placement/placement_node_rules.h"

namespace edge {

namespace {

// Images of well-known databases and other stateful, write-heavy stores, by the last path
// component of the repository (registry, tag and digest stripped). The one list the hub uses
// to recognize a database it was not told about.
constexpr std::string_view kDatabaseImages[] = {"postgres",
                                                "postgresql",
                                                "postgis",
                                                "timescaledb",
                                                "timescaledb-ha",
                                                "mysql",
                                                "mysql-server",
                                                "mariadb",
                                                "percona-server",
                                                "mongo",
                                                "mongodb",
                                                "mongodb-community-server",
                                                "redis",
                                                "redis-stack",
                                                "redis-stack-server",
                                                "valkey",
                                                "keydb",
                                                "dragonfly",
                                                "influxdb",
                                                "couchdb",
                                                "clickhouse",
                                                "clickhouse-server",
                                                "cassandra",
                                                "scylla",
                                                "elasticsearch",
                                                "opensearch",
                                                "etcd",
                                                "minio",
                                                "neo4j",
                                                "rabbitmq",
                                                "questdb",
                                                "victoria-metrics",
                                                "cockroach",
                                                "surrealdb",
                                                "rqlite",
                                                "zookeeper",
                                                "kafka",
                                                "couchbase",
                                                "arangodb"};

// Where well-known images keep their data. A persistent volume mounted here marks a database
// even when the image is not on the list above (a custom or renamed build).
constexpr std::string_view kDatabaseDataPaths[] = {"/var/lib/postgresql",
                                                   "/var/lib/mysql",
                                                   "/data/db",
                                                   "/data/configdb",
                                                   "/var/lib/mongodb",
                                                   "/var/lib/influxdb",
                                                   "/var/lib/influxdb2",
                                                   "/var/lib/redis",
                                                   "/var/lib/couchdb",
                                                   "/opt/couchdb/data",
                                                   "/var/lib/clickhouse",
                                                   "/var/lib/cassandra",
                                                   "/var/lib/scylla",
                                                   "/usr/share/elasticsearch/data",
                                                   "/usr/share/opensearch/data",
                                                   "/var/lib/etcd",
                                                   "/etcd-data",
                                                   "/var/lib/neo4j/data",
                                                   "/var/lib/rabbitmq",
                                                   "/bitnami/postgresql",
                                                   "/bitnami/mysql",
                                                   "/bitnami/mariadb",
                                                   "/bitnami/mongodb",
                                                   "/var/lib/questdb"};

bool is_under(std::string_view path, std::string_view root) {
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    if (path.substr(0, root.size()) != root) return false;
    return path.size() == root.size() || path[root.size()] == '/';
}

// Docker reports amd64/arm64/arm; Swarm users write uname's names. Both are accepted.
std::string normalized_arch(const std::string& arch) {
    if (arch == "x86_64" || arch == "x86-64") return "amd64";
    if (arch == "aarch64" || arch == "armv8") return "arm64";
    if (arch == "armv7l" || arch == "armv7" || arch == "armhf" || arch == "armv6l") return "arm";
    return arch;
}

std::optional<std::string> node_attribute(const NodeInfo& node, const std::string& key,
                                          const PlacementConfig& config) {
    static const std::string kLabelPrefix = "node.labels.";
    if (key == "node.hostname") return node.name;
    if (key == "node.platform.arch") return normalized_arch(node.facts.arch);
    if (key == "node.platform.os") return std::string("linux");
    if (key == "node.class") return std::string(node_class(node, config));
    if (key.starts_with(kLabelPrefix)) {
        auto label = node.labels.find(key.substr(kLabelPrefix.size()));
        if (label == node.labels.end()) return std::nullopt;
        return label->second;
    }
    return std::nullopt;
}

bool constraint_holds(const Constraint& constraint, const NodeInfo& node,
                      const PlacementConfig& config) {
    std::optional<std::string> actual = node_attribute(node, constraint.key, config);
    std::string wanted = constraint.key == "node.platform.arch" ? normalized_arch(constraint.value)
                                                                : constraint.value;
    // As in Swarm, a missing label satisfies "!=" and fails "==".
    bool equal = actual.has_value() && *actual == wanted;
    return constraint.equal ? equal : !equal;
}

struct ServiceId {
    std::string stack;
    std::string service;
    auto operator<=>(const ServiceId&) const = default;
};

// Placement's working copy of one node.
struct NodeSlot {
    const NodeInfo* info = nullptr;
    size_t index = 0;  // position in the planner's name-sorted slots
    int64_t allocatable = 0;
    int64_t used = 0;
    bool low_power = false;
    std::map<HostPort, ServiceId> ports_held;  // host ports bound by replicas placed here

    int64_t free() const { return allocatable - used; }
};

struct ServiceRef {
    ServiceId id;
    const ServiceSpec* spec = nullptr;
    int64_t reservation = 0;
    bool database = false;
    std::vector<HostPort> host_ports;
    bool host_network = false;  // network_mode: host; its container ports are host ports
    std::string network_peer;   // network_mode: service:NAME; must share NAME's node
    // Replicas of this service on each node, by slot index. A vector rather than a map on the
    // node: spreading compares these counts for every candidate node of every replica.
    std::vector<int> replicas_on;
    // Whether each node passes the rules that do not change while planning (constraints,
    // database class, devices, node policy), by slot index: 1 yes, 0 no, -1 not asked yet.
    // Each pair is evaluated at most once, when first needed: these rules cost string work,
    // a large cluster would otherwise evaluate them for every node of every replica, and a
    // re-plan that keeps most replicas in place asks about few nodes.
    std::vector<signed char> static_ok;
    bool fixed = false;  // ServiceToPlace::fixed

    int count_on(const NodeSlot& node) const { return replicas_on[node.index]; }
};

class Planner {
  public:
    explicit Planner(const PlacementInput& input) : config_(input.config) {
        std::vector<const NodeInfo*> sorted;
        std::set<std::string> seen;
        for (const auto& node : input.nodes) {
            if (seen.insert(node.name).second) sorted.push_back(&node);
        }
        std::sort(sorted.begin(), sorted.end(),
                  [](const NodeInfo* a, const NodeInfo* b) { return a->name < b->name; });
        for (const NodeInfo* node : sorted) {
            slot_index_[node->name] = slots_.size();
            slots_.push_back({node,
                              slots_.size(),
                              allocatable_memory(*node, config_),
                              0,
                              is_low_power(*node, config_),
                              {}});
        }
        for (const auto& entry : input.services) {
            ServiceId id{entry.stack, entry.spec.name};
            if (services_.contains(id)) continue;
            services_[id] = {id,
                             &entry.spec,
                             effective_reservation(entry.spec),
                             is_database(entry.spec),
                             placement_host_ports(entry.spec),
                             entry.spec.runtime.network_mode == "host",
                             network_peer_service(entry.spec),
                             std::vector<int>(slots_.size(), 0),
                             std::vector<signed char>(slots_.size(), -1),
                             entry.fixed};
        }
        for (const auto& placement : input.current) {
            current_.emplace(placement.key, placement.node);  // first one wins
        }
    }

    Plan run() {
        keep_current_placements();
        std::vector<Wanted> wanted = wanted_replicas();
        // Node-bound global replicas first: they have nowhere else to go. Replicas that share
        // another service's network come after every other, so that service is placed when
        // they look for it. Then the largest replicas, which are the hardest to fit.
        std::stable_sort(wanted.begin(), wanted.end(), [](const Wanted& a, const Wanted& b) {
            if (a.bound_node.empty() != b.bound_node.empty()) return !a.bound_node.empty();
            if (a.service->network_peer.empty() != b.service->network_peer.empty()) {
                return a.service->network_peer.empty();
            }
            if (a.service->reservation != b.service->reservation) {
                return a.service->reservation > b.service->reservation;
            }
            return a.key < b.key;
        });
        for (const Wanted& replica : wanted) {
            if (result_.contains(replica.key)) continue;  // kept where it was
            place(replica);
        }
        Plan plan;
        for (auto& [key, assignment] : result_) plan.replicas.push_back(assignment);
        return plan;
    }

  private:
    struct Wanted {
        ReplicaKey key;
        ServiceRef* service = nullptr;
        std::string bound_node;  // global services: the node this replica is for
    };

    // Why `node` may not run a replica of `service` regardless of memory; empty when it may.
    std::string static_refusal(const NodeSlot& node, const ServiceRef& service,
                               bool placing_new) const {
        if (placing_new && !node.info->schedulable) {
            return node.info->unschedulable_reason.empty() ? "node is not schedulable"
                                                           : node.info->unschedulable_reason;
        }
        for (const auto& constraint : service.spec->constraints) {
            if (!constraint_holds(constraint, *node.info, config_)) {
                return "constraint " + constraint.text() + " not met";
            }
        }
        if (service.database && node.low_power && !service.spec->allow_low_power) {
            return "low-power node and service is a database";
        }
        if (std::string missing = device_refusal(node.info->facts, *service.spec);
            !missing.empty()) {
            return missing;
        }
        return node_policy_refusal(node.info->facts, *service.spec);
    }

    // static_refusal for a replica already on `node`, from the per-service cache.
    bool statically_allowed(const NodeSlot& node, ServiceRef& service) const {
        signed char& known = service.static_ok[node.index];
        if (known < 0) known = static_refusal(node, service, false).empty() ? 1 : 0;
        return known == 1;
    }

    // static_refusal for a new replica, from the cache.
    bool statically_allowed_new(const NodeSlot& node, ServiceRef& service) const {
        return node.info->schedulable && statically_allowed(node, service);
    }

    static bool memory_fits(const NodeSlot& node, const ServiceRef& service) {
        return service.reservation <= node.free();
    }

    std::string memory_refusal(const NodeSlot& node, const ServiceRef& service) const {
        if (memory_fits(node, service)) return "";
        return "needs " + format_memory_size(service.reservation) + ", " +
               format_memory_size(std::max<int64_t>(0, node.free())) + " free";
    }

    // Two replicas binding one host port cannot share a node: the engine would refuse the
    // second. Checked like memory, against what is already placed on the node.
    static std::map<HostPort, ServiceId>::const_iterator port_clash(const NodeSlot& node,
                                                                    const ServiceRef& service) {
        for (const auto& port : service.host_ports) {
            auto held = node.ports_held.find(port);
            if (held != node.ports_held.end()) return held;
        }
        return node.ports_held.end();
    }

    static std::string port_refusal(const NodeSlot& node, const ServiceRef& service) {
        if (auto held = port_clash(node, service); held != node.ports_held.end()) {
            const HostPort& port = held->first;
            std::string holder = held->second == service.id
                                     ? "another replica of this service"
                                     : held->second.stack + "/" + held->second.service;
            return "host port " + port.text() +
                   (service.host_network ? " (network_mode: host)" : "") + " is held by " + holder;
        }
        return "";
    }

    // `network_mode: service:NAME` joins the network namespace of NAME's container, which
    // only exists on a node that runs a replica of NAME.
    bool peer_present(const NodeSlot& node, const ServiceRef& service) const {
        if (service.network_peer.empty()) return true;
        auto peer = services_.find(ServiceId{service.id.stack, service.network_peer});
        return peer != services_.end() && peer->second.count_on(node) > 0;
    }

    std::string peer_refusal(const NodeSlot& node, const ServiceRef& service) const {
        if (peer_present(node, service)) return "";
        return "no replica of " + service.network_peer +
               " here (network_mode: service:" + service.network_peer + ")";
    }

    void assign(NodeSlot& node, ServiceRef& service, const ReplicaKey& key) {
        for (const auto& port : service.host_ports) node.ports_held.emplace(port, service.id);
        node.used += service.reservation;
        service.replicas_on[node.index] += 1;
        result_[key] = {key, node.info->name, ""};
    }

    // A replica stays where it is while its node keeps placements and every rule still holds.
    void keep_current_placements() {
        // Replicas sharing another service's network go second, once that service is kept.
        for (bool peers : {false, true}) {
            for (const auto& [key, node_name] : current_) keep_current(key, node_name, peers);
        }
    }

    void keep_current(const ReplicaKey& key, const std::string& node_name, bool peers) {
        ServiceRef* service = find_service(key);
        if (service == nullptr || !replica_exists(*service, key.replica)) return;
        if (service->network_peer.empty() == peers) return;
        auto slot = slot_index_.find(node_name);
        if (slot == slot_index_.end()) return;
        NodeSlot& node = slots_[slot->second];
        if (service->fixed) {
            // Already running where it was put; it only takes its share of the node.
            assign(node, *service, key);
            return;
        }
        bool bound = holds_node_local_state(*service->spec);
        if (!node.info->retains_placements && !bound) return;
        if (!statically_allowed(node, *service)) return;
        if (!memory_fits(node, *service)) return;
        if (port_clash(node, *service) != node.ports_held.end()) return;
        if (!peer_present(node, *service)) return;
        if (service->spec->global && service->count_on(node) > 0) return;
        assign(node, *service, key);
        if (!node.info->retains_placements) result_[key].reason = bound_reason(*node.info);
    }

    // Why a replica stays on a node that no longer retains placements: its data is there.
    static std::string bound_reason(const NodeInfo& node) {
        if (node.down) return "waiting for " + node.name + ", which holds its volume";
        return "kept on " + node.name + ", which holds its volume (" +
               (node.unschedulable_reason.empty() ? "node is not schedulable"
                                                  : node.unschedulable_reason) +
               ")";
    }

    ServiceRef* find_service(const ReplicaKey& key) {
        auto it = services_.find(ServiceId{key.stack, key.service});
        return it == services_.end() ? nullptr : &it->second;
    }

    bool replica_exists(const ServiceRef& service, int replica) const {
        if (replica < 0) return false;
        // A global service has one replica per eligible node, and a job's containers are
        // numbered by the job; any index may be in use.
        return service.fixed || service.spec->global || replica < service.spec->replicas;
    }

    std::vector<Wanted> wanted_replicas() {
        std::vector<Wanted> wanted;
        for (auto& [id, service] : services_) {
            if (service.fixed) continue;
            if (!service.spec->global) {
                for (int i = 0; i < service.spec->replicas; ++i) {
                    ReplicaKey key{id.stack, id.service, i};
                    // Kept replicas are placed already; a re-plan mostly has few others.
                    if (!result_.contains(key)) wanted.push_back({std::move(key), &service, ""});
                }
                continue;
            }
            add_global_replicas(service, wanted);
        }
        return wanted;
    }

    // One replica per node that may run it. Replicas already kept stay with their node; new
    // nodes take the lowest free indices in name order, so numbering is stable and deterministic.
    // With no eligible node at all, one pending replica explains why.
    void add_global_replicas(ServiceRef& service, std::vector<Wanted>& wanted) {
        std::set<int> used_indices;
        std::set<std::string> covered_nodes;
        // Before any new replica is placed, result_ holds exactly the kept ones.
        for (const auto& [key, kept] : result_) {
            if (key.stack != service.id.stack || key.service != service.id.service) continue;
            used_indices.insert(key.replica);
            covered_nodes.insert(kept.node);
        }
        int next_index = 0;
        for (const NodeSlot& node : slots_) {
            if (covered_nodes.contains(node.info->name)) continue;
            if (!statically_allowed_new(node, service)) continue;
            while (used_indices.contains(next_index)) ++next_index;
            used_indices.insert(next_index);
            wanted.push_back(
                {{service.id.stack, service.id.service, next_index}, &service, node.info->name});
        }
        if (used_indices.empty()) {
            wanted.push_back({{service.id.stack, service.id.service, 0}, &service, ""});
        }
    }

    // Why `node` may not take this replica; empty when it may.
    std::string refusal_for(const NodeSlot& node, const Wanted& replica) const {
        const ServiceRef& service = *replica.service;
        if (!replica.bound_node.empty() && node.info->name != replica.bound_node) {
            return "replica " + std::to_string(replica.key.replica) +
                   " of this global service is for node " + replica.bound_node;
        }
        if (service.spec->global && replica.bound_node.empty() && service.count_on(node) > 0) {
            return "already runs a replica of this global service";
        }
        std::string refusal = static_refusal(node, service, true);
        if (refusal.empty()) refusal = memory_refusal(node, service);
        if (refusal.empty()) refusal = port_refusal(node, service);
        return refusal.empty() ? peer_refusal(node, service) : refusal;
    }

    // refusal_for(node, replica).empty(), without composing the reasons: this runs for every
    // node of every replica, and only a replica that fits nowhere needs them spelled out.
    bool may_take(const NodeSlot& node, const Wanted& replica) const {
        ServiceRef& service = *replica.service;
        if (!replica.bound_node.empty() && node.info->name != replica.bound_node) return false;
        if (service.spec->global && replica.bound_node.empty() && service.count_on(node) > 0) {
            return false;
        }
        return statically_allowed_new(node, service) && memory_fits(node, service) &&
               port_clash(node, service) == node.ports_held.end() && peer_present(node, service);
    }

    void place(const Wanted& replica) {
        NodeSlot* best = nullptr;
        for (NodeSlot& node : slots_) {
            if (!may_take(node, replica)) continue;
            if (best == nullptr || better(node, *best, *replica.service)) best = &node;
        }
        if (best != nullptr) {
            assign(*best, *replica.service, replica.key);
            return;
        }
        // Nothing fits: only now is it worth spelling out every node's refusal.
        std::string reason;
        for (const NodeSlot& node : slots_) {
            reason +=
                (reason.empty() ? "" : "; ") + node.info->name + ": " + refusal_for(node, replica);
        }
        if (slots_.empty()) reason = "no nodes have joined";
        result_[replica.key] = {replica.key, "", reason};
    }

    // Spread first (fewest replicas of the same service), then the most free memory left,
    // then the name, so ties are broken the same way every time.
    static bool better(const NodeSlot& a, const NodeSlot& b, const ServiceRef& service) {
        int count_a = service.count_on(a), count_b = service.count_on(b);
        if (count_a != count_b) return count_a < count_b;
        if (a.free() != b.free()) return a.free() > b.free();
        return a.index < b.index;  // slots are sorted by name
    }

    const PlacementConfig& config_;
    std::vector<NodeSlot> slots_;  // sorted by node name
    std::unordered_map<std::string, size_t> slot_index_;
    std::map<ServiceId, ServiceRef> services_;
    std::map<ReplicaKey, std::string> current_;
    std::map<ReplicaKey, ReplicaAssignment> result_;
};

}  // namespace

int64_t allocatable_memory(const NodeInfo& node, const PlacementConfig& config) {
    return node.facts.memory_total - config.node_reserve;
}

bool is_low_power(const NodeInfo& node, const PlacementConfig& config) {
    if (node.facts.model.find("Raspberry Pi") != std::string::npos) return true;
    if (node.facts.storage == StorageKind::kSd || node.facts.storage == StorageKind::kEmmc) {
        return true;
    }
    return node.facts.memory_total < config.low_power_threshold;
}

const char* node_class(const NodeInfo& node, const PlacementConfig& config) {
    return is_low_power(node, config) ? "low-power" : "standard";
}

bool is_database(const ServiceSpec& service) {
    if (service.service_class == ServiceClass::kDatabase) return true;
    if (service.service_class == ServiceClass::kStateless) return false;
    std::string_view name = image_short_name(service.image);
    if (std::find(std::begin(kDatabaseImages), std::end(kDatabaseImages), name) !=
        std::end(kDatabaseImages)) {
        return true;
    }
    for (const auto& volume : service.volumes) {
        if (volume.kind == VolumeMount::Kind::kTmpfs) continue;  // gone at restart: not state
        for (std::string_view path : kDatabaseDataPaths) {
            if (is_under(volume.target, path)) return true;
        }
    }
    return false;
}

bool holds_node_local_state(const ServiceSpec& service) {
    for (const auto& volume : service.volumes) {
        if (volume.kind == VolumeMount::Kind::kNamed && !volume.source.empty()) return true;
        // A data directory edgeorch made on the node holds state, like a named volume; shipped
        // content is on every node that needs it, so it binds the replica nowhere.
        if (volume.origin == VolumeMount::Origin::kNodeData) return true;
        bool shipped = volume.origin == VolumeMount::Origin::kShippedFile ||
                       volume.origin == VolumeMount::Origin::kShippedDirectory;
        if (volume.kind == VolumeMount::Kind::kBind && !shipped && !volume.read_only) return true;
    }
    return false;
}

int64_t effective_reservation(const ServiceSpec& service) {
    // A reservation of 0 means "not declared": the limit is what the container may really use.
    return service.memory_reservation > 0 ? service.memory_reservation : service.memory_limit;
}

Plan plan_placement(const PlacementInput& input) {
    return Planner(input).run();
}

}  // namespace edge
