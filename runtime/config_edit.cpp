// config_edit.cpp — the technician panel's edits (config.h): the lines it edits on its keyboard, and
// saving an edit to the panel's own file, layer 4 of the configuration (<data_dir>/panel.toml). Only the
// keys the panel edits are ever written there, each only once it differs from the layers below, so the
// administrator's file in /etc stays exactly as the administrator (and dpkg) left it.
#define TOML_EXCEPTIONS 0  // as in config.cpp
#include <toml++/toml.h>

#include "runtime/config.h"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <variant>

#include "base/fs.h"

namespace zhidui {
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

// A value the panel edits, as it goes into the panel's file; monostate when this configuration has no
// such key (a device that is not configured).
using PanelValue = std::variant<std::monostate, std::string, int64_t, std::vector<std::string>>;

struct PanelKey {
  const char* table;  // dotted, e.g. "devices.id_reader"
  const char* key;
  PanelValue (*of)(const KioskConfig&);
};

// Every key the panel can change, text lines and steppers alike.
const PanelKey kPanelKeys[] = {
    {"kiosk", "id", [](const KioskConfig& c) -> PanelValue { return c.kiosk_id; }},
    {"kiosk", "hall", [](const KioskConfig& c) -> PanelValue { return c.hall; }},
    {"kiosk", "region_code", [](const KioskConfig& c) -> PanelValue { return c.region_code; }},
    {"kiosk", "orientation", [](const KioskConfig& c) -> PanelValue { return c.orientation; }},
    {"platform", "url", [](const KioskConfig& c) -> PanelValue { return c.platform_url; }},
    {"platform", "token", [](const KioskConfig& c) -> PanelValue { return c.platform_token; }},
    {"platform", "ca_file", [](const KioskConfig& c) -> PanelValue { return c.ca_file; }},
    {"platform", "connect_timeout_ms", [](const KioskConfig& c) -> PanelValue { return int64_t(c.connect_timeout_ms); }},
    {"platform", "total_timeout_ms", [](const KioskConfig& c) -> PanelValue { return int64_t(c.total_timeout_ms); }},
    {"devices", "required", [](const KioskConfig& c) -> PanelValue { return c.required; }},
    {"devices.id_reader", "port",
     [](const KioskConfig& c) -> PanelValue { return c.id_reader ? PanelValue(c.id_reader->port) : PanelValue(); }},
    {"devices.receipt_printer", "path",
     [](const KioskConfig& c) -> PanelValue { return c.receipt_printer ? PanelValue(c.receipt_printer->path) : PanelValue(); }},
    {"devices.receipt_printer", "address",
     [](const KioskConfig& c) -> PanelValue { return c.receipt_printer ? PanelValue(c.receipt_printer->address) : PanelValue(); }},
    {"devices.document_printer", "queue",
     [](const KioskConfig& c) -> PanelValue { return c.document_printer ? PanelValue(c.document_printer->queue) : PanelValue(); }},
    {"devices.barcode_scanner", "port",
     [](const KioskConfig& c) -> PanelValue { return c.barcode_scanner ? PanelValue(c.barcode_scanner->port) : PanelValue(); }},
    {"timeouts", "idle_seconds", [](const KioskConfig& c) -> PanelValue { return int64_t(c.idle_seconds); }},
    {"timeouts", "platform_wait_ms", [](const KioskConfig& c) -> PanelValue { return int64_t(c.platform_wait_ms); }},
    {"voice", "volume", [](const KioskConfig& c) -> PanelValue { return int64_t(c.voice_volume); }},
};

// The table at a dotted path, made where missing.
toml::table& table_at(toml::table& root, std::string_view dotted) {
  toml::table* t = &root;
  while (!dotted.empty()) {
    const auto dot = dotted.find('.');
    const std::string_view part = dotted.substr(0, dot);
    toml::node* next = t->get(part);
    if (!next || !next->is_table()) t->insert_or_assign(part, toml::table{});
    t = t->get(part)->as_table();
    dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
  }
  return *t;
}

void put(toml::table& table, std::string_view key, const PanelValue& value) {
  if (auto s = std::get_if<std::string>(&value)) table.insert_or_assign(key, *s);
  if (auto i = std::get_if<int64_t>(&value)) table.insert_or_assign(key, *i);
  if (auto list = std::get_if<std::vector<std::string>>(&value)) {
    toml::array array;
    for (const std::string& item : *list) array.push_back(item);
    table.insert_or_assign(key, std::move(array));
  }
}

std::vector<std::string> problem_lines(const KioskConfig& c, const std::string& source_name) {
  std::vector<std::string> lines;
  for (const ConfigProblem& p : check_config_values(c)) lines.push_back(source_name + ": " + p.key + ": " + p.problem);
  return lines;
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

Status save_config_edit(const KioskConfig& before, const KioskConfig& after) {
  const std::string panel = panel_edits_file(before.data_dir);
  std::vector<std::string> added;
  bool insecure = false;
  const std::vector<std::string> known = problem_lines(before, panel);
  for (const ConfigProblem& p : check_config_values(after)) {
    const std::string line = panel + ": " + p.key + ": " + p.problem;
    if (std::find(known.begin(), known.end(), line) != known.end()) continue;
    added.push_back(line);
    insecure = insecure || p.insecure;
  }
  if (!added.empty()) {
    std::string message;
    for (const std::string& line : added) message += (message.empty() ? "" : "\n") + line;
    return make_error(insecure ? "config.insecure" : "config.invalid", message);
  }

  // What the panel's file holds already, plus every panel key this edit changed.
  toml::table edits;
  if (std::error_code ec; std::filesystem::exists(panel, ec)) {
    toml::parse_result held = toml::parse_file(panel);
    if (!held) return make_error("config.io", panel + " cannot be read back to add to it: " + std::string(held.error().description()));
    edits = std::move(held).table();
  }
  for (const PanelKey& k : kPanelKeys) {
    const PanelValue now = k.of(after);
    if (now != k.of(before) && !std::holds_alternative<std::monostate>(now)) put(table_at(edits, k.table), k.key, now);
  }
  if (std::error_code ec; !std::filesystem::create_directories(before.data_dir, ec) && ec)
    return make_error("config.io", "cannot create the data folder " + before.data_dir + ": " + ec.message());
  std::ostringstream text;
  text << "# The technician panel's settings for this kiosk, over /etc/zhidui/zhidui.toml (written by the kiosk;\n"
          "# delete this file to go back to the administrator's settings).\n\n"
       << edits << "\n";
  return fs::replace_file_atomically(panel, text.str(), 0600, "config.io");
}

}  // namespace zhidui
