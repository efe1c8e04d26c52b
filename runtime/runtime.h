// runtime.h — the composition root of the core: builds the catalog, the store and its worker, the sync
// engine, the devices (real, or the faithful fakes of runtime/simulated_devices.h in demo mode) and the
// session, and connects them through the EventQueue. It only composes: the technician's edits live in
// runtime/technician_settings.h, the heartbeat in runtime/heartbeat.h, the configuration in
// runtime/runtime_config.h. No UI here: app/main.cpp hands the session and the queue to ui::App, and
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
#include "runtime/runtime_config.h"

namespace zhidui {

class SimulatedDevices;

class Runtime {
 public:
  static Result<std::unique_ptr<Runtime>> create(const RuntimeOptions& options);
  ~Runtime();

  Session& session();
  EventQueue& events();
  const Catalog& catalog() const;
  const RuntimeOptions& options() const;

  // The simulated devices and their controls (the dev dock's API), or nullptr with real devices.
  SimulatedDevices* simulated();

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
