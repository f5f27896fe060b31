#include "compose/fields/service_parser.h"

#include <optional>

#include "compose/fields/deploy_parser.h"
#include "compose/fields/healthcheck_parser.h"
#include "compose/fields/job_fields.h"
#include "compose/fields/networking_fields.h"
#include "compose/fields/ports_volumes.h"
#include "compose/fields/runtime_fields.h"
#include "compose/fields/secrets_configs.h"
#include "compose/fields/service_fields.h"
#include "compose/interpolation/env_file.h"
#include "core/memory/memsize.h"
#include "core/names.h"
#include "core/network/service_network.h"

namespace edge::compose {

namespace {

// What the keys of one service said, before defaults and precedence are applied.
struct DeclaredService {
    ServiceSpec spec;
    bool has_image = false;
    std::optional<RestartPolicy> restart;
    std::optional<MemorySetting> mem_limit;
    std::optional<MemorySetting> mem_reservation;
    DeploySettings deploy;
    JobDeclarations job;  // x-edge's job keys
    // What env_file: gave; environment: wins over it.
    Variables env_file;
    RuntimeDeclarations runtime;
};

// Two spellings of one setting (mem_limit and deploy.resources.limits.memory) must agree.
Result<std::optional<MemorySetting>> pick_memory(const std::optional<MemorySetting>& deployed,
                                                 const std::optional<MemorySetting>& legacy) {
    if (deployed && legacy && deployed->bytes != legacy->bytes) {
        return legacy->where.fail(format_memory_size(legacy->bytes) + " conflicts with " +
                                  deployed->where.path() + " (" +
                                  format_memory_size(deployed->bytes) + ", line " +
                                  std::to_string(deployed->where.line()) + "); keep one of them");
    }
    return deployed ? deployed : legacy;
}

Status resolve_memory(const Value& service, const DeclaredService& declared, ServiceSpec& spec) {
    auto limit = pick_memory(declared.deploy.memory_limit, declared.mem_limit);
    if (!limit) return limit.error();
    auto reservation = pick_memory(declared.deploy.memory_reservation, declared.mem_reservation);
    if (!reservation) return reservation.error();

    if (*limit) {
        const MemorySetting& setting = **limit;
        if (setting.bytes < kMinimumMemoryLimit) {
            return setting.where.fail(
                "expected at least " + format_memory_size(kMinimumMemoryLimit) +
                " (the engine refuses smaller limits), got " + format_memory_size(setting.bytes));
        }
        spec.memory_limit = setting.bytes;
    } else {
        spec.memory_limit = kDefaultMemoryLimit;
        spec.memory_limit_stated = false;
        if (spec.memory_mode == MemoryMode::kFixed) {
            service.warn("no memory limit, using the default " +
                         format_memory_size(kDefaultMemoryLimit));
        } else if (spec.memory_mode == MemoryMode::kDefault) {
            service.warn(
                "no memory limit: the hub's --default-memory applies (auto: learned "
                "from use; fixed: " +
                format_memory_size(kDefaultMemoryLimit) + ")");
        }
    }

    spec.memory_reservation = spec.memory_limit;
    if (*reservation) {
        const MemorySetting& setting = **reservation;
        if (setting.bytes > spec.memory_limit) {
            return setting.where.fail("reservation " + format_memory_size(setting.bytes) +
                                      " is larger than the memory limit " +
                                      format_memory_size(spec.memory_limit));
        }
        spec.memory_reservation = setting.bytes;
    }
    return ok_status();
}

Status parse_key(const Entry& entry, const std::set<std::string>& declared_volumes,
                 DeclaredService& declared) {
    const Value& value = entry.value;
    ServiceSpec& spec = declared.spec;
    if (entry.key == "image") {
        auto image = value.text("an image name such as nginx:1.25");
        if (!image) return image.error();
        if (image->empty()) return value.expected("an image name such as nginx:1.25");
        spec.image = *image;
        declared.has_image = true;
    } else if (entry.key == "command" || entry.key == "entrypoint") {
        auto words = parse_command(value);
        if (!words) return words.error();
        (entry.key == "command" ? spec.command : spec.entrypoint) = *words;
    } else if (entry.key == "environment") {
        return parse_environment(value, spec.environment);
    } else if (entry.key == "env_file") {
        return parse_env_file(value, declared.env_file);
    } else if (entry.key == "profiles") {
        // Read before the service is parsed: an inactive service is not parsed at all.
    } else if (entry.key == "ports") {
        auto items = value.items();
        if (!items) return items.error();
        for (const Value& item : *items) {
            auto port = parse_port(item);
            if (!port) return port.error();
            spec.ports.push_back(*port);
        }
    } else if (entry.key == "volumes") {
        auto items = value.items();
        if (!items) return items.error();
        for (const Value& item : *items) {
            auto mount = parse_volume(item, declared_volumes);
            if (!mount) return mount.error();
            spec.volumes.push_back(*mount);
        }
    } else if (entry.key == "restart") {
        auto restart = parse_restart(value);
        if (!restart) return restart.error();
        declared.restart = *restart;
    } else if (entry.key == "mem_limit" || entry.key == "mem_reservation") {
        auto memory = parse_memory(value);
        if (!memory) return memory.error();
        (entry.key == "mem_limit" ? declared.mem_limit : declared.mem_reservation) = *memory;
    } else if (entry.key == "deploy") {
        auto deploy = parse_deploy(value);
        if (!deploy) return deploy.error();
        declared.deploy = *deploy;
    } else if (entry.key == "healthcheck") {
        auto check = parse_healthcheck(value);
        if (!check) return check.error();
        spec.healthcheck = *check;
    } else if (entry.key == "expose") {
        auto expose = parse_expose(value);
        if (!expose) return expose.error();
        spec.expose = *expose;
    } else if (entry.key == "depends_on") {
        auto names = parse_depends_on(value);
        if (!names) return names.error();
        spec.depends_on = *names;
    } else if (entry.key == "networks") {
        auto aliases = parse_service_networks(value);
        if (!aliases) return aliases.error();
        spec.network_aliases = *aliases;
    } else if (entry.key == "secrets" || entry.key == "configs") {
        bool secrets = entry.key == "secrets";
        auto refs = parse_file_references(value, secrets);
        if (!refs) return refs.error();
        (secrets ? spec.secrets : spec.configs) = std::move(*refs);
    } else if (entry.key == "x-edge") {
        return parse_x_edge(value, spec, declared.job);
    } else if (is_runtime_key(entry.key)) {
        return parse_runtime_key(entry, spec, declared.runtime);
    } else if (!entry.key.starts_with("x-")) {
        // Other x- keys are Compose extensions, ignored by design.
        value.warn_unsupported();
    }
    return ok_status();
}

}  // namespace

ServiceSpec parse_service(const std::string& name, const Value& service,
                          const std::set<std::string>& declared_volumes) {
    ParseContext& context = service.context();
    DeclaredService declared;
    declared.spec.name = name;
    if (Status valid = validate_name("service", name); !valid) {
        context.add_error(service.fail(valid.error().message));
        return declared.spec;
    }
    auto entries = service.entries();
    if (!entries) {
        context.add_error(entries.error());
        return declared.spec;
    }
    // Each key is read even after another failed, so that one run reports every mistake.
    bool builds = false;
    bool names_image = false;  // a bad image is reported as such, not as a missing one too
    for (const Entry& entry : *entries) {
        names_image = names_image || entry.key == "image";
        if (entry.key == "build") {
            builds = true;
            context.add_error(entry.value.fail(
                "edgeorch does not build images; build the image and push it to a registry "
                "your nodes can reach"));
        } else if (entry.value.is_null() && entry.key != "image") {
            // Compose reads an empty value (`environment:` holding only comments) as unset.
        } else if (Status status = parse_key(entry, declared_volumes, declared); !status) {
            context.add_error(status.error());
        }
    }
    // A service that asks to be built usually has no image either, and the missing image is
    // not the problem to report.
    if (!names_image && !builds) {
        context.add_error(service.missing("image", "every service needs an image"));
    }

    ServiceSpec& spec = declared.spec;
    for (auto& [variable, value] : declared.env_file) spec.environment.emplace(variable, value);
    // An orchestrator restarts by default (ServiceSpec's default); deploy's condition is the
    // more specific setting and wins over `restart:`.
    if (declared.deploy.restart) {
        spec.restart = *declared.deploy.restart;
    } else if (declared.restart) {
        spec.restart = *declared.restart;
    }
    if (declared.deploy.replicas) spec.replicas = *declared.deploy.replicas;
    spec.global = declared.deploy.global;
    spec.constraints = declared.deploy.constraints;
    spec.update = declared.deploy.update;
    spec.rollback = declared.deploy.rollback;
    // After the restart policy: a job's is `no`.
    finish_job(declared.job, declared.deploy, spec, context);
    if (declared.deploy.start_first_at && !host_ports(spec).empty()) {
        // Two containers cannot bind one host port, and a replica binds one for each published
        // port and each port other nodes reach it on; the agent replaces these stop-first.
        declared.deploy.start_first_at->warn(
            "order start-first needs a second container on this service's host ports (the "
            "published ones and those other nodes reach it on); replicas of this service are "
            "replaced stop-first");
    }
    if (Status status = resolve_memory(service, declared, spec); !status) {
        context.add_error(status.error());
    }
    if (Status status = finish_runtime(declared.runtime, spec); !status) {
        context.add_error(status.error());
    }
    return spec;
}

}  // namespace edge::compose
