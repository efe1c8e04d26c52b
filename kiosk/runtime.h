// runtime.h — the composition root of the core: builds the catalog, the store and its worker, the sync
// engine, the devices (real, or the faithful fakes in demo mode) and the session, and connects them
// through the EventQueue. No UI here: kiosk/main.cpp hands the session and the queue to ui::App.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/base/result.h"
#include "kiosk/catalog.h"
#include "kiosk/event_queue.h"
#include "kiosk/session.h"

namespace zhidui {

struct RuntimeOptions {
  std::string data_dir = "var";           // store, key, receipts, glyph cache
  std::string assets_dir;                 // catalog and strings
  std::string platform_url;               // e.g. http://127.0.0.1:8470
  std::string platform_token = "dev-token";
  std::string kiosk_id = "HN-4301-YL-0001";
  bool simulate_devices = true;           // demo/developer mode: fake reader over a pty, printer emulator
  std::string reader_device;              // real reader's serial port when not simulating
  std::string receipts_dir;               // where the printer emulator writes PNGs (default data_dir/receipts)
  SessionConfig session;
  // TLS settings of the platform connection (from the configuration file).
  std::string ca_file;
  std::vector<std::string> pinned_sha256;
  bool allow_insecure_http = false;
  // Set when the configuration could not be used: the kiosk starts in 暂停服务 and the technician panel
  // shows this (never a crash loop).
  std::string configuration_problem;
};

// What the dev dock (and the headless demo) can do to the simulated devices.
struct Persona {
  std::string id;
  std::string label;
};

class Runtime {
 public:
  static Result<std::unique_ptr<Runtime>> create(const RuntimeOptions& options);
  ~Runtime();

  Session& session();
  EventQueue& events();
  const Catalog& catalog() const;
  const RuntimeOptions& options() const;

  // Simulated devices (only when simulate_devices).
  std::vector<Persona> personas() const;
  bool present_card(const std::string& persona_id);
  void remove_card();
  void unplug_reader();
  void replug_reader();
  // "ok", "paper_low", "paper_out", "cover_open", "jammed"
  void set_printer_condition(const std::string& condition);
  std::string last_receipt_file() const;

  // Every text the kiosk may show from data (catalog titles, guides…), for the glyph atlas.
  std::vector<std::pair<std::string, std::string>> data_texts() const;

  struct Impl;
 private:
  explicit Runtime(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace zhidui
