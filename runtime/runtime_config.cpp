// runtime_config.cpp — see runtime_config.h.
#include "runtime/runtime_config.h"

#include <cstring>
#include <map>

#include "drivers/device.h"

namespace zhidui {

SessionConfig RuntimeOptions::session() const {
  SessionConfig s;
  s.idle_timeout_ms = int64_t(config.idle_seconds) * 1000;
  s.platform_wait_ms = config.platform_wait_ms;
  s.required_devices.clear();
  for (const std::string& name : config.required)
    if (auto d = drivers::device_class_from(name)) s.required_devices.push_back(*d);
  return s;
}

const char* usage_text() {
  return "usage: zhidui-kiosk [options]\n"
         "Settings come from the built-in defaults, then the configuration file (--config), then these\n"
         "options: an option given here always wins over the file.\n"
         "  --config PATH       the kiosk's TOML configuration (docs: packaging/zhidui.toml)\n"
         "  --platform URL      central platform base URL (e.g. http://127.0.0.1:8470)\n"
         "  --token TOKEN       this kiosk's platform token (developers: other users can read a command line)\n"
         "  --kiosk-id ID       this kiosk's identity\n"
         "  --data-dir DIR      store, key and receipts (default var)\n"
         "  --assets DIR        catalog and strings (default: the installed or source tree's assets/)\n"
         "  --landscape         lay out for 1920x1080 instead of 1080x1920\n"
         "  --windowed          a window instead of full screen (developers)\n"
         "  --headless          no window: run the demo journey and write PNGs (default without a display)\n"
         "  --screens-dir DIR   where headless PNGs go (default <data-dir>/screens)\n"
         "  --real-devices      use real hardware instead of the simulated devices\n"
         "  --reader PATH       serial port of the ID-card reader (with --real-devices)\n"
         "  --a4-server S       CUPS server of the A4 printer: a socket path or host:port (default: no A4 printer)\n"
         "  --a4-queue NAME     CUPS queue of the A4 printer (default zhidui-a4)\n"
         "  --platform-wait-ms N  how long the result screen waits for the acceptance number (default 8000)\n"
         "  --self-check        is this kiosk ready for service? configuration, data folder, key, queue, catalog,\n"
         "                      pinyin, handwriting, voice, each device, the platform and the font's glyphs; exit 1\n"
         "                      on any FAIL (stop the service first: the devices are opened for real)\n"
         "  --rotate-key        re-seal the store's personal data under a new field key (stop the service first);\n"
         "                      prints how many values were re-sealed\n"
         "  --hash-pin          read a technician PIN (6-12 digits) from standard input and print its argon2id hash\n"
         "                      for [technician] pin_hash in the configuration\n";
}

Result<CommandLine> parse_command_line(int argc, const char* const* argv) {
  CommandLine cl;
  const std::map<std::string, std::optional<std::string> CommandLine::*> valued = {
      {"--config", &CommandLine::config_path},   {"--platform", &CommandLine::platform_url},
      {"--token", &CommandLine::token},          {"--kiosk-id", &CommandLine::kiosk_id},
      {"--data-dir", &CommandLine::data_dir},    {"--assets", &CommandLine::assets_dir},
      {"--screens-dir", &CommandLine::screens_dir}, {"--reader", &CommandLine::reader_port},
      {"--a4-server", &CommandLine::a4_server},  {"--a4-queue", &CommandLine::a4_queue},
  };
  const std::map<std::string, bool CommandLine::*> flags = {
      {"--landscape", &CommandLine::landscape}, {"--real-devices", &CommandLine::real_devices},
      {"--windowed", &CommandLine::windowed},   {"--headless", &CommandLine::headless},
      {"--self-check", &CommandLine::self_check}, {"--rotate-key", &CommandLine::rotate_key},
      {"--hash-pin", &CommandLine::hash_pin},   {"--help", &CommandLine::help},
      {"-h", &CommandLine::help},
  };
  for (int i = 1; i < argc; ++i) {
    const std::string option = argv[i];
    if (auto flag = flags.find(option); flag != flags.end()) {
      cl.*(flag->second) = true;
      continue;
    }
    auto field = valued.find(option);
    const bool numeric = option == "--platform-wait-ms";
    if (field == valued.end() && !numeric) return make_error("cli.unknown_option", "unknown option " + option);
    if (i + 1 >= argc) return make_error("cli.missing_value", option + " needs a value");
    const std::string value = argv[++i];
    if (!numeric) {
      cl.*(field->second) = value;
      continue;
    }
    if (value.empty() || value.size() > 9 || value.find_first_not_of("0123456789") != std::string::npos)
      return make_error("cli.invalid_value", option + " needs a number of milliseconds, not " + value);
    cl.platform_wait_ms = std::stoi(value);
  }
  return cl;
}

void apply_config_file(const std::string& path, RuntimeOptions& r) {
  r.config_path = path;  // even when broken: the technician panel can fix a value in it
  // Every layer must be safe before any is believed: the administrator's files not writable by others,
  // the panel's file the kiosk's own (runtime/config.h).
  const std::string panel = panel_edits_file(data_dir_named_by(path));
  Status permissions = Ok{};
  for (const std::string& layer : config_layers(path)) {
    if (layer == shipped_defaults_file()) continue;  // the package's, under /usr
    permissions = layer == panel ? check_panel_file_permissions(layer) : check_config_permissions(layer);
    if (!permissions) break;
  }
  auto cfg = permissions ? load_config(path) : Result<KioskConfig>(permissions.error());
  // A client key others can read is refused now, like the field key, not at the first upload.
  if (cfg)
    if (Status key = check_client_key_file(cfg.value(), path); !key) cfg = key.error();
  if (!cfg) {
    r.configuration_problem = cfg.error().message;
    // What serves a paused kiosk: the file's defaults (real devices, nothing from a developer's run), the
    // data folder the file names (its queued applications stay where they are), and the technician must
    // still get in to see why, but never with the published demonstration PIN.
    r.config = KioskConfig{};
    r.config.data_dir = data_dir_named_by(path);
    r.config.technician_pin_hash = technician_pin_hash_named_by(path);
    r.allow_demo_pin = false;
    return;
  }
  r.config = std::move(cfg.value());
  r.allow_demo_pin = r.config.demo();
}

RuntimeOptions options_for(const CommandLine& cl) {
  RuntimeOptions r;
  if (cl.config_path) apply_config_file(*cl.config_path, r);
  KioskConfig& c = r.config;
  if (cl.platform_url) c.platform_url = *cl.platform_url;
  if (cl.token) c.platform_token = *cl.token;
  if (cl.kiosk_id) c.kiosk_id = *cl.kiosk_id;
  if (cl.data_dir) c.data_dir = *cl.data_dir;
  if (cl.assets_dir) r.assets_dir = *cl.assets_dir;
  if (cl.platform_wait_ms) c.platform_wait_ms = *cl.platform_wait_ms;
  if (cl.landscape) c.orientation = "landscape";
  if (cl.real_devices) c.simulate_devices = false;
  if (cl.reader_port) {
    if (!c.id_reader) c.id_reader = IdReaderConfig{};
    c.id_reader->port = *cl.reader_port;
  }
  if (cl.a4_server || cl.a4_queue) {
    if (!c.document_printer) c.document_printer = DocumentPrinterConfig{.queue = "zhidui-a4"};
    if (cl.a4_server) c.document_printer->server = *cl.a4_server;
    if (cl.a4_queue) c.document_printer->queue = *cl.a4_queue;
  }
  return r;
}

}  // namespace zhidui
