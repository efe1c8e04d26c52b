// cups_connection.cpp — see cups_connection.h.
#include "drivers/a4_printer/cups_connection.h"

#include <cerrno>
#include <cstring>

namespace zhidui::drivers::a4_printer {
namespace {

// httpSetTimeout's callback: give up as soon as the timeout passes once (no retries).
int give_up(http_t*, void*) { return 0; }

}  // namespace

CupsEndpoint parse_cups_server(const std::string& server) {
  CupsEndpoint e;
  std::string s = server.empty() ? std::string(cupsServer()) : server;
  if (server.empty()) e.port = ippPort();
  if (!s.empty() && s[0] == '/') {
    e.host = s;
    return e;
  }
  // "[v6]:port", "host:port" or "host".
  if (!s.empty() && s[0] == '[') {
    auto close = s.find(']');
    e.host = s.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    if (close != std::string::npos && close + 1 < s.size() && s[close + 1] == ':')
      e.port = std::atoi(s.c_str() + close + 2);
    return e;
  }
  auto colon = s.rfind(':');
  if (colon != std::string::npos && s.find(':') == colon) {
    e.host = s.substr(0, colon);
    e.port = std::atoi(s.c_str() + colon + 1);
  } else {
    e.host = s;
  }
  return e;
}

Result<HttpPtr> connect_cups(const CupsEndpoint& endpoint, std::chrono::milliseconds connect_timeout,
                             std::chrono::milliseconds request_timeout) {
  if (endpoint.host.empty()) return make_error(errc::kA4CupsUnreachable, "no CUPS server configured");
  http_t* http = httpConnect2(endpoint.host.c_str(), endpoint.port, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1,
                              int(connect_timeout.count()), nullptr);
  const std::string where = endpoint.is_socket() ? endpoint.host : endpoint.host + ":" + std::to_string(endpoint.port);
  if (!http)
    return make_error(errc::kA4CupsUnreachable, "cannot connect to cupsd at " + where + ": " + std::strerror(errno));
  httpSetTimeout(http, double(request_timeout.count()) / 1000.0, give_up, nullptr);
  return HttpPtr(http);
}

std::string printer_uri(const CupsEndpoint& endpoint, const std::string& queue) {
  char uri[1024];
  if (endpoint.is_socket())
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", 0, "/printers/%s",
                     queue.c_str());
  else
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, endpoint.host.c_str(), endpoint.port,
                     "/printers/%s", queue.c_str());
  return uri;
}

Error last_ipp_error(const std::string& what) {
  const ipp_status_t status = cupsLastError();
  const std::string said = cupsLastErrorString() ? cupsLastErrorString() : "";
  if (status == IPP_STATUS_ERROR_NOT_FOUND)
    return make_error(errc::kA4QueueMissing, what + ": no such queue (" + said + ")");
  if (status == IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS)
    return make_error("a4.rejecting", what + ": the queue is not accepting jobs (" + said + ")");
  if (status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || status == IPP_STATUS_ERROR_INTERNAL)
    return make_error(errc::kA4CupsUnreachable, what + ": cupsd did not answer (" + said + ")");
  return make_error(std::string("a4.ipp.") + ippErrorString(status), what + ": " + said);
}

Result<IppPtr> ipp_request(http_t* http, ipp_t* request, const std::string& what) {
  IppPtr response(cupsDoRequest(http, request, "/"));
  if (response && cupsLastError() <= IPP_STATUS_OK_EVENTS_COMPLETE) return response;
  return last_ipp_error(what);
}

}  // namespace zhidui::drivers::a4_printer
