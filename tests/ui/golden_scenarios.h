// golden_scenarios.h — the table of UI states that golden screenshots (tests/ui/golden_test.cpp) and the
// UI benchmark (bench/ui_bench.cpp) both reach: each scenario drives a fresh, headless kiosk (real
// strings and catalog, in-memory services, a fixed clock and fixed wall time) into one screen and state.
//
// Adding a state is one entry in the table of scenarios() (golden_scenarios.cpp), then `make golden-update` and a look
// at the new images. Everything a scenario needs to be deterministic lives in Harness: the clock only
// moves when advance() is called, the fakes answer the same way every run, and regions whose content is
// random by design (the receipt QR encodes the application's random UUID) are listed in masked_widgets
// and painted over before any comparison.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "kiosk/catalog.h"
#include "kiosk/event_queue.h"
#include "kiosk/session.h"
#include "ui/app.h"

namespace zhidui::golden {

struct Orientation {
  const char* name;  // folder under tests/ui/golden/
  int width, height;
};
inline constexpr Orientation kOrientations[] = {{"portrait", 1080, 1920}, {"landscape", 1920, 1080}};

// What the in-memory services answer. Scenarios set these before the step that calls the service.
struct FakeBehaviour {
  bool store_answers = true;         // false: the save never returns (the submitting screen stays)
  bool store_fails = false;          // SubmitSaved with an error: nothing was saved
  enum class Platform { acknowledges, silent, rejects } platform = Platform::acknowledges;
  bool printer_fails = false;
  bool printer_answers = true;  // false: the receipt is still printing
  bool rating_store_answers = true;
  bool platform_reachable = true;    // enterprise lookup, representative check, progress query
  bool is_legal_representative = true;
  bool progress_last_known = false;  // progress answered from the kiosk's own store
};

// One kiosk: strings and catalog from assets/, a Session with fakes, a headless App at one orientation.
// Frames are built but not rasterised (AppOptions::rasterize = false) except the one capture() takes: a
// software-rasterised full-screen frame costs ~100 times more than building it, and only the last counts.
class Harness {
 public:
  static constexpr int64_t kStartMs = 1'000'000;  // the fixed clock's value at start

  // Installs the shipped strings (process-wide) and loads the shipped catalog once per process.
  static Result<std::unique_ptr<Harness>> create(const Orientation& orientation);

  ui::App& app() { return *app_; }
  Session& session() { return *session_; }
  EventQueue& events() { return events_; }
  FakeBehaviour& fakes() { return fakes_; }
  int64_t now_ms() const { return now_ms_; }

  // Steps: each says what went wrong (naming the screen it was on) instead of asserting.
  void advance(int64_t ms) { now_ms_ += ms; }
  void settle(int frames = 3) { app_->run_frames(frames); }
  Status tap(const std::string& widget);
  Status type_digits(const std::string& digits);  // taps key.<d> for each digit
  Status push(Event event);                      // then settles
  Status expect_screen(Screen s) const;

  // Widgets whose rectangles are painted over in screenshots (random by design); scenarios add to it.
  std::vector<std::string> masked_widgets = {"result.qr"};
  // Rasterises one frame and returns it with the masked widgets painted over: RGBA rows, width × height × 4.
  Result<std::vector<uint8_t>> capture();

 private:
  Harness() = default;

  EventQueue events_;
  FakeBehaviour fakes_;
  int64_t now_ms_ = kStartMs;
  std::string last_saved_uuid_;
  std::unique_ptr<Session> session_;
  std::unique_ptr<ui::App> app_;
  int width_ = 0, height_ = 0;
  std::string scratch_png_;
};

struct Scenario {
  const char* name;         // file name of the golden (lower-case, dashes)
  const char* description;  // what a reviewer should see
  std::function<Status(Harness&)> drive;
};

const std::vector<Scenario>& scenarios();

// Fixed applicants (names with a rare character, so the run-time atlas path is exercised).
Identity applicant();          // 30 years old, Changsha: eligible for the first policy
Identity elder_applicant();    // over 60: not eligible for age-limited policies
Identity unverifiable_applicant();  // ID number fails its checksum: age cannot be verified → needs review

}  // namespace zhidui::golden
