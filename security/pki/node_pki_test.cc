#include "security/pki/node_pki.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <regex>

namespace edge {
namespace {

constexpr int64_t kFixedClock = 1'780'000'000;  // a fixed clock: 2026
constexpr int64_t kYear = 365LL * 24 * 3600;

class NodePkiTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto ca = make_certificate_authority("test cluster CA", kFixedClock, 10 * kYear);
        ASSERT_TRUE(ca.ok()) << ca.error().message;
        ca_ = *ca;
        auto other = make_certificate_authority("another cluster CA", kFixedClock, 10 * kYear);
        ASSERT_TRUE(other.ok()) << other.error().message;
        other_ca_ = *other;
    }

    Result<IssuedCertificate> sign(const std::string& request, const std::string& name) {
        return sign_client_request(request, name, ca_.certificate_pem, ca_.key_pem, kFixedClock,
                                   kYear);
    }

    KeyAndCertificate ca_;
    KeyAndCertificate other_ca_;
};

TEST_F(NodePkiTest, FingerprintIsSha256OfThePublicKey) {
    auto fingerprint = public_key_fingerprint(ca_.certificate_pem);
    ASSERT_TRUE(fingerprint.ok()) << fingerprint.error().message;
    EXPECT_TRUE(std::regex_match(*fingerprint, std::regex("sha256:[0-9a-f]{64}"))) << *fingerprint;
    auto other = public_key_fingerprint(other_ca_.certificate_pem);
    ASSERT_TRUE(other.ok());
    EXPECT_NE(*fingerprint, *other);
    EXPECT_FALSE(public_key_fingerprint("not a certificate").ok());
}

TEST_F(NodePkiTest, SignsARequestBoundToTheNodesName) {
    auto request = make_key_and_request("node:pi1");
    ASSERT_TRUE(request.ok()) << request.error().message;
    EXPECT_NE(request->key_pem.find("BEGIN PRIVATE KEY"), std::string::npos);
    auto issued = sign(request->request_pem, "node:pi1");
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    EXPECT_TRUE(std::regex_match(issued->serial, std::regex("[0-9a-f]{32}"))) << issued->serial;
    EXPECT_EQ(*certificate_common_name(issued->pem), "node:pi1");
    EXPECT_EQ(*certificate_not_after(issued->pem), kFixedClock + kYear);
    EXPECT_TRUE(check_signed_by(issued->pem, ca_.certificate_pem).ok());
    EXPECT_FALSE(check_signed_by(issued->pem, other_ca_.certificate_pem).ok());
    EXPECT_TRUE(check_certificate_key(issued->pem, request->key_pem).ok());
    auto stranger = make_key_and_request("node:pi1");
    ASSERT_TRUE(stranger.ok());
    EXPECT_FALSE(check_certificate_key(issued->pem, stranger->key_pem).ok());
    // Two signatures never share a serial.
    auto again = sign(request->request_pem, "node:pi1");
    ASSERT_TRUE(again.ok());
    EXPECT_NE(again->serial, issued->serial);
}

TEST_F(NodePkiTest, RefusesARequestForAnotherName) {
    for (const char* asked : {"node:pi2", "edge-hub", "edgectl", "node:pi1 ", "node:"}) {
        auto request = make_key_and_request(asked);
        ASSERT_TRUE(request.ok());
        auto issued = sign(request->request_pem, "node:pi1");
        ASSERT_FALSE(issued.ok()) << asked;
        EXPECT_NE(issued.error().message.find("CN=node:pi1"), std::string::npos)
            << issued.error().message;
    }
}

TEST_F(NodePkiTest, RefusesMalformedOrTamperedRequests) {
    EXPECT_FALSE(sign("", "node:pi1").ok());
    EXPECT_FALSE(sign("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE "
                      "REQUEST-----\n",
                      "node:pi1")
                     .ok());
    EXPECT_FALSE(sign(std::string(100000, 'A'), "node:pi1").ok());
    // A flipped byte inside the signed part: the request's own signature no longer verifies.
    auto request = make_key_and_request("node:pi1");
    ASSERT_TRUE(request.ok());
    std::string tampered = request->request_pem;
    size_t body = tampered.find('\n') + 40;
    tampered[body] = tampered[body] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(sign(tampered, "node:pi1").ok());
    // A CA key that does not belong to the CA certificate signs nothing.
    EXPECT_FALSE(sign_client_request(request->request_pem, "node:pi1", ca_.certificate_pem,
                                     other_ca_.key_pem, kFixedClock, kYear)
                     .ok());
}

TEST_F(NodePkiTest, PinnedCaIsSelectedOnlyWhenItsKeyMatchesAndItSignedTheServer) {
    auto request = make_key_and_request("broker");
    ASSERT_TRUE(request.ok());
    auto server = sign_client_request(request->request_pem, "broker", ca_.certificate_pem,
                                      ca_.key_pem, kFixedClock, kYear);
    ASSERT_TRUE(server.ok());
    std::string pin = *public_key_fingerprint(ca_.certificate_pem);
    std::string other_pin = *public_key_fingerprint(other_ca_.certificate_pem);

    auto chosen = select_pinned_ca({server->pem, ca_.certificate_pem}, pin);
    ASSERT_TRUE(chosen.ok()) << chosen.error().message;
    EXPECT_EQ(*chosen, ca_.certificate_pem);
    // Pins are compared without regard to case.
    std::string upper = pin;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_TRUE(select_pinned_ca({server->pem, ca_.certificate_pem}, upper).ok());

    // A broker of another cluster: its CA has another key.
    auto wrong = select_pinned_ca({server->pem, ca_.certificate_pem}, other_pin);
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.error().message.find("does not match"), std::string::npos);
    // An impostor sending the real CA beside its own certificate: the CA did not sign it.
    auto impostor = make_key_and_request("broker");
    auto forged = sign_client_request(impostor->request_pem, "broker", other_ca_.certificate_pem,
                                      other_ca_.key_pem, kFixedClock, kYear);
    ASSERT_TRUE(forged.ok());
    auto mixed = select_pinned_ca({forged->pem, ca_.certificate_pem}, pin);
    ASSERT_FALSE(mixed.ok());
    EXPECT_NE(mixed.error().message.find("not signed by the pinned CA"), std::string::npos);
    // The pin names a key that is not a CA's.
    EXPECT_FALSE(select_pinned_ca({server->pem}, *public_key_fingerprint(server->pem)).ok());
    EXPECT_FALSE(select_pinned_ca({}, pin).ok());
}

TEST_F(NodePkiTest, RevocationListNamesTheRevokedSerials) {
    auto request = make_key_and_request("node:pi1");
    auto issued = sign(request->request_pem, "node:pi1");
    ASSERT_TRUE(issued.ok());
    auto crl_pem = make_revocation_list(ca_.certificate_pem, ca_.key_pem, {issued->serial},
                                        kFixedClock, kYear);
    ASSERT_TRUE(crl_pem.ok()) << crl_pem.error().message;

    BIO* bio = BIO_new_mem_buf(crl_pem->data(), static_cast<int>(crl_pem->size()));
    X509_CRL* crl = PEM_read_bio_X509_CRL(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    ASSERT_NE(crl, nullptr);
    bio = BIO_new_mem_buf(ca_.certificate_pem.data(), static_cast<int>(ca_.certificate_pem.size()));
    X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    EXPECT_EQ(X509_CRL_verify(crl, X509_get0_pubkey(ca)), 1);
    bio = BIO_new_mem_buf(issued->pem.data(), static_cast<int>(issued->pem.size()));
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    X509_REVOKED* entry = nullptr;
    EXPECT_EQ(X509_CRL_get0_by_cert(crl, &entry, cert), 1);
    EXPECT_EQ(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl)), 1);
    X509_free(cert);
    X509_free(ca);
    X509_CRL_free(crl);

    EXPECT_TRUE(
        make_revocation_list(ca_.certificate_pem, ca_.key_pem, {}, kFixedClock, kYear).ok());
    EXPECT_FALSE(
        make_revocation_list(ca_.certificate_pem, ca_.key_pem, {"not-hex"}, kFixedClock, kYear)
            .ok());
}

}  // namespace
}  // namespace edge
