#include "core/image_digest.h"

namespace edge {

std::string_view image_short_name(std::string_view reference) {
    if (auto at = reference.find('@'); at != std::string_view::npos) {
        reference = reference.substr(0, at);
    }
    size_t last_slash = reference.rfind('/');
    size_t colon = reference.rfind(':');
    if (colon != std::string_view::npos &&
        (last_slash == std::string_view::npos || colon > last_slash)) {
        reference = reference.substr(0, colon);
    }
    if (last_slash != std::string_view::npos) reference = reference.substr(last_slash + 1);
    return reference;
}

std::string image_repository(const std::string& reference) {
    std::string repository = reference.substr(0, reference.find('@'));
    size_t colon = repository.rfind(':');
    size_t slash = repository.rfind('/');
    // A colon before the last slash belongs to a registry host:port, not to a tag.
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        repository.resize(colon);
    }
    return repository;
}

std::string familiar_repository(const std::string& repository) {
    for (const char* hub : {"docker.io/", "index.docker.io/", "registry-1.docker.io/"}) {
        std::string prefix = hub;
        if (!repository.starts_with(prefix)) continue;
        std::string rest = repository.substr(prefix.size());
        if (rest.starts_with("library/")) rest.erase(0, 8);
        return rest;
    }
    return repository;
}

bool is_pinned_image(const std::string& reference) {
    return reference.find("@sha256:") != std::string::npos;
}

std::string choose_repo_digest(const std::string& reference,
                               const std::vector<std::string>& repo_digests) {
    const std::string wanted = familiar_repository(image_repository(reference));
    for (const auto& digest : repo_digests) {
        size_t at = digest.find("@sha256:");
        if (at == std::string::npos) continue;
        if (familiar_repository(digest.substr(0, at)) == wanted) return digest;
    }
    return "";
}

}  // namespace edge
