// resolve_service: the names service.ps, service.rollback, service.resize and logs accept.
#include "hub/api/service_reference.h"

#include <gtest/gtest.h>

namespace edge {
namespace {

ServiceSpec named(const std::string& name) {
    ServiceSpec spec;
    spec.name = name;
    spec.image = "nginx:1.27";
    return spec;
}

// shop (default) and shop@preprod both have web; only shop@prod has api.
ClusterState three_stacks() {
    ClusterState state;
    state.stacks["shop"].spec = {"shop", {named("web")}};
    state.stacks["shop@preprod"].spec = {"shop@preprod", {named("web")}};
    state.stacks["shop@prod"].spec = {"shop@prod", {named("web"), named("api")}};
    return state;
}

TEST(ResolveService, AServiceNameUniqueAcrossEnvironmentsNeedsNoEnvironment) {
    auto found = resolve_service(three_stacks(), "api", "");
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(*found, (ServiceTarget{"shop@prod", "api"}));
}

TEST(ResolveService, AnAmbiguousNameListsTheStacksThatHaveIt) {
    auto found = resolve_service(three_stacks(), "web", "");
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().message,
              "service name \"web\" is in several stacks; use one of: shop/web, "
              "shop@preprod/web, shop@prod/web");
}

TEST(ResolveService, TheEnvironmentNarrowsAPlainServiceName) {
    auto found = resolve_service(three_stacks(), "web", "preprod");
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(*found, (ServiceTarget{"shop@preprod", "web"}));
}

TEST(ResolveService, WithAnEnvironmentTheStacksOwnNameFindsItsKey) {
    auto found = resolve_service(three_stacks(), "shop/web", "prod");
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(*found, (ServiceTarget{"shop@prod", "web"}));
    auto keyed = resolve_service(three_stacks(), "shop@prod/web", "prod");
    ASSERT_TRUE(keyed.ok()) << keyed.error().message;
    EXPECT_EQ(*keyed, (ServiceTarget{"shop@prod", "web"}));
}

TEST(ResolveService, WithoutAnEnvironmentAPlainStackNameIsTheDefaultEnvironments) {
    auto found = resolve_service(three_stacks(), "shop/web", "");
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(*found, (ServiceTarget{"shop", "web"}));
    auto keyed = resolve_service(three_stacks(), "shop@preprod/web", "");
    ASSERT_TRUE(keyed.ok()) << keyed.error().message;
    EXPECT_EQ(*keyed, (ServiceTarget{"shop@preprod", "web"}));
}

TEST(ResolveService, AServiceOutsideTheEnvironmentIsNotFound) {
    auto found = resolve_service(three_stacks(), "api", "preprod");
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().message, "no service named \"api\" in environment preprod");
    auto other = resolve_service(three_stacks(), "shop@prod/api", "preprod");
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().message, "no service named \"shop@prod/api\" in environment preprod");
}

}  // namespace
}  // namespace edge
