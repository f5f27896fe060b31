#include "security/pki/node_certificates.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "security/pki/node_pki.h"
#include "security/private_file.h"

namespace edge {
namespace {

constexpr int64_t kIssuedAt = 1'780'000'000;

std::string read(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// How many entries the CRL in `dir` lists, and whether it lists `certificate_pem`.
std::pair<int, bool> crl_lists(const std::filesystem::path& dir, const std::string& certificate) {
    std::string pem = read(dir / "crl.pem");
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    X509_CRL* crl = PEM_read_bio_X509_CRL(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (crl == nullptr) return {-1, false};
    bio = BIO_new_mem_buf(certificate.data(), static_cast<int>(certificate.size()));
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    X509_REVOKED* entry = nullptr;
    bool listed = cert != nullptr && X509_CRL_get0_by_cert(crl, &entry, cert) == 1;
    STACK_OF(X509_REVOKED)* entries = X509_CRL_get_REVOKED(crl);
    int count = entries == nullptr ? 0 : sk_X509_REVOKED_num(entries);
    X509_free(cert);
    X509_CRL_free(crl);
    return {count, listed};
}

class NodeCertificatesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char pattern[] = "/tmp/edge-node-certs-XXXXXX";
        dir_ = mkdtemp(pattern);
        auto ca = make_certificate_authority("test CA", kIssuedAt, 3650LL * 86400);
        ASSERT_TRUE(ca.ok());
        ca_pem_ = ca->certificate_pem;
        ASSERT_TRUE(write_private_file((dir_ / "ca.crt").string(), ca->certificate_pem).ok());
        ASSERT_TRUE(write_private_file((dir_ / "ca.key").string(), ca->key_pem).ok());
        ASSERT_TRUE(write_revocation_list(dir_.string(), kIssuedAt).ok());
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path dir_;
    std::string ca_pem_;
};

TEST_F(NodeCertificatesTest, StartsWithAnEmptyPublicRevocationList) {
    EXPECT_EQ(crl_lists(dir_, "").first, 0);
    struct stat info {};
    ASSERT_EQ(stat((dir_ / "crl.pem").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0644u);
}

TEST_F(NodeCertificatesTest, IssuesForTheNodeAndRevokesIntoTheCrl) {
    NodeCertificates certificates(dir_.string());
    EXPECT_EQ(*certificates.ca_fingerprint(), *public_key_fingerprint(ca_pem_));
    auto request = make_key_and_request("node:pi1");
    ASSERT_TRUE(request.ok());
    auto first = certificates.issue("pi1", request->request_pem, kIssuedAt);
    ASSERT_TRUE(first.ok()) << first.error().message;
    auto second = certificates.issue("pi1", request->request_pem, kIssuedAt);  // a second join
    ASSERT_TRUE(second.ok());
    auto other = make_key_and_request("node:pi2");
    auto bystander = certificates.issue("pi2", other->request_pem, kIssuedAt);
    ASSERT_TRUE(bystander.ok());
    EXPECT_TRUE(check_signed_by(*first, ca_pem_).ok());

    ASSERT_TRUE(certificates.revoke("pi1", kIssuedAt).ok());
    EXPECT_EQ(crl_lists(dir_, *first), std::make_pair(2, true));
    EXPECT_TRUE(crl_lists(dir_, *second).second);
    EXPECT_FALSE(crl_lists(dir_, *bystander).second);
    // Idempotent: nothing new to list.
    ASSERT_TRUE(certificates.revoke("pi1", kIssuedAt).ok());
    EXPECT_EQ(crl_lists(dir_, *first).first, 2);
}

TEST_F(NodeCertificatesTest, AnEnvironmentIdentitysCertificatesAreItsOwnAndRevokeApart) {
    NodeCertificates certificates(dir_.string());
    auto request = make_key_and_request("env:preprod:ci");
    ASSERT_TRUE(request.ok());
    auto issued = certificates.issue_identity("env:preprod:ci", request->request_pem, kIssuedAt);
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    EXPECT_EQ(*certificate_common_name(*issued), "env:preprod:ci");
    // A request naming another identity is refused.
    auto node = make_key_and_request("node:pi1");
    EXPECT_FALSE(certificates.issue_identity("env:preprod:ci", node->request_pem, kIssuedAt).ok());
    auto pi1 = certificates.issue("pi1", node->request_pem, kIssuedAt);
    ASSERT_TRUE(pi1.ok());

    ASSERT_TRUE(certificates.revoke_identity("env:preprod:ci", kIssuedAt).ok());
    EXPECT_EQ(crl_lists(dir_, *issued), std::make_pair(1, true));
    EXPECT_FALSE(crl_lists(dir_, *pi1).second);
}

TEST_F(NodeCertificatesTest, RefusesARequestForAnotherIdentity) {
    NodeCertificates certificates(dir_.string());
    for (const char* asked : {"node:pi2", "edge-hub", "edgectl"}) {
        auto request = make_key_and_request(asked);
        ASSERT_TRUE(request.ok());
        auto issued = certificates.issue("pi1", request->request_pem, kIssuedAt);
        EXPECT_FALSE(issued.ok()) << asked;
    }
    EXPECT_FALSE(std::filesystem::exists(dir_ / "issued" / "pi1"));
}

TEST_F(NodeCertificatesTest, FailsWithoutTheCa) {
    NodeCertificates missing((dir_ / "nowhere").string());
    EXPECT_FALSE(missing.ca_fingerprint().ok());
    auto request = make_key_and_request("node:pi1");
    EXPECT_FALSE(missing.issue("pi1", request->request_pem, kIssuedAt).ok());
}

}  // namespace
}  // namespace edge
