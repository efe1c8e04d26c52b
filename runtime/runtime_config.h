// runtime_config.h — what one run of the kiosk is configured to do, from the configuration file and the
// command line, decided in one place so that the precedence is written once and tested:
//
//   built-in defaults  <  the configuration file (--config)  <  the command line
//
// Without --config the built-in defaults are a developer's (developer_defaults(): demo mode, simulated
// devices, data in ./var). The file's settings are a KioskConfig (runtime/config.h), held as they are —
// nothing is copied into another shape; what the sync engine and the session need is derived from it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "kiosk/session.h"
#include "offline/platform_client.h"
#include "runtime/config.h"

namespace zhidui {

struct RuntimeOptions {
  // Identity, platform, devices, timeouts, voice, technician: the file (or the defaults) with the command
  // line's overrides applied.
  KioskConfig config = developer_defaults();
  std::string config_path;  // the file the technician panel saves to ("": changes last this run only)
  // Set when the configuration could not be used: the kiosk starts in 暂停服务 and the technician panel
  // shows this (never a crash loop).
  std::string configuration_problem;
  bool allow_demo_pin = true;  // demo mode and runs without a configuration file only

  std::string assets_dir;    // catalog and strings ("": the installed or source tree's assets/)
  std::string receipts_dir;  // where the printer emulator writes PNGs ("": <data_dir>/receipts)
  // The interactive kiosk notes its runs to detect a crash loop (runtime/run_record.h); a self-check, the
  // headless demo and tests do not (they would count the service's own run as a crash).
  bool record_runs = false;
  int64_t heartbeat_interval_ms = 60000;         // to the platform's fleet view; 0: none
  int64_t catalog_refresh_interval_ms = 900000;  // from the platform, after one at start; 0: never

  // Derived, never stored twice.
  offline::PlatformConfig platform() const { return to_platform_config(config); }
  SessionConfig session() const;
  bool landscape() const { return config.orientation == "landscape"; }
  bool dev_dock() const { return config.dev_dock() && config.simulate_devices; }
};

// What the command line says. Every setting is optional: only what was given overrides the file.
struct CommandLine {
  std::optional<std::string> config_path, platform_url, token, kiosk_id, data_dir, assets_dir, screens_dir,
      reader_port, a4_server, a4_queue;
  std::optional<int> platform_wait_ms;
  bool landscape = false, real_devices = false;  // flags: given or not
  bool windowed = false, headless = false, self_check = false, rotate_key = false, hash_pin = false, help = false;
};

// The usage text (`zhidui-kiosk --help`).
const char* usage_text();

// Parses argv once. "cli.unknown_option" / "cli.missing_value" / "cli.invalid_value", naming the option.
Result<CommandLine> parse_command_line(int argc, const char* const* argv);

// The run's options: the built-in defaults, then the file (when --config), then the command line. A broken
// or unsafe file does not stop the kiosk (a crash loop would leave the hall with a dead screen):
// `configuration_problem` says what is wrong, the kiosk starts in 暂停服务 with real devices only, keeps
// the data folder the file names, and its panel opens only with the file's own PIN hash (never the
// demonstration PIN).
RuntimeOptions options_for(const CommandLine& command_line);

// The file part alone: applies the file at `path` over `options` (what options_for does with --config).
void apply_config_file(const std::string& path, RuntimeOptions& options);

}  // namespace zhidui
