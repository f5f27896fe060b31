// Which of one pass's actions may run at the same time. The agent used to carry them out one
// after another, so deploying ten replicas took ten create-and-start round trips to the
// engine. The reconcile already puts them in an order that is safe one by one (removals
// before the creates that reuse their names, a service's depends_on before it); this splits
// that order into batches that keep it: actions of one batch run concurrently, and a batch
// starts only when the one before it is done.
// A batch holds actions of one kind only (so every removal is done before any create, as
// before), never two for the same container name, and never a create beside the create of a
// service it depends on.
// Pure logic.
#pragma once

#include <cstddef>
#include <vector>

#include "core/reconcile/reconcile.h"

namespace edge {

// Indexes into `actions`, batch by batch, each batch in the actions' order.
std::vector<std::vector<size_t>> concurrent_batches(const std::vector<ReconcileAction>& actions);

}  // namespace edge
