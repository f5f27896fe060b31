// The networking fields round-trip, stay out of the JSON (and the spec hash) when empty, and
// bad values are refused with the field's name.
#include "schema/network_json.h"

#include <gtest/gtest.h>

#include "schema/messages.h"

namespace edge {
namespace {

DesiredContainer networked_container() {
    DesiredContainer c;
    c.stack = "cloud";
    c.service = "app";
    c.image = "busybox";
    c.network = "edge-cloud.pi-1";
    c.aliases = {"app", "nextcloud"};
    c.extra_hosts = {{"db", "10.213.1.2"}, {"redis", "fd00::2"}};
    c.depends_on = {"db", "redis"};
    c.spec_hash = spec_hash(c);
    return c;
}

std::string container_payload_with(const std::string& field, const std::string& value) {
    DesiredSet set{"pi-1", 1, {networked_container()}};
    auto object = nlohmann::json::parse(encode_desired(set));
    object["containers"][0][field] = nlohmann::json::parse(value);
    return object.dump();
}

TEST(NetworkJson, ContainerNetworkingRoundTrips) {
    DesiredSet set{"pi-1", 3, {networked_container()}};
    auto decoded = decode_desired(encode_desired(set));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, set);
}

TEST(NetworkJson, EmptyNetworkingKeepsTheOldSpecHash) {
    DesiredContainer plain;
    plain.stack = "cloud";
    plain.service = "app";
    plain.image = "busybox";
    auto text = encode_desired({"pi-1", 1, {plain}});
    for (const char* key : {"network", "aliases", "extra_hosts", "depends_on"}) {
        EXPECT_EQ(text.find(std::string("\"") + key + "\""), std::string::npos) << key;
    }
}

TEST(NetworkJson, ExtraHostsChangeTheSpecHashButStartOrderDoesNot) {
    DesiredContainer c = networked_container();
    DesiredContainer moved = c;
    moved.extra_hosts[0].address = "10.213.3.2";
    EXPECT_NE(spec_hash(c), spec_hash(moved));
    DesiredContainer reordered = c;
    reordered.depends_on = {"redis"};
    EXPECT_EQ(spec_hash(c), spec_hash(reordered));
}

TEST(NetworkJson, BadNetworkingFieldsAreRefused) {
    struct Case {
        const char* field;
        const char* value;
        const char* error;
    };
    for (const Case& bad : std::vector<Case>{
             {"network", "\"bad/name\"", "network"},
             {"network", "42", "network"},
             {"aliases", "[\"ok\", \"Not Valid\"]", "aliases"},
             {"aliases", "\"app\"", "aliases"},
             {"extra_hosts", "[{\"name\": \"db\", \"address\": \"db.example\"}]",
              "extra_hosts[0].address"},
             {"extra_hosts", "[{\"name\": \"db\", \"address\": \"10.0.0.300\"}]",
              "extra_hosts[0].address"},
             {"extra_hosts", "[{\"name\": \"a b\", \"address\": \"10.0.0.1\"}]",
              "extra_hosts[0].name"},
             {"extra_hosts", "[{\"address\": \"10.0.0.1\"}]", "extra_hosts[0].name"},
             {"extra_hosts", "{\"db\": \"10.0.0.1\"}", "extra_hosts"},
             {"depends_on", "[\"../etc\"]", "depends_on"},
         }) {
        auto decoded = decode_desired(container_payload_with(bad.field, bad.value));
        ASSERT_FALSE(decoded.ok()) << bad.field << " = " << bad.value;
        EXPECT_NE(decoded.error().message.find(bad.error), std::string::npos)
            << decoded.error().message;
    }
}

TEST(NetworkJson, ServiceNetworkingRoundTrips) {
    ServiceSpec s;
    s.name = "db";
    s.image = "mariadb";
    s.expose = {{3306, 0, "tcp", ""}, {53, 0, "udp", ""}};
    s.depends_on = {"init"};
    s.network_aliases = {"mysql"};
    auto decoded = service_from_json(service_to_json(s));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, s);

    auto json = service_to_json(s);
    json["expose"][0]["protocol"] = "sctp";
    EXPECT_FALSE(service_from_json(json).ok());
    json = service_to_json(s);
    json["expose"][0]["container"] = 0;
    EXPECT_FALSE(service_from_json(json).ok());
}

TEST(NetworkJson, NodeAddressRoundTripsAndIsChecked) {
    NodeFacts facts{8LL << 30, "arm64", 4, StorageKind::kSsd, "Pi 5", "192.168.1.20"};
    auto decoded = facts_from_json(facts_to_json(facts));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, facts);

    auto json = facts_to_json(facts);
    json["address"] = "pi-5.local";
    ASSERT_FALSE(facts_from_json(json).ok());
    EXPECT_NE(facts_from_json(json).error().message.find("address"), std::string::npos);
    json.erase("address");
    EXPECT_TRUE(facts_from_json(json).ok());  // older agents send none
}

TEST(NetworkJson, AddressText) {
    EXPECT_TRUE(is_address_text("10.0.0.1"));
    EXPECT_TRUE(is_address_text("fe80::1"));
    EXPECT_FALSE(is_address_text(""));
    EXPECT_FALSE(is_address_text("localhost"));
    EXPECT_FALSE(is_address_text("10.0.0.1 evil"));
}

}  // namespace
}  // namespace edge
