// config.cpp — reading the kiosk's configuration (config.h): each layer parsed, merged key by key with
// the file that set each key remembered, read strictly into a KioskConfig, then its values checked
// (config_check.cpp). The panel's edits are written by config_edit.cpp.
//
// toml++ is compiled without exceptions here (TOML_EXCEPTIONS=0, in the config files only) so that a syntax
// error comes back as a value: no exception may cross into the kiosk. The checks collect every problem
// rather than stopping at the first, because a technician at the kiosk fixes them all in one visit.
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include "runtime/config.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include "base/paths.h"
#include "kiosk/technician_auth.h"

namespace zhidui {
namespace {

// ---------------------------------------------------------------------------------------------------------
// [SECTION] Layers: parse each file, merge them, remember which file set each key
// ---------------------------------------------------------------------------------------------------------

struct Layered {
  toml::table table;
  std::map<std::string, std::string> source_of;  // dotted key → the file that set it last
  std::string fallback_source;                   // for a key nobody set (missing, required)

  // The file that set `key` ("devices.required[1]" → "devices.required"), or the nearest table's.
  const std::string& source(std::string key) const {
    if (auto bracket = key.find('['); bracket != std::string::npos) key.resize(bracket);
    for (;;) {
      if (auto it = source_of.find(key); it != source_of.end()) return it->second;
      const auto dot = key.rfind('.');
      if (dot == std::string::npos) return fallback_source;
      key.resize(dot);
    }
  }
};

std::string join(const std::string& a, std::string_view b) { return a.empty() ? std::string(b) : a + "." + std::string(b); }

void merge_into(toml::table& into, const toml::table& from, const std::string& prefix, const std::string& source,
                std::map<std::string, std::string>& source_of) {
  for (const auto& [key, node] : from) {
    const std::string path = join(prefix, key.str());
    toml::node* existing = into.get(key.str());
    if (node.is_table() && existing && existing->is_table()) {
      merge_into(*existing->as_table(), *node.as_table(), path, source, source_of);
      continue;
    }
    node.visit([&](const auto& value) { into.insert_or_assign(key.str(), value); });  // a copy; lists replace
    source_of[path] = source;
    if (node.is_table())  // a whole new table: each of its keys comes from here
      for (const auto& [k, v] : *node.as_table()) source_of[join(path, k.str())] = source;
  }
}

Result<toml::table> parse_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return make_error("config.io", "cannot read " + path + ": No such file or directory");
  toml::parse_result parsed = toml::parse_file(path);
  if (!parsed) {
    const auto& e = parsed.error();
    if (e.description().find("File could not be opened") != std::string_view::npos)
      return make_error("config.io", "cannot read " + path);
    return make_error("config.syntax", path + ":" + std::to_string(e.source().begin.line) + ":" +
                                           std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  return std::move(parsed).table();
}

std::vector<std::string> drop_ins_of(const std::string& admin_path) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(admin_path + ".d", ec))
    if (entry.path().extension() == ".toml" && entry.is_regular_file(ec)) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// The data folder the merged layers name: an absolute kiosk.data_dir, else the packaged default.
std::string data_dir_of(const toml::table& merged) {
  auto named = merged["kiosk"]["data_dir"].value<std::string>();
  if (named && !named->empty() && named->front() == '/') return *named;
  return KioskConfig{}.data_dir;
}

// Layers 1-3 (and 4 when `with_panel`), stopping at the first file that cannot be read or parsed.
Result<Layered> read_layers(const std::string& admin_path, bool with_panel) {
  Layered l;
  l.fallback_source = admin_path;
  std::vector<std::string> files;
  if (std::error_code ec; std::filesystem::exists(shipped_defaults_file(), ec)) files.push_back(shipped_defaults_file());
  files.push_back(admin_path);
  for (auto& d : drop_ins_of(admin_path)) files.push_back(std::move(d));
  for (const std::string& file : files) merge_into(l.table, ZHIDUI_TRY(parse_file(file)), "", file, l.source_of);
  if (with_panel) {
    const std::string panel = panel_edits_file(data_dir_of(l.table));
    if (std::error_code ec; std::filesystem::exists(panel, ec))
      merge_into(l.table, ZHIDUI_TRY(parse_file(panel)), "", panel, l.source_of);
  }
  return l;
}

// ---------------------------------------------------------------------------------------------------------
// [SECTION] Reading the merged table into a KioskConfig
// ---------------------------------------------------------------------------------------------------------

// Collects "source: key: problem" lines; the code of the first security problem wins over "invalid".
struct Problems {
  const Layered& layers;
  std::vector<std::string> lines;
  bool insecure = false;

  void add(const std::string& key, const std::string& problem) {
    lines.push_back(layers.source(key) + ": " + key + ": " + problem);
  }
  Error error() const {
    std::string message;
    for (const auto& line : lines) message += (message.empty() ? "" : "\n") + line;
    return make_error(insecure ? "config.insecure" : "config.invalid", message);
  }
};

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
        problems_.add(join(path_, key.str()), "unknown key (misspelt? every key is in the shipped zhidui-defaults.toml with its comment)");
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

// Reads every known key; returns whether [devices] simulate was set.
bool read_table(const toml::table& root, KioskConfig& c, Problems& p) {
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
  return simulate_set;
}

enum class ValueChecks { run, skip };

Result<KioskConfig> read_config(const Layered& layers, ValueChecks checks) {
  KioskConfig c;
  Problems p{layers, {}, false};
  const bool simulate_set = read_table(layers.table, c, p);
  // Demo mode simulates devices unless told otherwise; production never does (checked below).
  if (!simulate_set) c.simulate_devices = c.demo();
  // Type and unknown-key problems first; value checks would only repeat them with default values.
  if (!p.lines.empty()) return p.error();
  if (checks == ValueChecks::skip) return c;
  for (const ConfigProblem& problem : check_config_values(c)) {
    p.add(problem.key, problem.problem);
    p.insecure = p.insecure || problem.insecure;
  }
  if (!p.lines.empty()) return p.error();
  return c;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// [SECTION] The API
// ---------------------------------------------------------------------------------------------------------

std::string shipped_defaults_file() { return paths::assets_dir() + "/config/zhidui-defaults.toml"; }

std::string panel_edits_file(const std::string& data_dir) { return data_dir + "/panel.toml"; }

std::vector<std::string> config_layers(const std::string& admin_path) {
  std::vector<std::string> files;
  std::error_code ec;
  if (std::filesystem::exists(shipped_defaults_file(), ec)) files.push_back(shipped_defaults_file());
  files.push_back(admin_path);
  for (auto& d : drop_ins_of(admin_path)) files.push_back(std::move(d));
  if (auto layers = read_layers(admin_path, false)) {
    const std::string panel = panel_edits_file(data_dir_of(layers->table));
    if (std::filesystem::exists(panel, ec)) files.push_back(panel);
  }
  return files;
}

Result<KioskConfig> parse_config(const std::string& text, const std::string& source_name) {
  toml::parse_result parsed = toml::parse(text, source_name);
  if (!parsed) {
    const auto& e = parsed.error();
    return make_error("config.syntax", source_name + ":" + std::to_string(e.source().begin.line) + ":" +
                                           std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  Layered one;
  one.table = std::move(parsed).table();
  one.fallback_source = source_name;
  return read_config(one, ValueChecks::run);
}

Result<KioskConfig> load_config(const std::string& admin_path) {
  return read_config(ZHIDUI_TRY(read_layers(admin_path, true)), ValueChecks::run);
}

Result<KioskConfig> load_config_for_edit(const std::string& admin_path) {
  return read_config(ZHIDUI_TRY(read_layers(admin_path, true)), ValueChecks::skip);
}

std::string data_dir_named_by(const std::string& admin_path) {
  auto layers = read_layers(admin_path, false);
  return layers ? data_dir_of(layers->table) : KioskConfig{}.data_dir;
}

std::string technician_pin_hash_named_by(const std::string& admin_path) {
  // Only from the administrator's files (the panel never sets it), and only when none of them could have
  // been written by someone else, who could have put in a hash of their own.
  if (!check_config_permissions(admin_path)) return {};
  for (const std::string& d : drop_ins_of(admin_path))
    if (!check_config_permissions(d)) return {};
  auto layers = read_layers(admin_path, false);
  if (!layers) return {};
  auto hash = layers->table["technician"]["pin_hash"].value<std::string>();
  if (!hash || !hash->starts_with("$argon2id$") || *hash == TechnicianAuth::kDemoPinHash) return {};
  return *hash;
}

}  // namespace zhidui
