#include "agent/engine/engine_errors.h"

namespace edge {

bool is_stale_task_error(const std::string& message) {
    bool about_task = message.find("task") != std::string::npos;
    return about_task && (message.find("already exists") != std::string::npos ||
                          message.find("file exists") != std::string::npos);
}

}  // namespace edge
