// app.h — the kiosk's UI shell: SDL window (or a headless surface), ImGui, the glyph atlas, the frame
// loop that sleeps when nothing changes, screenshots, and tapping widgets by name (for tests and the
// headless demo, through the same input layer that touch and mouse use).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "kiosk/event_queue.h"
#include "kiosk/session.h"
#include "kiosk/input/handwriting.h"
#include "kiosk/input/pinyin_ime.h"
#include "ui/input.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"

namespace zhidui::ui {

struct AppOptions {
  bool headless = false;
  bool windowed = false;     // only with a display: a window instead of full screen
  int width = 1080;          // logical size the screens are laid out for
  int height = 1920;
  std::vector<std::string> extra_texts;  // more texts whose glyphs must be in the atlas (catalog…)
  // Optional: drawn after the kiosk frame as a separate window (the dev dock); only in demo mode.
  std::function<void()> dev_dock;
  // Keys from a hardware keyboard (text, and "\n" for Enter): a keyboard-wedge barcode scanner types.
  std::function<void(std::string_view)> keyboard_text;
  // Called after every presented frame (the service watchdog lives there).
  std::function<void()> after_frame;
  // Tests and benchmarks only. `clock`: where now_ms() comes from (default the steady clock); golden
  // screenshots fix it so animations and the idle countdown draw the same pixels on every run (the
  // caller advances it; wait_until's timeout runs on it too). `rasterize = false`: frame() builds the
  // ImGui draw lists but neither rasterises nor presents them, so the UI benchmark times the build alone.
  std::function<int64_t()> clock;
  bool rasterize = true;
  // The Chinese keyboards' engines (owned by the Runtime; one per process). Without them, text fields
  // that need Chinese offer the handwriting pad only if `handwriting` is set, else nothing.
  input::PinyinIme* pinyin = nullptr;
  const input::HandwritingRecognizer* handwriting = nullptr;
};

class App {
 public:
  App(Session& session, EventQueue& events);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  Status init(const AppOptions& options);
  // One frame: events from workers into the session, deadlines, draw, render, present.
  void frame();
  // The interactive loop (with a display) until the window is closed. An exception that escapes a
  // frame (a bug: code here does not throw) ends the loop with the error logged instead of aborting
  // mid-frame; the status says so, and the caller exits non-zero so that systemd restarts the kiosk.
  Status run();

  Status screenshot(const std::string& png_path);
  // Taps the named widget of the last frame at its centre and runs frames until the tap settles.
  bool tap(const std::string& name);
  void run_frames(int n);
  // Runs frames (sleeping a little between them) until pred() or the timeout; returns pred().
  bool wait_until(const std::function<bool()>& pred, int timeout_ms);

  InputLayer& input() { return input_; }
  const WidgetRegistry& widgets() const { return widgets_; }
  Session& session() { return session_; }
  int64_t now_ms() const;
  uint64_t frames_rendered() const { return frames_; }
  // AppOptions::rasterize at run time: golden scenarios drive without rasterising and rasterise only the
  // frame they capture (a software-rasterised 1080x1920 frame costs far more than building it).
  void set_rasterize(bool on) { options_.rasterize = on; }

 private:
  struct Platform;
  void pump_sdl_events(int timeout_ms);
  int wait_timeout_ms() const;
  void upload_font_texture();
  void apply_window_background();
  void rebuild_fonts_if_needed();

  Session& session_;
  EventQueue& events_;
  std::unique_ptr<Platform> platform_;
  InputLayer input_;
  WidgetRegistry widgets_;
  AppOptions options_;
  uint64_t frames_ = 0;
  int extra_frames_ = 0;
  bool quit_ = false;
  UiState ui_state_;
  Screen last_screen_ = Screen::home;
};

// --self-check: builds the atlas from the strings file and `texts` and reports every character that
// cannot be drawn. Returns the missing characters with where they came from, empty when all is well.
std::vector<std::string> self_check_glyphs(const std::vector<std::pair<std::string, std::string>>& labelled_texts);

}  // namespace zhidui::ui
