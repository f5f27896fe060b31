#include "security/pki/node_pki.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <memory>

#include "security/content_hash.h"

namespace edge {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using RequestPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ, X509_REQ_free>>;
using CrlPtr = std::unique_ptr<X509_CRL, Deleter<X509_CRL, X509_CRL_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using TimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME, ASN1_TIME_free>>;

// A request or certificate is a few hundred bytes; anything much larger is not one.
constexpr size_t kMaxPemBytes = 16 * 1024;
constexpr int64_t kBackdateSeconds = 300;  // tolerates a node clock a little behind the hub's

BioPtr read_bio(std::string_view pem) {
    if (pem.size() > kMaxPemBytes) return nullptr;
    return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

std::string drain(BIO* bio) {
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? std::string(data, static_cast<size_t>(size)) : std::string();
}

CertPtr parse_certificate(std::string_view pem) {
    BioPtr bio = read_bio(pem);
    if (!bio) return nullptr;
    return CertPtr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

KeyPtr parse_key(std::string_view pem) {
    BioPtr bio = read_bio(pem);
    if (!bio) return nullptr;
    return KeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The single CN of a name that has nothing else; empty when the name is anything more.
std::string only_common_name(const X509_NAME* name) {
    if (name == nullptr || X509_NAME_entry_count(name) != 1) return {};
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, 0);
    if (OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry)) != NID_commonName) return {};
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(entry);
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                       static_cast<size_t>(ASN1_STRING_length(value)));
}

Status add_extension(X509* cert, X509V3_CTX* context, int nid, const char* value) {
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, context, nid, value);
    if (extension == nullptr) return make_error(std::string("cannot make extension ") + value);
    int added = X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
    return added == 1 ? ok_status() : make_error(std::string("cannot add extension ") + value);
}

// A positive 127-bit random serial, as RFC 5280 asks (unique, unpredictable, <= 20 bytes).
Result<std::string> random_serial(ASN1_INTEGER* target) {
    unsigned char raw[16];
    if (RAND_bytes(raw, sizeof raw) != 1) return make_error("no randomness for a serial");
    raw[0] &= 0x7f;
    raw[0] |= 0x40;  // never a leading zero byte
    BnPtr number(BN_bin2bn(raw, sizeof raw, nullptr));
    if (!number || BN_to_ASN1_INTEGER(number.get(), target) == nullptr) {
        return make_error("cannot set a serial");
    }
    char* hex = BN_bn2hex(number.get());
    std::string text = lowercase(hex);
    OPENSSL_free(hex);
    return text;
}

struct Authority {
    CertPtr cert;
    KeyPtr key;
};

Result<Authority> load_authority(std::string_view ca_cert_pem, std::string_view ca_key_pem) {
    Authority authority{parse_certificate(ca_cert_pem), parse_key(ca_key_pem)};
    if (!authority.cert) return make_error("the CA certificate is not a PEM certificate");
    if (!authority.key) return make_error("the CA key is not a PEM private key");
    if (X509_check_private_key(authority.cert.get(), authority.key.get()) != 1) {
        return make_error("the CA key does not belong to the CA certificate");
    }
    return authority;
}

}  // namespace

Result<KeyAndRequest> make_key_and_request(const std::string& common_name) {
    KeyPtr key(EVP_EC_gen("P-256"));
    if (!key) return make_error("cannot generate an EC P-256 key");
    RequestPtr request(X509_REQ_new());
    X509_NAME* subject = X509_REQ_get_subject_name(request.get());
    bool ok = request && X509_REQ_set_version(request.get(), 0) == 1 &&
              X509_NAME_add_entry_by_txt(
                  subject, "CN", MBSTRING_UTF8,
                  reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1 &&
              X509_REQ_set_pubkey(request.get(), key.get()) == 1 &&
              X509_REQ_sign(request.get(), key.get(), EVP_sha256()) > 0;
    if (!ok) return make_error("cannot make a certificate request for " + common_name);
    BioPtr key_out(BIO_new(BIO_s_mem()));
    BioPtr request_out(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
            1 ||
        PEM_write_bio_X509_REQ(request_out.get(), request.get()) != 1) {
        return make_error("cannot encode the key or the request");
    }
    return KeyAndRequest{drain(key_out.get()), drain(request_out.get())};
}

Result<KeyAndCertificate> make_certificate_authority(const std::string& common_name, int64_t now,
                                                     int64_t valid_seconds) {
    KeyPtr key(EVP_EC_gen("P-256"));
    CertPtr cert(X509_new());
    if (!key || !cert || X509_set_version(cert.get(), 2) != 1) {
        return make_error("cannot make a CA key");
    }
    auto serial = random_serial(X509_get_serialNumber(cert.get()));
    if (!serial) return serial.error();
    X509_NAME* name = X509_get_subject_name(cert.get());
    bool ok = X509_NAME_add_entry_by_txt(
                  name, "CN", MBSTRING_UTF8,
                  reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1 &&
              X509_set_issuer_name(cert.get(), name) == 1 &&
              X509_set_pubkey(cert.get(), key.get()) == 1 &&
              X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, 0, &now) != nullptr &&
              X509_time_adj_ex(X509_getm_notAfter(cert.get()), 0, static_cast<long>(valid_seconds),
                               &now) != nullptr;
    if (!ok) return make_error("cannot fill in the CA certificate");
    X509V3_CTX context;
    X509V3_set_ctx(&context, cert.get(), cert.get(), nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                              std::pair{NID_key_usage, "critical,keyCertSign,cRLSign"},
                              std::pair{NID_subject_key_identifier, "hash"}}) {
        if (Status added = add_extension(cert.get(), &context, nid, value); !added) {
            return added.error();
        }
    }
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) return make_error("cannot sign CA");
    BioPtr key_out(BIO_new(BIO_s_mem()));
    BioPtr cert_out(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
            1 ||
        PEM_write_bio_X509(cert_out.get(), cert.get()) != 1) {
        return make_error("cannot encode the CA");
    }
    return KeyAndCertificate{drain(key_out.get()), drain(cert_out.get())};
}

Result<std::string> public_key_fingerprint(std::string_view certificate_pem) {
    CertPtr cert = parse_certificate(certificate_pem);
    if (!cert) return make_error("not a PEM certificate");
    unsigned char* der = nullptr;
    int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert.get()), &der);
    if (length <= 0) return make_error("cannot encode the certificate's public key");
    std::string hash = sha256_hex(
        std::string_view(reinterpret_cast<const char*>(der), static_cast<size_t>(length)));
    OPENSSL_free(der);
    if (hash.empty()) return make_error("cannot hash the certificate's public key");
    return "sha256:" + hash;
}

Result<IssuedCertificate> sign_client_request(std::string_view request_pem,
                                              const std::string& expected_name,
                                              std::string_view ca_cert_pem,
                                              std::string_view ca_key_pem, int64_t now,
                                              int64_t valid_seconds) {
    BioPtr bio = read_bio(request_pem);
    RequestPtr request(bio ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!request) return make_error("the certificate request is not a PEM PKCS#10 request");
    EVP_PKEY* public_key = X509_REQ_get0_pubkey(request.get());
    if (public_key == nullptr || X509_REQ_verify(request.get(), public_key) != 1) {
        return make_error("the certificate request's signature does not verify");
    }
    std::string name = only_common_name(X509_REQ_get_subject_name(request.get()));
    if (name != expected_name) {
        return make_error("the certificate request must name exactly CN=" + expected_name);
    }
    STACK_OF(X509_EXTENSION)* extensions = X509_REQ_get_extensions(request.get());
    bool asks_extensions = extensions != nullptr && sk_X509_EXTENSION_num(extensions) > 0;
    sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
    if (asks_extensions) return make_error("the certificate request must not ask for extensions");

    auto authority = load_authority(ca_cert_pem, ca_key_pem);
    if (!authority) return authority.error();
    CertPtr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1) return make_error("cannot make a cert");
    auto serial = random_serial(X509_get_serialNumber(cert.get()));
    if (!serial) return serial.error();
    bool ok =
        X509_set_issuer_name(cert.get(), X509_get_subject_name(authority->cert.get())) == 1 &&
        X509_set_subject_name(cert.get(), X509_REQ_get_subject_name(request.get())) == 1 &&
        X509_set_pubkey(cert.get(), public_key) == 1 &&
        X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, -kBackdateSeconds, &now) != nullptr &&
        X509_time_adj_ex(X509_getm_notAfter(cert.get()), 0, static_cast<long>(valid_seconds),
                         &now) != nullptr;
    if (!ok) return make_error("cannot fill in the certificate");
    X509V3_CTX context;
    X509V3_set_ctx(&context, authority->cert.get(), cert.get(), nullptr, nullptr, 0);
    for (auto [nid, value] :
         {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
          std::pair{NID_key_usage, "critical,digitalSignature"},
          std::pair{NID_ext_key_usage, "clientAuth"}, std::pair{NID_subject_key_identifier, "hash"},
          std::pair{NID_authority_key_identifier, "keyid:always"}}) {
        if (Status added = add_extension(cert.get(), &context, nid, value); !added) {
            return added.error();
        }
    }
    if (X509_sign(cert.get(), authority->key.get(), EVP_sha256()) <= 0) {
        return make_error("cannot sign the certificate");
    }
    BioPtr out(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_X509(out.get(), cert.get()) != 1) return make_error("cannot encode cert");
    return IssuedCertificate{drain(out.get()), *serial};
}

Result<std::string> make_revocation_list(std::string_view ca_cert_pem, std::string_view ca_key_pem,
                                         const std::vector<std::string>& serials, int64_t now,
                                         int64_t valid_seconds) {
    auto authority = load_authority(ca_cert_pem, ca_key_pem);
    if (!authority) return authority.error();
    CrlPtr crl(X509_CRL_new());
    TimePtr this_update(X509_time_adj_ex(nullptr, 0, 0, &now));
    TimePtr next_update(X509_time_adj_ex(nullptr, 0, static_cast<long>(valid_seconds), &now));
    bool ok =
        crl && this_update && next_update && X509_CRL_set_version(crl.get(), 1) == 1 &&
        X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(authority->cert.get())) == 1 &&
        X509_CRL_set1_lastUpdate(crl.get(), this_update.get()) == 1 &&
        X509_CRL_set1_nextUpdate(crl.get(), next_update.get()) == 1;
    if (!ok) return make_error("cannot make a revocation list");
    for (const std::string& serial : serials) {
        BIGNUM* raw = nullptr;
        if (serial.empty() || BN_hex2bn(&raw, serial.c_str()) != static_cast<int>(serial.size())) {
            BN_free(raw);
            return make_error("\"" + serial + "\" is not a hex serial");
        }
        BnPtr number(raw);
        X509_REVOKED* revoked = X509_REVOKED_new();
        ASN1_INTEGER* value = BN_to_ASN1_INTEGER(number.get(), nullptr);
        bool added = revoked != nullptr && value != nullptr &&
                     X509_REVOKED_set_serialNumber(revoked, value) == 1 &&
                     X509_REVOKED_set_revocationDate(revoked, this_update.get()) == 1 &&
                     X509_CRL_add0_revoked(crl.get(), revoked) == 1;
        ASN1_INTEGER_free(value);
        if (!added) {
            X509_REVOKED_free(revoked);
            return make_error("cannot list serial " + serial);
        }
    }
    if (X509_CRL_sort(crl.get()) != 1 ||
        X509_CRL_sign(crl.get(), authority->key.get(), EVP_sha256()) <= 0) {
        return make_error("cannot sign the revocation list");
    }
    BioPtr out(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_X509_CRL(out.get(), crl.get()) != 1) return make_error("cannot encode CRL");
    return drain(out.get());
}

Result<int64_t> certificate_not_after(std::string_view certificate_pem) {
    CertPtr cert = parse_certificate(certificate_pem);
    if (!cert) return make_error("not a PEM certificate");
    tm expiry{};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &expiry) != 1) {
        return make_error("the certificate's expiry is unreadable");
    }
    return static_cast<int64_t>(timegm(&expiry));
}

Result<std::string> certificate_common_name(std::string_view certificate_pem) {
    CertPtr cert = parse_certificate(certificate_pem);
    if (!cert) return make_error("not a PEM certificate");
    std::string name = only_common_name(X509_get_subject_name(cert.get()));
    if (name.empty()) return make_error("the certificate's subject is not a single CN");
    return name;
}

Status check_signed_by(std::string_view certificate_pem, std::string_view ca_pem) {
    CertPtr cert = parse_certificate(certificate_pem);
    CertPtr ca = parse_certificate(ca_pem);
    if (!cert || !ca) return make_error("not a PEM certificate");
    if (X509_verify(cert.get(), X509_get0_pubkey(ca.get())) != 1) {
        return make_error("the certificate is not signed by the cluster's CA");
    }
    return ok_status();
}

Status check_certificate_key(std::string_view certificate_pem, std::string_view key_pem) {
    CertPtr cert = parse_certificate(certificate_pem);
    KeyPtr key = parse_key(key_pem);
    if (!cert || !key) return make_error("not a PEM certificate and key");
    if (X509_check_private_key(cert.get(), key.get()) != 1) {
        return make_error("the certificate is not for this node's key");
    }
    return ok_status();
}

Result<std::string> select_pinned_ca(const std::vector<std::string>& chain_pem,
                                     const std::string& fingerprint) {
    if (chain_pem.empty()) return make_error("the broker sent no certificate");
    std::string seen;
    for (const std::string& pem : chain_pem) {
        auto candidate = public_key_fingerprint(pem);
        if (!candidate) return candidate.error();
        if (*candidate != lowercase(fingerprint)) {
            seen += (seen.empty() ? "" : ", ") + *candidate;
            continue;
        }
        CertPtr ca = parse_certificate(pem);
        if (X509_check_ca(ca.get()) == 0) {
            return make_error("the pinned key belongs to a certificate that is not a CA");
        }
        if (Status signed_by = check_signed_by(chain_pem.front(), pem); !signed_by) {
            return make_error("the broker's certificate is not signed by the pinned CA");
        }
        return pem;
    }
    return make_error("the broker's CA does not match the pinned " + fingerprint +
                      " (it sent keys " + seen + "): not this cluster's broker, or a wrong pin");
}

}  // namespace edge
