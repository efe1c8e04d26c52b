// tls.h — the simulator's HTTPS server: its certificate and key, and optionally mutual TLS (a client
// certificate required from every kiosk and verified against a given CA).
//
// Why not cpp-httplib's constructor that takes file paths: it ignores a client CA file it cannot load,
// and the server would then demand a certificate while trusting none, refusing every kiosk without a
// word. Here every step is checked and the file at fault is named; the CA's names are also sent to
// clients, so that a client with several certificates can pick the right one.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "tools/platform-sim/http.h"

namespace zhidui::platform_sim {

// HTTPS with `cert` (PEM, certificate chain) and `key` (its PEM private key), TLS 1.2 at least. With a
// non-empty `client_ca` (PEM, one or more CA certificates) every connection must present a client
// certificate that chains to one of them, or the handshake fails and no request is read. Error code
// "tls.setup", with a message naming the flag and file at fault and OpenSSL's reason.
Result<std::unique_ptr<httplib::SSLServer>> make_https_server(const std::string& cert, const std::string& key,
                                                              const std::string& client_ca);

}  // namespace zhidui::platform_sim
