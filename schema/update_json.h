// JSON for rolling updates: a service's update_config and rollback_config, and the rollout
// record the hub stores per service and shows to edgectl. The configs are left out of a
// service object when they are the defaults, so specs stored before rolling updates existed
// read back equal.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "core/reconcile/rollout.h"
#include "schema/json_reader.h"

namespace edge {

// Adds "update_config" and "rollback_config" to a service object unless they are defaults.
void put_update_configs(nlohmann::json& object, const ServiceSpec& service);
// Reads them back with range checks; errors go to the reader.
void read_update_configs(JsonReader& reader, ServiceSpec& service);

nlohmann::json rollout_to_json(const Rollout& rollout);
Result<Rollout> rollout_from_json(const nlohmann::json& object);

}  // namespace edge
