// edgectl service rollback: return a service to the spec it had before its last change (the
// hub keeps it), then show its replicas as the hub placed them.
#include <iostream>

#include "edgectl/commands.h"
#include "schema/requests.h"

namespace edge::ctl {

int run_service_rollback(const CommandContext& context, const std::string& service) {
    auto hub = context.connect();
    if (!hub) return fail(hub.error().message);
    auto data = (*hub)->request(ops::kServiceRollback, {{"service", service}});
    if (!data) return fail(data.error().message);
    if (context.format() == OutputFormat::kJson) {
        print_json(std::cout, *data);
        return kExitOk;
    }
    std::cout << "rolled back " << field_text(*data, "stack") << "/" << field_text(*data, "service")
              << " to its previous spec (" << field_text(*data, "image") << ")\n";
    auto replicas = data->find("replicas");
    if (replicas != data->end()) std::cout << render_replicas(*replicas);
    return kExitOk;
}

}  // namespace edge::ctl
