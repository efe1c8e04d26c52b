// cups_connection.h — one IPP connection to a cupsd named by a server string, with bounded waits.
//
// Shared by the adapter and the private cupsd's fault controls. Every call opens its own connection, so
// a status poll on one thread and a print job on another never share libcups state. The server string
// is what a technician writes in the configuration:
//   "/run/cups/cups.sock"   a unix socket (the machine's own cupsd, or a sandbox's DIR/cups.sock)
//   "printhost:631"         host and port;  "printhost" alone means port 631
//   ""                      libcups' default (CUPS_SERVER, client.conf, then /run/cups/cups.sock)
// A connect that does not succeed within the connect timeout, or a request whose answer does not come
// within the request timeout, is an Error "a4.cups_unreachable"; nothing waits forever.
#pragma once

#include <cups/cups.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace zhidui::drivers::a4_printer {

namespace errc {
inline constexpr std::string_view kA4CupsUnreachable = "a4.cups_unreachable";
inline constexpr std::string_view kA4QueueMissing = "a4.queue_missing";
}  // namespace errc

struct CupsEndpoint {
  std::string host;  // a hostname, an address, or a socket path starting with '/'
  int port = 631;
  bool is_socket() const { return !host.empty() && host[0] == '/'; }
};

CupsEndpoint parse_cups_server(const std::string& server);

struct HttpClose {
  void operator()(http_t* http) const { httpClose(http); }
};
using HttpPtr = std::unique_ptr<http_t, HttpClose>;

Result<HttpPtr> connect_cups(const CupsEndpoint& endpoint, std::chrono::milliseconds connect_timeout,
                             std::chrono::milliseconds request_timeout);

// ipp://host:port/printers/<queue> ("localhost" for a unix socket).
std::string printer_uri(const CupsEndpoint& endpoint, const std::string& queue);

struct IppDelete {
  void operator()(ipp_t* ipp) const { ippDelete(ipp); }
};
using IppPtr = std::unique_ptr<ipp_t, IppDelete>;

// The Error for libcups' last failed request on this thread (cupsLastError), named as below.
Error last_ipp_error(const std::string& what);

// Sends `request` (consumed) and returns the response when its status is successful-ok*. Otherwise an
// Error: "a4.queue_missing" for client-error-not-found, "a4.rejecting" for not-accepting-jobs,
// "a4.cups_unreachable" when the connection failed, "a4.ipp.<status name>" for any other refusal; the
// message carries cupsd's own words.
Result<IppPtr> ipp_request(http_t* http, ipp_t* request, const std::string& what);

}  // namespace zhidui::drivers::a4_printer
