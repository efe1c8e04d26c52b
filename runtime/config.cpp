// config.cpp — reading, checking and atomically saving the kiosk's TOML configuration (config.h).
//
// toml++ is compiled without exceptions here (TOML_EXCEPTIONS=0, in this file only) so that a syntax error
// comes back as a value: no exception may cross into the kiosk. The checks collect every problem rather
// than stopping at the first, because a technician at the kiosk fixes them all in one visit.
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include "runtime/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include "base/fs.h"
#include "kiosk/technician_auth.h"
#include "offline/platform_client.h"

namespace zhidui {
namespace {

constexpr int kBauds[] = {9600, 19200, 38400, 57600, 115200};
const std::vector<std::string> kDeviceNames = {"id_reader", "receipt_printer", "document_printer",
                                               "barcode_scanner"};

// Collects "source: key: problem" lines; the code of the first security problem wins over "invalid".
struct Problems {
  std::string source;
  std::vector<std::string> lines;
  bool insecure = false;

  void add(const std::string& key, const std::string& problem) { lines.push_back(source + ": " + key + ": " + problem); }
  void add_insecure(const std::string& key, const std::string& problem) {
    insecure = true;
    add(key, problem);
  }
  Error error() const {
    std::string message;
    for (const auto& line : lines) message += (message.empty() ? "" : "\n") + line;
    return make_error(insecure ? "config.insecure" : "config.invalid", message);
  }
};

std::string join(const std::string& a, std::string_view b) { return a.empty() ? std::string(b) : a + "." + std::string(b); }

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number with a fraction";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::array: return "a list";
    case toml::node_type::table: return "a table";
    default: return "a date/time";
  }
}

// Reads the keys of one table, each at most once, and reports the ones nobody read as unknown.
class TableReader {
 public:
  TableReader(const toml::table* table, std::string path, Problems& problems)
      : table_(table), path_(std::move(path)), problems_(problems) {}

  ~TableReader() {
    if (!table_) return;
    for (const auto& [key, node] : *table_)
      if (!known_.count(std::string(key.str())))
        problems_.add(join(path_, key.str()), "unknown key (misspelt? see the comments in the default zhidui.toml)");
  }

  std::string key(std::string_view name) const { return join(path_, name); }

  const toml::node* find(std::string_view name) {
    known_.insert(std::string(name));
    return table_ ? table_->get(name) : nullptr;
  }

  bool string(std::string_view name, std::string& out, bool required = false) {
    const toml::node* node = find(name);
    if (!node) return missing(name, required);
    if (auto v = node->value<std::string>(); v && node->is_string()) { out = *v; return true; }
    problems_.add(key(name), "expected a string in quotes, got " + type_name(*node));
    return false;
  }

  template <class Int>
  bool integer(std::string_view name, Int& out, bool required = false) {
    const toml::node* node = find(name);
    if (!node) return missing(name, required);
    if (node->is_integer()) {
      const int64_t v = *node->value<int64_t>();
      if (v >= std::numeric_limits<Int>::min() && v <= std::numeric_limits<Int>::max()) {
        out = static_cast<Int>(v);
        return true;
      }
      problems_.add(key(name), std::to_string(v) + " is far out of range");
      return false;
    }
    problems_.add(key(name), "expected a whole number, got " + type_name(*node));
    return false;
  }

  bool boolean(std::string_view name, bool& out) {
    const toml::node* node = find(name);
    if (!node) return false;
    if (node->is_boolean()) { out = *node->value<bool>(); return true; }
    problems_.add(key(name), "expected true or false, got " + type_name(*node));
    return false;
  }

  bool strings(std::string_view name, std::vector<std::string>& out) {
    const toml::node* node = find(name);
    if (!node) return false;
    const toml::array* array = node->as_array();
    if (!array) {
      problems_.add(key(name), "expected a list of strings, got " + type_name(*node));
      return false;
    }
    out.clear();
    for (size_t i = 0; i < array->size(); ++i) {
      const toml::node& item = *array->get(i);
      if (!item.is_string()) {
        problems_.add(key(name) + "[" + std::to_string(i) + "]", "expected a string, got " + type_name(item));
        return false;
      }
      out.push_back(*item.value<std::string>());
    }
    return true;
  }

  // A sub-table, or nullptr when absent (a non-table value is reported).
  const toml::table* table(std::string_view name) {
    const toml::node* node = find(name);
    if (!node) return nullptr;
    if (const toml::table* t = node->as_table()) return t;
    problems_.add(key(name), "expected a table [" + key(name) + "], got " + type_name(*node));
    return nullptr;
  }

 private:
  bool missing(std::string_view name, bool required) {
    if (required) problems_.add(key(name), "missing (required)");
    return false;
  }

  const toml::table* table_;
  std::string path_;
  Problems& problems_;
  std::set<std::string> known_;
};

// ---- value checks (shared by parse_config and validate_config) -------------------------------------------

bool is_device_path(const std::string& p) { return p.rfind("/dev/", 0) == 0 && p.size() > 5 && p.find("..") == std::string::npos; }

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

void check_one_of(Problems& p, const std::string& key, const std::string& value, std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) {
    if (value == a) return;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  p.add(key, quoted(value) + " is not one of " + list);
}

void check_range(Problems& p, const std::string& key, long value, long low, long high, const std::string& why = "") {
  if (value < low || value > high)
    p.add(key, std::to_string(value) + " is out of range " + std::to_string(low) + ".." + std::to_string(high) +
                   (why.empty() ? "" : " (" + why + ")"));
}

void check_host_port(Problems& p, const std::string& key, const std::string& address) {
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

void check_all(const KioskConfig& c, Problems& p) {
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

// ---- TOML text out --------------------------------------------------------------------------------------

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char ch : s) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (ch < 0x20 || ch == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", ch);
          out += buf;
        } else {
          out += char(ch);
        }
    }
  }
  return out + "\"";
}

std::string toml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toml_string(items[i]);
  return out + "]";
}

Error io_error(const std::string& what, const std::string& path) {
  return make_error("config.io", what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

namespace {
enum class ValueChecks { run, skip };
Result<KioskConfig> parse_config_text(const std::string& text, const std::string& source_name, ValueChecks checks);
Result<KioskConfig> load_config_file(const std::string& path, ValueChecks checks);
}  // namespace

Result<KioskConfig> parse_config(const std::string& text, const std::string& source_name) {
  return parse_config_text(text, source_name, ValueChecks::run);
}

Result<KioskConfig> load_config(const std::string& path) { return load_config_file(path, ValueChecks::run); }

Result<KioskConfig> load_config_for_edit(const std::string& path) { return load_config_file(path, ValueChecks::skip); }

namespace {
Result<KioskConfig> parse_config_text(const std::string& text, const std::string& source_name, ValueChecks checks) {
  toml::parse_result parsed = toml::parse(text, source_name);
  if (!parsed) {
    const auto& e = parsed.error();
    return make_error("config.syntax", source_name + ":" + std::to_string(e.source().begin.line) + ":" +
                                           std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  const toml::table& root = parsed.table();
  KioskConfig c;
  Problems p{source_name, {}, false};
  bool simulate_set = false;
  {
    TableReader top(&root, "", p);
    {
      TableReader t(top.table("kiosk"), "kiosk", p);
      t.string("id", c.kiosk_id, true);
      t.string("hall", c.hall, true);
      t.string("region_code", c.region_code, true);
      t.string("mode", c.mode);
      t.string("orientation", c.orientation);
      t.string("data_dir", c.data_dir);
    }
    {
      TableReader t(top.table("platform"), "platform", p);
      t.string("url", c.platform_url, true);
      t.string("token", c.platform_token);
      t.string("ca_file", c.ca_file);
      t.strings("pinned_sha256", c.pinned_sha256);
      t.string("client_cert", c.client_cert);
      t.string("client_key", c.client_key);
      t.boolean("allow_insecure_http", c.allow_insecure_http);
      t.integer("connect_timeout_ms", c.connect_timeout_ms);
      t.integer("total_timeout_ms", c.total_timeout_ms);
    }
    {
      TableReader t(top.table("devices"), "devices", p);
      simulate_set = t.boolean("simulate", c.simulate_devices);
      t.strings("required", c.required);
      if (const toml::table* sub = t.table("id_reader")) {
        TableReader d(sub, "devices.id_reader", p);
        IdReaderConfig v;
        d.string("port", v.port, true);
        d.integer("baud", v.baud);
        c.id_reader = v;
      }
      if (const toml::table* sub = t.table("receipt_printer")) {
        TableReader d(sub, "devices.receipt_printer", p);
        ReceiptPrinterConfig v;
        d.string("transport", v.transport);
        d.string("path", v.path);
        d.string("address", v.address);
        d.integer("paper_mm", v.paper_mm);
        c.receipt_printer = v;
      }
      if (const toml::table* sub = t.table("document_printer")) {
        TableReader d(sub, "devices.document_printer", p);
        DocumentPrinterConfig v;
        d.string("queue", v.queue, true);
        d.string("server", v.server);
        c.document_printer = v;
      }
      if (const toml::table* sub = t.table("barcode_scanner")) {
        TableReader d(sub, "devices.barcode_scanner", p);
        BarcodeScannerConfig v;
        d.string("mode", v.mode);
        d.string("port", v.port);
        c.barcode_scanner = v;
      }
    }
    {
      TableReader t(top.table("timeouts"), "timeouts", p);
      t.integer("idle_seconds", c.idle_seconds);
      t.integer("platform_wait_ms", c.platform_wait_ms);
    }
    {
      TableReader t(top.table("voice"), "voice", p);
      t.boolean("enabled", c.voice_enabled);
      t.integer("volume", c.voice_volume);
    }
    {
      TableReader t(top.table("technician"), "technician", p);
      t.string("pin_hash", c.technician_pin_hash);
    }
  }
  // Demo mode simulates devices unless told otherwise; production never does (checked below).
  if (!simulate_set) c.simulate_devices = c.demo();
  // Type and unknown-key problems first; value checks would only repeat them with default values.
  if (!p.lines.empty()) return p.error();
  if (checks == ValueChecks::run) check_all(c, p);
  if (!p.lines.empty()) return p.error();
  return c;
}

Result<KioskConfig> load_config_file(const std::string& path, ValueChecks checks) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error("cannot read", path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return io_error("cannot read", path);
  return parse_config_text(text.str(), path, checks);
}
}  // namespace

namespace {
// The file's TOML table, or nothing when it cannot be read or parsed.
std::optional<toml::table> parsed_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  toml::parse_result parsed = toml::parse(text.str(), path);
  if (!parsed) return std::nullopt;
  return std::move(parsed).table();
}
}  // namespace

std::string data_dir_named_by(const std::string& path) {
  std::string dir = KioskConfig{}.data_dir;
  auto table = parsed_file(path);
  if (!table) return dir;
  if (auto named = (*table)["kiosk"]["data_dir"].value<std::string>(); named && !named->empty() && named->front() == '/')
    dir = *named;
  return dir;
}

std::string technician_pin_hash_named_by(const std::string& path) {
  auto table = check_config_permissions(path) ? parsed_file(path) : std::nullopt;
  if (!table) return {};
  auto hash = (*table)["technician"]["pin_hash"].value<std::string>();
  if (!hash || !hash->starts_with("$argon2id$") || *hash == TechnicianAuth::kDemoPinHash) return {};
  return *hash;
}

Status validate_config(const KioskConfig& config, const std::string& source_name) {
  Problems p{source_name, {}, false};
  check_all(config, p);
  if (!p.lines.empty()) return p.error();
  return Ok{};
}

std::string format_config(const KioskConfig& c) {
  std::ostringstream o;
  o << "# zhidui kiosk configuration, saved by the kiosk (technician panel). Keys: see /usr/share/doc/zhidui-kiosk\n"
       "# or the default /etc/zhidui/zhidui.toml shipped by the package.\n\n";
  o << "[kiosk]\n"
    << "id = " << toml_string(c.kiosk_id) << "\n"
    << "hall = " << toml_string(c.hall) << "\n"
    << "region_code = " << toml_string(c.region_code) << "\n"
    << "mode = " << toml_string(c.mode) << "\n"
    << "orientation = " << toml_string(c.orientation) << "\n"
    << "data_dir = " << toml_string(c.data_dir) << "\n\n";
  o << "[platform]\n"
    << "url = " << toml_string(c.platform_url) << "\n"
    << "token = " << toml_string(c.platform_token) << "\n"
    << "ca_file = " << toml_string(c.ca_file) << "\n"
    << "pinned_sha256 = " << toml_list(c.pinned_sha256) << "\n"
    << "client_cert = " << toml_string(c.client_cert) << "\n"
    << "client_key = " << toml_string(c.client_key) << "\n"
    << "allow_insecure_http = " << (c.allow_insecure_http ? "true" : "false") << "\n"
    << "connect_timeout_ms = " << c.connect_timeout_ms << "\n"
    << "total_timeout_ms = " << c.total_timeout_ms << "\n\n";
  o << "[devices]\n"
    << "simulate = " << (c.simulate_devices ? "true" : "false") << "\n"
    << "required = " << toml_list(c.required) << "\n\n";
  if (c.id_reader)
    o << "[devices.id_reader]\nport = " << toml_string(c.id_reader->port) << "\nbaud = " << c.id_reader->baud << "\n\n";
  if (const auto& rp = c.receipt_printer) {
    o << "[devices.receipt_printer]\ntransport = " << toml_string(rp->transport) << "\n";
    if (!rp->path.empty()) o << "path = " << toml_string(rp->path) << "\n";
    if (!rp->address.empty()) o << "address = " << toml_string(rp->address) << "\n";
    o << "paper_mm = " << rp->paper_mm << "\n\n";
  }
  if (c.document_printer)
    o << "[devices.document_printer]\nqueue = " << toml_string(c.document_printer->queue)
      << "\nserver = " << toml_string(c.document_printer->server) << "\n\n";
  if (const auto& bs = c.barcode_scanner) {
    o << "[devices.barcode_scanner]\nmode = " << toml_string(bs->mode) << "\n";
    if (!bs->port.empty()) o << "port = " << toml_string(bs->port) << "\n";
    o << "\n";
  }
  o << "[timeouts]\nidle_seconds = " << c.idle_seconds << "\nplatform_wait_ms = " << c.platform_wait_ms << "\n\n";
  o << "[voice]\nenabled = " << (c.voice_enabled ? "true" : "false") << "\nvolume = " << c.voice_volume << "\n";
  if (!c.technician_pin_hash.empty()) o << "\n[technician]\npin_hash = " << toml_string(c.technician_pin_hash) << "\n";
  return o.str();
}

Status save_config_atomically(const KioskConfig& config, const std::string& path) {
  if (auto valid = validate_config(config, path); !valid.ok()) return valid.error();
  return fs::replace_file_atomically(path, format_config(config), 0640, "config.io");
}

// ---- editing on the technician panel -------------------------------------------------------------------

namespace {
// Where each editable line lives in the struct; null when this configuration has no such line.
template <class Config>  // KioskConfig or const KioskConfig
auto text_setting_field(Config& c, const std::string& key) -> decltype(&c.kiosk_id) {
  if (key == "kiosk.id") return &c.kiosk_id;
  if (key == "kiosk.hall") return &c.hall;
  if (key == "kiosk.region_code") return &c.region_code;
  if (key == "platform.url") return &c.platform_url;
  if (key == "platform.token") return &c.platform_token;
  if (key == "platform.ca_file") return &c.ca_file;
  if (key == "devices.id_reader.port" && c.id_reader) return &c.id_reader->port;
  if (key == "devices.receipt_printer.path" && c.receipt_printer && c.receipt_printer->transport != "tcp")
    return &c.receipt_printer->path;
  if (key == "devices.receipt_printer.address" && c.receipt_printer && c.receipt_printer->transport == "tcp")
    return &c.receipt_printer->address;
  if (key == "devices.document_printer.queue" && c.document_printer) return &c.document_printer->queue;
  if (key == "devices.barcode_scanner.port" && c.barcode_scanner && c.barcode_scanner->mode == "serial")
    return &c.barcode_scanner->port;
  return nullptr;
}

const char* const kTextSettingKeys[] = {"kiosk.id",
                                        "kiosk.hall",
                                        "kiosk.region_code",
                                        "platform.url",
                                        "platform.token",
                                        "platform.ca_file",
                                        "devices.id_reader.port",
                                        "devices.receipt_printer.path",
                                        "devices.receipt_printer.address",
                                        "devices.document_printer.queue",
                                        "devices.barcode_scanner.port"};

std::vector<std::string> problem_lines(const KioskConfig& c, const std::string& source_name) {
  Problems p{source_name, {}, false};
  check_all(c, p);
  return p.lines;
}
}  // namespace

bool is_secret_setting(std::string_view key) { return key == "platform.token"; }

std::vector<TextSetting> text_settings_of(const KioskConfig& config) {
  std::vector<TextSetting> settings;
  for (const char* key : kTextSettingKeys)
    if (const std::string* value = text_setting_field(config, key)) settings.push_back({key, *value, is_secret_setting(key)});
  return settings;
}

Status set_text_setting(KioskConfig& config, const std::string& key, const std::string& value) {
  std::string* field = text_setting_field(config, key);
  if (!field) return make_error("config.unknown_setting", key + " is not a setting this configuration has");
  *field = value;
  return Ok{};
}

Status save_config_edit(const KioskConfig& before, const KioskConfig& after, const std::string& path) {
  const std::vector<std::string> known = problem_lines(before, path);
  Problems added{path, {}, false};
  Problems all{path, {}, false};
  check_all(after, all);
  for (const std::string& line : all.lines)
    if (std::find(known.begin(), known.end(), line) == known.end()) added.lines.push_back(line);
  if (!added.lines.empty()) {
    added.insecure = all.insecure;
    return added.error();
  }
  return fs::replace_file_atomically(path, format_config(after), 0640, "config.io");
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
    auto config = load_config(path);
    const bool has_token = !config.ok() || !config->platform_token.empty();
    if (has_token)
      return make_error("config.permissions", path + ": mode " + mode +
                                                  " lets every user read the platform token; run: chmod 0640 " + path);
  }
  return Ok{};
}

}  // namespace zhidui
