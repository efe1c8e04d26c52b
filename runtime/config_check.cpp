// config_check.cpp — the value rules of the configuration (config.h: check_config_values) and the checks
// of the files it comes from (permissions, the mutual-TLS key). Every rule names its key, and the rules
// are the same whether the values come from a file or from a technician's edit on the panel.
#define TOML_EXCEPTIONS 0  // as in config.cpp: a file that does not parse is a value, never an exception
#include <toml++/toml.h>

#include "runtime/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <set>

#include "kiosk/technician_auth.h"
#include "offline/platform_client.h"

namespace zhidui {
namespace {

constexpr int kBauds[] = {9600, 19200, 38400, 57600, 115200};
const std::vector<std::string> kDeviceNames = {"id_reader", "receipt_printer", "document_printer",
                                               "barcode_scanner"};

struct ValueProblems {
  std::vector<ConfigProblem> list;
  void add(const std::string& key, const std::string& problem) { list.push_back({key, problem, false}); }
  void add_insecure(const std::string& key, const std::string& problem) { list.push_back({key, problem, true}); }
};

bool is_device_path(const std::string& p) { return p.rfind("/dev/", 0) == 0 && p.size() > 5 && p.find("..") == std::string::npos; }

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

void check_one_of(ValueProblems& p, const std::string& key, const std::string& value, std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) {
    if (value == a) return;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  p.add(key, quoted(value) + " is not one of " + list);
}

void check_range(ValueProblems& p, const std::string& key, long value, long low, long high, const std::string& why = "") {
  if (value < low || value > high)
    p.add(key, std::to_string(value) + " is out of range " + std::to_string(low) + ".." + std::to_string(high) +
                   (why.empty() ? "" : " (" + why + ")"));
}

void check_host_port(ValueProblems& p, const std::string& key, const std::string& address) {
  const auto colon = address.rfind(':');
  bool ok = colon != std::string::npos && colon > 0 && colon + 1 < address.size() && colon + 6 >= address.size();
  long port = 0;
  if (ok) {
    for (size_t i = colon + 1; i < address.size(); ++i) {
      if (address[i] < '0' || address[i] > '9') { ok = false; break; }
      port = port * 10 + (address[i] - '0');
    }
    ok = ok && port >= 1 && port <= 65535;
  }
  if (!ok) p.add(key, quoted(address) + " is not host:port (e.g. 192.168.1.50:9100)");
}

void check_all(const KioskConfig& c, ValueProblems& p) {
  // identity
  if (c.kiosk_id.empty()) p.add("kiosk.id", "missing (required)");
  else if (c.kiosk_id.size() > 64 || !std::all_of(c.kiosk_id.begin(), c.kiosk_id.end(), [](unsigned char ch) {
             return std::isalnum(ch) || ch == '-' || ch == '_';
           }))
    p.add("kiosk.id", quoted(c.kiosk_id) + " must be 1-64 letters, digits, '-' or '_' (e.g. HN-4301-YL-0001)");
  if (c.hall.empty()) p.add("kiosk.hall", "missing (required)");
  if (c.region_code.size() != 6 || c.region_code.rfind("43", 0) != 0 ||
      !std::all_of(c.region_code.begin(), c.region_code.end(), [](unsigned char ch) { return std::isdigit(ch); }))
    p.add("kiosk.region_code", quoted(c.region_code) + " is not a 6-digit Hunan region code (43xxxx, e.g. 430104)");
  check_one_of(p, "kiosk.mode", c.mode, {"production", "demo"});
  check_one_of(p, "kiosk.orientation", c.orientation, {"portrait", "landscape"});
  if (c.data_dir.empty() || c.data_dir.front() != '/') p.add("kiosk.data_dir", quoted(c.data_dir) + " must be an absolute path");

  // platform: the URL rules are the sync engine's own (check_platform_config), so the two never disagree
  if (c.platform_url.empty()) p.add("platform.url", "missing (required)");
  else {
    offline::PlatformConfig pc;
    pc.base_url = c.platform_url;
    pc.allow_insecure_http = c.allow_insecure_http;
    if (auto s = offline::check_platform_config(pc); !s.ok()) {
      if (s.error().code == "platform.insecure_http") p.add_insecure("platform.url", s.error().message);
      else p.add("platform.url", quoted(c.platform_url) + ": " + s.error().message);
    }
  }
  if (!c.platform_url.empty() && c.platform_url.back() == '/') p.add("platform.url", "must not end with '/'");
  // Plain http to another machine puts the token and every citizen's data on the wire in clear: a lab's
  // choice, never a hall's.
  if (c.allow_insecure_http && c.mode == "production")
    p.add_insecure("platform.allow_insecure_http", "refused in production mode (plain http carries the token and "
                                                   "personal data in clear; set kiosk.mode = \"demo\" in a lab)");
  if (c.mode == "production" && c.platform_token.empty()) p.add("platform.token", "missing (required in production mode)");
  if (!c.ca_file.empty() && c.ca_file.front() != '/') p.add("platform.ca_file", quoted(c.ca_file) + " must be an absolute path");
  // Mutual TLS: half a pair would silently be no client certificate at all.
  if (!c.client_cert.empty() && c.client_key.empty())
    p.add("platform.client_key", "missing (platform.client_cert is set: give both, or neither)");
  if (c.client_cert.empty() && !c.client_key.empty())
    p.add("platform.client_cert", "missing (platform.client_key is set: give both, or neither)");
  if (!c.client_cert.empty() && c.client_cert.front() != '/')
    p.add("platform.client_cert", quoted(c.client_cert) + " must be an absolute path");
  if (!c.client_key.empty() && c.client_key.front() != '/')
    p.add("platform.client_key", quoted(c.client_key) + " must be an absolute path");
  for (size_t i = 0; i < c.pinned_sha256.size(); ++i) {
    offline::PlatformConfig pc;
    pc.base_url = "https://pin.check";
    pc.pinned_sha256 = {c.pinned_sha256[i]};
    if (!offline::check_platform_config(pc).ok())
      p.add("platform.pinned_sha256[" + std::to_string(i) + "]",
            quoted(c.pinned_sha256[i]) + " is not a base64 SHA-256 public-key pin (44 characters, optional sha256// prefix)");
  }
  check_range(p, "platform.connect_timeout_ms", c.connect_timeout_ms, 500, 60000);
  check_range(p, "platform.total_timeout_ms", c.total_timeout_ms, 1000, 300000);
  if (c.total_timeout_ms < c.connect_timeout_ms)
    p.add("platform.total_timeout_ms", "must not be shorter than platform.connect_timeout_ms");

  // devices
  if (c.simulate_devices && c.mode == "production")
    p.add_insecure("devices.simulate", "simulated devices are refused in production mode (set kiosk.mode = \"demo\" for a demonstration kiosk)");
  std::set<std::string> seen;
  for (size_t i = 0; i < c.required.size(); ++i) {
    const std::string& name = c.required[i];
    const std::string key = "devices.required[" + std::to_string(i) + "]";
    if (std::find(kDeviceNames.begin(), kDeviceNames.end(), name) == kDeviceNames.end())
      p.add(key, quoted(name) + " is not one of id_reader, receipt_printer, document_printer, barcode_scanner");
    else if (!seen.insert(name).second) p.add(key, quoted(name) + " is listed twice");
    else if (!c.simulate_devices) {
      const bool configured = (name == "id_reader" && c.id_reader) || (name == "receipt_printer" && c.receipt_printer) ||
                              (name == "document_printer" && c.document_printer) ||
                              (name == "barcode_scanner" && c.barcode_scanner);
      if (!configured) p.add(key, quoted(name) + " is required but [devices." + name + "] is missing");
    }
  }
  if (c.id_reader) {
    if (!is_device_path(c.id_reader->port)) p.add("devices.id_reader.port", quoted(c.id_reader->port) + " is not a device path under /dev/");
    if (std::find(std::begin(kBauds), std::end(kBauds), c.id_reader->baud) == std::end(kBauds))
      p.add("devices.id_reader.baud", std::to_string(c.id_reader->baud) + " is not one of 9600, 19200, 38400, 57600, 115200");
  }
  if (const auto& rp = c.receipt_printer) {
    check_one_of(p, "devices.receipt_printer.transport", rp->transport, {"usb", "serial", "tcp"});
    if (rp->transport == "tcp") {
      if (!rp->path.empty()) p.add("devices.receipt_printer.path", "not used with transport = \"tcp\" (use address)");
      check_host_port(p, "devices.receipt_printer.address", rp->address);
    } else if (rp->transport == "usb" || rp->transport == "serial") {
      if (!rp->address.empty()) p.add("devices.receipt_printer.address", "only used with transport = \"tcp\" (use path)");
      if (!is_device_path(rp->path)) p.add("devices.receipt_printer.path", quoted(rp->path) + " is not a device path under /dev/");
    }
    if (rp->paper_mm != 58 && rp->paper_mm != 80)
      p.add("devices.receipt_printer.paper_mm", std::to_string(rp->paper_mm) + " is not one of 58, 80");
  }
  if (c.document_printer) {
    // CUPS queue names: printable ASCII without space, '/', '#' or '\' (lpadmin refuses them), at most 127.
    const std::string& q = c.document_printer->queue;
    const bool ok = !q.empty() && q.size() <= 127 && std::all_of(q.begin(), q.end(), [](unsigned char ch) {
      return ch > 0x20 && ch < 0x7f && ch != '/' && ch != '#' && ch != '\\';
    });
    if (!ok) p.add("devices.document_printer.queue", quoted(q) + " is not a CUPS queue name (ASCII, no spaces, '/', '#' or '\\')");
    const std::string& server = c.document_printer->server;
    if (server.empty() || (server.front() != '/' && server.find(':') == std::string::npos))
      p.add("devices.document_printer.server", quoted(server) + " is neither a socket path (/run/cups/cups.sock) nor host:port");
  }
  if (const auto& bs = c.barcode_scanner) {
    check_one_of(p, "devices.barcode_scanner.mode", bs->mode, {"serial", "wedge"});
    if (bs->mode == "serial" && !is_device_path(bs->port))
      p.add("devices.barcode_scanner.port", quoted(bs->port) + " is not a device path under /dev/ (required with mode = \"serial\")");
    if (bs->mode == "wedge" && !bs->port.empty())
      p.add("devices.barcode_scanner.port", "not used with mode = \"wedge\" (the scanner types like a keyboard)");
  }

  // timeouts, voice
  check_range(p, "timeouts.idle_seconds", c.idle_seconds, 30, 3600, "people need time to read; the countdown alone takes 30 s");
  check_range(p, "timeouts.platform_wait_ms", c.platform_wait_ms, 1000, 120000);
  check_range(p, "voice.volume", c.voice_volume, 0, 100);

  // technician: a kiosk in a public hall must not open for a PIN printed in the README
  if (!c.technician_pin_hash.empty() && !c.technician_pin_hash.starts_with("$argon2id$"))
    p.add("technician.pin_hash", "is not an argon2id hash (make one with: zhidui-kiosk --hash-pin)");
  if (c.mode == "production" && c.technician_pin_hash.empty())
    p.add_insecure("technician.pin_hash", "missing (required in production mode; make one with: zhidui-kiosk --hash-pin)");
  if (c.mode == "production" && c.technician_pin_hash == TechnicianAuth::kDemoPinHash)
    p.add_insecure("technician.pin_hash", "is the demonstration PIN's hash, refused in production mode");
}

Error io_error(const std::string& what, const std::string& path) {
  return make_error("config.io", what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

std::vector<ConfigProblem> check_config_values(const KioskConfig& config) {
  ValueProblems p;
  check_all(config, p);
  return p.list;
}

Status validate_config(const KioskConfig& config, const std::string& source_name) {
  const std::vector<ConfigProblem> problems = check_config_values(config);
  if (problems.empty()) return Ok{};
  std::string message;
  bool insecure = false;
  for (const ConfigProblem& p : problems) {
    message += (message.empty() ? "" : "\n") + source_name + ": " + p.key + ": " + p.problem;
    insecure = insecure || p.insecure;
  }
  return make_error(insecure ? "config.insecure" : "config.invalid", message);
}

KioskConfig developer_defaults() {
  KioskConfig c;
  c.kiosk_id = "HN-4301-YL-0001";
  c.region_code = "430104";  // 长沙市岳麓区
  c.mode = "demo";
  c.data_dir = "var";
  c.platform_token = "dev-token";
  c.simulate_devices = true;
  c.required = {"id_reader"};
  return c;
}

offline::PlatformConfig to_platform_config(const KioskConfig& c) {
  offline::PlatformConfig pc;
  pc.base_url = c.platform_url;
  pc.kiosk_id = c.kiosk_id;
  pc.token = c.platform_token;
  pc.ca_file = c.ca_file;
  pc.pinned_sha256 = c.pinned_sha256;
  pc.client_cert = c.client_cert;
  pc.client_key = c.client_key;
  pc.allow_insecure_http = c.allow_insecure_http;
  pc.connect_timeout_ms = c.connect_timeout_ms;
  pc.total_timeout_ms = c.total_timeout_ms;
  return pc;
}

Status check_client_key_file(const KioskConfig& config, const std::string& source_name) {
  Status checked = offline::check_client_credentials(to_platform_config(config));
  if (checked.ok()) return Ok{};
  const Error& e = checked.error();
  const char* key = e.code == "platform.client_cert" ? "platform.client_cert" : "platform.client_key";
  return make_error(e.code == "platform.client_key_permissions" ? "config.permissions" : "config.invalid",
                    source_name + ": " + key + ": " + e.message);
}

Status check_config_permissions(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return io_error("cannot inspect", path);
  if (!S_ISREG(st.st_mode))
    return make_error("config.permissions", path + ": not a regular file (a symbolic link or device is refused)");
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return make_error("config.permissions", path + ": mode " + mode +
                                                " lets others change the configuration; run: chmod 0640 " + path);
  if (st.st_mode & S_IROTH) {
    // World-readable is only harmless when there is no token in it.
    // (This file alone: a file that cannot be read as TOML counts as holding one.)
    auto parsed = toml::parse_file(path);
    const bool has_token = !parsed || !parsed.table()["platform"]["token"].value_or(std::string()).empty();
    if (has_token)
      return make_error("config.permissions", path + ": mode " + mode +
                                                  " lets every user read the platform token; run: chmod 0640 " + path);
  }
  return Ok{};
}

Status check_panel_file_permissions(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return io_error("cannot inspect", path);
  if (!S_ISREG(st.st_mode))
    return make_error("config.permissions", path + ": not a regular file (a symbolic link or device is refused)");
  if (st.st_uid != ::geteuid())
    return make_error("config.permissions", path + ": not owned by the kiosk's user; it holds what the technician "
                                                   "typed on the panel, the token too: remove it and set those again");
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
    return make_error("config.permissions", path + ": mode " + mode + " lets others read or change the panel's "
                                                   "settings (the token too); run: chmod 0600 " + path);
  }
  return Ok{};
}

}  // namespace zhidui
