// config.h — the kiosk's configuration file (/etc/zhidui/zhidui.toml): everything a technician sets
// once per installation (identity, platform, devices, timeouts, screen, voice, mode).
//
// Why a strict reader: the kiosk runs unattended, so a typo must be reported at start, naming the key and
// the problem (and the kiosk then shows 暂停服务 with the technician panel), never silently ignored. The
// security rules of issue 8 (no plain http:// off loopback, no fake devices in production) live here
// too, so that a configuration that passes this check is one the kiosk may run with.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace zhidui::offline {
struct PlatformConfig;
}

namespace zhidui {

struct IdReaderConfig {
  std::string port;            // serial device, e.g. /dev/ttyUSB0
  int baud = 115200;           // one of 9600, 19200, 38400, 57600, 115200
};

struct ReceiptPrinterConfig {
  std::string transport = "usb";  // usb | serial | tcp
  std::string path;               // device file for usb/serial, e.g. /dev/usb/lp0
  std::string address;            // host:port for tcp
  int paper_mm = 80;              // 58 | 80
};

struct DocumentPrinterConfig {
  std::string queue;           // CUPS queue name
  std::string server = "/run/cups/cups.sock";  // the CUPS server: a socket path, or host:port for a print server
};

struct BarcodeScannerConfig {
  std::string mode = "wedge";  // serial | wedge (keyboard wedge: no port)
  std::string port;            // serial device when mode = serial
};

struct KioskConfig {
  // [kiosk]
  std::string kiosk_id;
  std::string hall;                  // hall name shown to people, e.g. 岳麓区政务服务中心
  std::string region_code;           // 6-digit administrative code, Hunan: 43xxxx
  std::string mode = "production";   // production | demo (demo: fake devices and the dev dock)
  std::string orientation = "portrait";  // portrait | landscape
  std::string data_dir = "/var/lib/zhidui";

  // [platform]
  std::string platform_url;
  std::string platform_token;
  std::string ca_file;
  std::vector<std::string> pinned_sha256;
  // Optional mutual TLS: this kiosk's client certificate and private key (PEM, absolute paths, both or
  // neither; the key owner-only, checked at start by check_client_key_file).
  std::string client_cert;
  std::string client_key;
  bool allow_insecure_http = false;
  long connect_timeout_ms = 5000;
  long total_timeout_ms = 20000;

  // [devices]
  bool simulate_devices = false;      // defaults to true in demo mode; refused in production
  std::vector<std::string> required;  // subset of id_reader, receipt_printer, document_printer, barcode_scanner
  std::optional<IdReaderConfig> id_reader;
  std::optional<ReceiptPrinterConfig> receipt_printer;
  std::optional<DocumentPrinterConfig> document_printer;
  std::optional<BarcodeScannerConfig> barcode_scanner;

  // [timeouts]
  int idle_seconds = 120;             // >= 30: people read slowly, and the countdown needs room
  int platform_wait_ms = 8000;

  // [voice]
  bool voice_enabled = true;
  int voice_volume = 70;              // 0..100

  // [technician]
  // The panel's PIN as an argon2id hash (`zhidui-kiosk --hash-pin` makes one); required in production,
  // where the demonstration PIN is refused. Empty in demo mode: the demonstration PIN 135790.
  std::string technician_pin_hash;

  bool demo() const { return mode == "demo"; }
  bool dev_dock() const { return demo(); }   // the developer dock exists only in demo mode
};

// A run without a configuration file (a developer's `zhidui-kiosk`): demo mode with simulated devices and
// the dev dock, data in ./var, a development kiosk id and token, the demonstration PIN. A hall's kiosk
// always has a file, whose defaults are KioskConfig{}'s (production).
KioskConfig developer_defaults();

// Parses and checks TOML text. `source_name` prefixes every message ("zhidui.toml: devices.id_reader.baud:
// 12345 is not one of …"). All problems are reported at once, one per line of Error::message.
// Error codes: "config.syntax", "config.invalid" (bad value, wrong type, unknown or missing key),
// "config.insecure" (security rule broken).
Result<KioskConfig> parse_config(const std::string& text, const std::string& source_name);

// Reads `path` and parses it (source name = path). "config.io" when it cannot be read.
Result<KioskConfig> load_config(const std::string& path);

// Checks the same rules on a struct (the technician panel edits a KioskConfig, then saves it).
Status validate_config(const KioskConfig& config, const std::string& source_name);

// The TOML text of a configuration (what save_config_atomically writes; parse_config reads it back).
std::string format_config(const KioskConfig& config);

// Validates, then writes a temp file in the same folder, fsyncs it, renames it over `path`, and fsyncs the
// folder, so a power cut leaves either the old or the new file, never half of one. Mode 0640; the group of
// an existing file is kept. "config.invalid"/"config.insecure" or "config.io".
Status save_config_atomically(const KioskConfig& config, const std::string& path);

// ---- editing on the technician panel -------------------------------------------------------------------

// A line of text the technician panel edits on its keyboard: identity, platform (address, token, CA file),
// device ports. Listed only where the configuration has that device (and transport/mode), so every key
// listed can be set. The client certificate, its key and the pins stay in the file: installing them means
// putting files on the machine, which is done at its console anyway.
struct TextSetting {
  std::string key;      // "kiosk.id", "platform.url", "devices.id_reader.port", …
  std::string value;    // as the file has it (the token too: the panel never shows it, see `secret`)
  bool secret = false;  // platform.token: never shown, and typed anew rather than edited
};
std::vector<TextSetting> text_settings_of(const KioskConfig& config);
// Whether the line is a secret (TextSetting::secret): never shown, logged or reported.
bool is_secret_setting(std::string_view key);
// Sets one of them; "config.unknown_setting" for a key text_settings_of(config) does not list.
Status set_text_setting(KioskConfig& config, const std::string& key, const std::string& value);

// Reads the file to edit it: syntax, types and unknown keys are checked, values are not, so that a value
// that fails its check (the reason the kiosk is 暂停服务) can be fixed on the panel. "config.io"/"config.syntax"/
// "config.invalid".
Result<KioskConfig> load_config_for_edit(const std::string& path);

// Saves `after`, an edit of `before` (both from load_config_for_edit), atomically as save_config_atomically
// does, but refuses only the problems the edit adds: an edit never makes the file worse, and one broken
// value can be fixed while another is still broken. The refusal lists the added problems only.
Status save_config_edit(const KioskConfig& before, const KioskConfig& after, const std::string& path);

// The sync engine's view of the [platform] table (plus kiosk.id, sent as X-Kiosk-Id).
offline::PlatformConfig to_platform_config(const KioskConfig& config);

// The data folder a configuration file names, even when the rest of the file is broken: a typo elsewhere
// must not move the store (and its queued applications) to another folder, nor leave the kiosk with a
// relative path that systemd's working directory (/) cannot hold. kiosk.data_dir when the file parses and
// it is an absolute path, else the packaged default (KioskConfig::data_dir).
std::string data_dir_named_by(const std::string& path);
// From a file that failed validation: its [technician] pin_hash when the file parses, is not writable by
// others (who could put in a hash of their own) and names an argon2id hash other than the demonstration
// PIN's; else empty, and no PIN opens the panel.
std::string technician_pin_hash_named_by(const std::string& path);

// The files a valid configuration names and the kiosk must be able to trust at start: the client
// certificate and key of mutual TLS (offline::check_client_credentials), so that a key others can read is
// refused at start, naming its key, rather than found by the first upload. Messages are
// "<source_name>: platform.client_key: …"; "config.permissions" for a key readable by others,
// "config.invalid" for a file that cannot be read. Ok when no client certificate is configured.
Status check_client_key_file(const KioskConfig& config, const std::string& source_name);

// Refuses a configuration that others could change (group- or other-writable) or read when it holds the
// platform token (other-readable). Also refuses a non-regular file. "config.permissions" or "config.io".
Status check_config_permissions(const std::string& path);

}  // namespace zhidui
