// config.h — the kiosk's configuration: everything a technician sets once per installation (identity,
// platform, devices, timeouts, screen, voice, mode), read from layers merged in this order, each later one
// winning key by key (Debian's practice for a package's configuration):
//
//   1. the shipped defaults       /usr/share/zhidui/assets/config/zhidui-defaults.toml (commented; upgrades
//                                 may change them without asking)
//   2. the administrator's file   /etc/zhidui/zhidui.toml (a dpkg conffile; read-only to the kiosk)
//   3. drop-ins                   /etc/zhidui/zhidui.toml.d/*.toml, in name order
//   4. the technician panel's edits  <data_dir>/panel.toml (written by the kiosk, owner-only)
//
// The kiosk never rewrites the administrator's file: its comments survive, the next package upgrade
// never stops at a conffile prompt, and a compromised kiosk process cannot persist by rewriting its own
// mode, platform address or CA in /etc. A problem names the file that set the key.
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

// A configuration problem: the key (dotted, "devices.id_reader.baud") and what is wrong with its value.
struct ConfigProblem {
  std::string key;
  std::string problem;
  bool insecure = false;  // a security rule (plain http off loopback, simulated devices in production…)
};
// Every value rule, checked on a whole configuration (types and unknown keys are the reader's business).
std::vector<ConfigProblem> check_config_values(const KioskConfig& config);

// Parses and checks one TOML text. `source_name` prefixes every message ("zhidui.toml: devices.id_reader.baud:
// 12345 is not one of …"). All problems are reported at once, one per line of Error::message.
// Error codes: "config.syntax", "config.invalid" (bad value, wrong type, unknown or missing key),
// "config.insecure" (security rule broken).
Result<KioskConfig> parse_config(const std::string& text, const std::string& source_name);

// The files that make the configuration whose administrator's file is `admin_path`, in merge order, as
// far as they exist (the administrator's file is always listed): shipped defaults, the file, its
// drop-ins, the panel's edits (in the data folder the layers before it name).
std::vector<std::string> config_layers(const std::string& admin_path);
std::string shipped_defaults_file();                         // layer 1 (under the assets folder)
std::string panel_edits_file(const std::string& data_dir);  // layer 4

// Reads and merges every layer of `admin_path`, then checks the result; each message names the file that
// set the key. "config.io" when a file cannot be read, "config.permissions" when one is not safe
// (check_config_permissions; the panel's file must be owner-only).
Result<KioskConfig> load_config(const std::string& admin_path);

// Checks the same rules on a struct.
Status validate_config(const KioskConfig& config, const std::string& source_name);

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

// Reads the layers to edit them: syntax, types and unknown keys are checked, values are not, so that a value
// that fails its check (the reason the kiosk is 暂停服务) can be fixed on the panel. "config.io"/"config.syntax"/
// "config.invalid".
Result<KioskConfig> load_config_for_edit(const std::string& admin_path);

// Saves `after`, an edit of `before` (both from load_config_for_edit), to the panel's file in their data
// folder (layer 4): the keys the panel edits that differ are written there, beside any it held already, atomically
// (write, fsync, rename, fsync the folder; mode 0600: it may hold the token). The edit is refused only for
// the problems it adds: it never makes the configuration worse, and one broken value can be fixed while
// another is still broken. The refusal lists the added problems only. "config.io" when the file cannot be
// written; nothing changes then.
Status save_config_edit(const KioskConfig& before, const KioskConfig& after);

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

// Refuses a configuration file that others could change (group- or other-writable) or read when it holds the
// platform token (other-readable). Also refuses a non-regular file. "config.permissions" or "config.io".
Status check_config_permissions(const std::string& path);
// The panel's file holds what the technician typed, the token too: a regular file, the kiosk user's own,
// readable by nobody else. "config.permissions" or "config.io".
Status check_panel_file_permissions(const std::string& path);

}  // namespace zhidui
