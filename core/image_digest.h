// Image references and the repo digests an engine reports for an image ("REPO@sha256:HEX", the
// engine's RepoDigests): which digest names the image a container was created from, so a
// stack can be pinned to the exact build its nodes pulled (edgectl promote).
// Thread-safety: stateless.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace edge {

// The last path component of the repository, without registry, tag or digest:
// "registry.local:5000/library/postgres:16@sha256:..." -> "postgres". How the database rules
// (core/placement) and the known-image memory table (core/memory) recognize an image.
std::string_view image_short_name(std::string_view reference);

// "registry:5000/shop/web:1.2" -> "registry:5000/shop/web"; a digest is dropped too.
std::string image_repository(const std::string& reference);

// Docker Hub's long spellings shortened: "docker.io/library/nginx" -> "nginx",
// "index.docker.io/grafana/grafana" -> "grafana/grafana"; others unchanged.
std::string familiar_repository(const std::string& repository);

// Whether the reference names a content digest ("...@sha256:HEX"), so it cannot move.
bool is_pinned_image(const std::string& reference);

// Of the engine's RepoDigests for an image, the one of the repository `reference` names
// ("" when none is: an image built or imported locally and never pushed has none, and a
// digest of another repository would make the nodes pull from somewhere else).
std::string choose_repo_digest(const std::string& reference,
                               const std::vector<std::string>& repo_digests);

}  // namespace edge
