// tls.cpp — see tls.h.
#include "tools/platform-sim/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "base/log.h"

namespace zhidui::platform_sim {
namespace {

// OpenSSL's reason for the last failure (its error queue is per thread: this is ours), then a clean queue.
std::string openssl_reason() {
  const unsigned long code = ERR_peek_last_error();
  std::string reason;
  if (code != 0) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    reason = std::string(": ") + text;
  }
  ERR_clear_error();
  return reason;
}

// A refused client certificate is otherwise invisible: httplib drops the connection without a log line.
// (A connection without any certificate never reaches this callback; the client sees the alert.)
int note_refused_client_certificate(int preverify_ok, X509_STORE_CTX* store) {
  if (!preverify_ok)
    log::warn("platform-sim", std::string("refused a client certificate: ") +
                                  X509_verify_cert_error_string(X509_STORE_CTX_get_error(store)));
  return preverify_ok;
}

}  // namespace

Result<std::unique_ptr<httplib::SSLServer>> make_https_server(const std::string& cert, const std::string& key,
                                                              const std::string& client_ca) {
  std::string problem;
  auto setup = [&](SSL_CTX& ctx) {
    auto fail = [&](const std::string& what) {
      problem = what + openssl_reason();
      return false;
    };
    SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION);
    if (SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION) != 1) return fail("cannot require TLS 1.2");
    if (SSL_CTX_use_certificate_chain_file(&ctx, cert.c_str()) != 1)
      return fail("cannot use --tls-cert " + cert + " (unreadable or not PEM)");
    if (SSL_CTX_use_PrivateKey_file(&ctx, key.c_str(), SSL_FILETYPE_PEM) != 1)
      return fail("cannot use --tls-key " + key + " (unreadable or not a PEM private key)");
    if (SSL_CTX_check_private_key(&ctx) != 1) return fail("--tls-key " + key + " does not match --tls-cert " + cert);
    if (client_ca.empty()) return true;
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(client_ca.c_str());
    if (!names) return fail("cannot use --tls-client-ca " + client_ca + " (unreadable, or no PEM certificate in it)");
    SSL_CTX_set_client_CA_list(&ctx, names);  // the context owns the list now
    if (SSL_CTX_load_verify_locations(&ctx, client_ca.c_str(), nullptr) != 1)
      return fail("cannot load the CA certificates of --tls-client-ca " + client_ca);
    SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, note_refused_client_certificate);
    return true;
  };
  auto server = std::make_unique<httplib::SSLServer>(setup);
  if (!server->is_valid())
    return make_error("tls.setup",
                      problem.empty() ? "OpenSSL could not make a TLS context" + openssl_reason() : problem);
  return server;
}

}  // namespace zhidui::platform_sim
