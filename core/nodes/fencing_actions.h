// What fencing (core/nodes/fencing.h) does to one reconcile pass: which actions it holds back and
// which desired containers a cut-off node stops on its own (x-edge stop-after-disconnect).
// Thread-safety: plain functions over values.
#pragma once

#include <cstdint>
#include <vector>

#include "core/model.h"
#include "core/reconcile/reconcile.h"

namespace edge {

// Takes every action that could make a replica run (create, start, restart) out of `actions`,
// keeping stops and removals, which never can. Returns how many it took.
int hold_starts(std::vector<ReconcileAction>& actions);

// `desired` without the containers whose service stops after being cut off for
// stop_after_disconnect_ms, when the node has been out of touch longer than that. The reconcile
// then stops and removes them like any container that is no longer desired.
DesiredSet without_cut_off(const DesiredSet& desired, int64_t out_of_touch_ms);

}  // namespace edge
