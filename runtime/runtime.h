// runtime.h — the composition root of the core: builds the catalog, the store and its worker, the sync
// engine, the devices (real, or the faithful fakes in demo mode) and the session, and connects them
// through the EventQueue. No UI here: app/main.cpp hands the session and the queue to ui::App, and
// attaches the SDL speaker (which lives in ui/) for voice guidance.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "kiosk/catalog.h"
#include "kiosk/event_queue.h"
#include "kiosk/input/handwriting.h"
#include "kiosk/input/pinyin_ime.h"
#include "kiosk/session.h"
#include "kiosk/voice/voice_guide.h"
#include "kiosk/voice/voice_prompts.h"
#include "offline/platform_client.h"

namespace zhidui {

struct RuntimeOptions {
  std::string data_dir = "var";           // store, key, receipts, glyph cache
  std::string assets_dir;                 // catalog and strings
  std::string platform_url;               // e.g. http://127.0.0.1:8470
  std::string platform_token = "dev-token";
  std::string kiosk_id = "HN-4301-YL-0001";
  bool simulate_devices = true;           // demo/developer mode: fake reader over a pty, printer emulator
  std::string reader_device;              // real reader's serial port when not simulating
  int reader_baud = 115200;               // its line speed (8N1): 9600 … 115200 as the module is set
  std::string receipts_dir;               // where the printer emulator writes PNGs (default data_dir/receipts)
  std::string scanner_device;             // real barcode scanner's serial port (empty: none, or keyboard wedge)
  bool scanner_wedge = false;             // a keyboard-wedge scanner: it types, and the UI hands the text over
  // The real receipt printer when not simulating: transport usb | serial | tcp, the device file (usb,
  // serial) or host:port (tcp), paper 58 or 80 mm. An empty transport means none is configured.
  std::string receipt_transport;
  std::string receipt_path;
  std::string receipt_address;
  int receipt_paper_mm = 80;
  // The configuration file the technician panel saves its changes to (empty: changes last this run).
  std::string config_path;
  // The A4 printer: a CUPS server (socket path such as /run/cups/cups.sock, or host:port) and queue.
  // An empty server means no A4 printer: the session then offers no A4 copy.
  std::string a4_cups_server;
  std::string a4_queue = "zhidui-a4";
  std::string kiosk_region = "430104";    // 6-digit code of the hall's area (长沙市岳麓区): which local policies apply
  std::string hall;                       // the hall's name, for the technician panel
  std::string orientation = "portrait";   // as configured (the window itself is laid out by main)
  bool voice_enabled = true;
  int voice_volume = 70;                  // 0..100
  std::string technician_pin_hash;        // argon2id; empty: the demonstration PIN if allowed, else none
  bool allow_demo_pin = true;             // demo mode and runs without a configuration file only
  int64_t heartbeat_interval_ms = 60000;  // to the platform's fleet view; 0: none
  int64_t catalog_refresh_interval_ms = 900000;  // from the platform, after one at start; 0: never
  SessionConfig session;
  // TLS settings of the platform connection (from the configuration file).
  std::string ca_file;
  std::vector<std::string> pinned_sha256;
  std::string client_cert;  // mutual TLS (both or neither): this kiosk's certificate and its owner-only key
  std::string client_key;
  bool allow_insecure_http = false;
  long platform_connect_timeout_ms = 5000;
  long platform_total_timeout_ms = 20000;  // one request, start to end
  // The interactive kiosk notes its runs to detect a crash loop (runtime/run_record.h); a self-check, the
  // headless demo and tests do not (they would count the service's own run as a crash).
  bool record_runs = false;
  // Set when the configuration could not be used: the kiosk starts in 暂停服务 and the technician panel
  // shows this (never a crash loop).
  std::string configuration_problem;
};

// How this kiosk reaches the platform (address, identity, TLS, timeouts), for every client it makes.
offline::PlatformConfig platform_config_of(const RuntimeOptions& options);

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
  // The simulated printer stops answering DLE EOT (many real ones never do): its state becomes unknown.
  void set_printer_answers_status(bool answers);
  // The simulated printer's cable pulled out (false) or put back: offline, then found again by itself.
  void set_printer_plugged_in(bool plugged_in);
  // The A4 printer of the CUPS sandbox (tools/cups-sandbox.sh, as `make run` starts it) unplugged (false)
  // or back: its backend reports offline-report and retries, as CUPS's own backends do, so the next job
  // ends as a4.offline; plugged back in, a waiting job prints. Only with simulated devices and a sandbox
  // socket as the A4 server; false otherwise.
  bool set_a4_printer_plugged_in(bool plugged_in);
  std::string last_receipt_file() const;
  // The simulated barcode scanner reads `payload` (as if a code were held under it); false without one.
  bool scan(const std::string& payload);
  void unplug_scanner();
  void replug_scanner();
  // Keys typed by a keyboard-wedge scanner (text, and "\n" for Enter), from the UI thread; ignored
  // unless the configuration has one (a stray keyboard must not start journeys).
  void keyboard_wedge_text(std::string_view text);
  // The payload of the last receipt printed in this run (its QR), for scanning it back; empty before one.
  std::string last_receipt_qr() const;

  // Chinese input engines for the on-screen keyboards; nullptr when they could not start (logged).
  input::PinyinIme* pinyin();
  const input::HandwritingRecognizer* handwriting() const;

  // Voice guidance: from attach_voice() until detach_voice(), the session's prompts are synthesised and
  // played on `sink` (the SDL speaker, which the core cannot include). The sink must outlive
  // detach_voice(), which stops the guide; nothing happens when voice is disabled or has no prompts.
  void attach_voice(voice::VoiceSink& sink);
  void detach_voice();

  // The main loop returned: this run ends cleanly (not counted towards a crash loop).
  void stopped_cleanly();

  // The voice prompts (nullptr when voice is off or its file could not be read).
  const voice::VoicePrompts* voice_prompts() const;

  // What went wrong at start without stopping the kiosk (the shipped catalog refused and the last good one
  // served, a corrupt database moved aside), for the technician panel and --self-check.
  const std::vector<std::string>& startup_problems() const;
  // The queue, dead letters, settings and recent log as the technician panel shows them.
  TechnicianSnapshot technician_snapshot() const;

  // Every text the kiosk may show from data (catalog titles, guides…), for the glyph atlas.
  std::vector<std::pair<std::string, std::string>> data_texts() const;

  struct Impl;
 private:
  explicit Runtime(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace zhidui
