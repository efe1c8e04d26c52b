// app.cpp — see app.h.
//
// Sections: platform setup (window or headless surface) · frame · event pump and sleeping ·
// screenshots · driving by widget name · self-check.
#include "ui/app.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

#include "base/log.h"
#include "base/paths.h"
#include "base/utf8.h"
#include "base/clock.h"
#include "kiosk/strings.h"
#include "ui/fonts.h"
#include "ui/screen.h"

namespace zhidui::ui {

struct App::Platform {
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  SDL_Surface* surface = nullptr;  // headless target
  float scale = 1.0f;              // window pixels per logical pixel
  uint32_t wake_event = 0;
  std::unique_ptr<GlyphAtlas> atlas;
  ImGuiContext* imgui = nullptr;
  std::chrono::steady_clock::time_point last_frame = std::chrono::steady_clock::now();
  bool animating = false;
};

App::App(Session& session, EventQueue& events) : session_(session), events_(events), platform_(new Platform) {}

App::~App() {
  events_.set_waker(nullptr);
  set_glyph_sink(nullptr);
  Platform& p = *platform_;
  if (p.imgui) {
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui::DestroyContext(p.imgui);
  }
  if (p.renderer) SDL_DestroyRenderer(p.renderer);
  if (p.surface) SDL_FreeSurface(p.surface);
  if (p.window) SDL_DestroyWindow(p.window);
  SDL_Quit();
}

int64_t App::now_ms() const { return options_.clock ? options_.clock() : clock::steady_ms(); }

// --- platform setup -------------------------------------------------------------------------------------

Status App::init(const AppOptions& options) {
  options_ = options;
  if (options_.pinyin)
    ui_state_.chinese = std::make_unique<keyboards::ChineseKeyboard>(*options_.pinyin, options_.handwriting);
  Platform& p = *platform_;
  // Touch is handled by our input layer; SDL must not also synthesise mouse events from fingers
  // (or the other way round), or every tap arrives twice.
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
  SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
  SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
  SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "0");  // the atlas is drawn 1:1; nearest is exact and faster
  if (options.headless) {
    if (SDL_Init(0) != 0) return make_error("ui.sdl", std::string("SDL_Init: ") + SDL_GetError());
    p.surface = SDL_CreateRGBSurfaceWithFormat(0, options.width, options.height, 32, SDL_PIXELFORMAT_RGBA32);
    if (!p.surface) return make_error("ui.sdl", std::string("surface: ") + SDL_GetError());
    p.renderer = SDL_CreateSoftwareRenderer(p.surface);
  } else {
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
      return make_error("ui.sdl", std::string("SDL_Init: ") + SDL_GetError());
    SDL_DisplayMode dm{};
    SDL_GetDesktopDisplayMode(0, &dm);
    int win_w = options.width, win_h = options.height;
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (options.windowed) {
      // Fit the logical layout into 90 % of the screen height.
      if (dm.h > 0 && win_h > dm.h * 9 / 10) {
        p.scale = float(dm.h * 9 / 10) / float(win_h);
        win_w = int(float(win_w) * p.scale);
        win_h = int(float(win_h) * p.scale);
      }
    } else {
      flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
      if (dm.w > 0 && dm.h > 0) {
        p.scale = std::min(float(dm.w) / float(win_w), float(dm.h) / float(win_h));
      }
    }
    p.window = SDL_CreateWindow("zhidui", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, win_w, win_h, flags);
    if (!p.window) return make_error("ui.sdl", std::string("window: ") + SDL_GetError());
    p.renderer = SDL_CreateRenderer(p.window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!p.renderer) p.renderer = SDL_CreateRenderer(p.window, -1, SDL_RENDERER_SOFTWARE);
    p.wake_event = SDL_RegisterEvents(1);
    uint32_t wake = p.wake_event;
    events_.set_waker([wake] {
      SDL_Event e{};
      e.type = wake;
      SDL_PushEvent(&e);
    });
  }
  if (!p.renderer) return make_error("ui.sdl", std::string("renderer: ") + SDL_GetError());
  if (p.scale != 1.0f) SDL_RenderSetScale(p.renderer, p.scale, p.scale);

  SDL_RendererInfo info{};
  SDL_GetRendererInfo(p.renderer, &info);

  IMGUI_CHECKVERSION();
  p.imgui = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a kiosk keeps no window layout between runs
  io.LogFilename = nullptr;
  io.DisplaySize = ImVec2(float(options.width), float(options.height));
  io.ConfigInputTextCursorBlink = false;
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowPadding = ImVec2(0, 0);
  style.ItemSpacing = ImVec2(0, 0);
  style.WindowBorderSize = 0;
  style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  apply_window_background();

  p.atlas = std::make_unique<GlyphAtlas>(paths::cjk_font_path(), paths::cjk_font_index());
  std::vector<std::string> texts;
  for (const auto& [k, v] : strings().all()) texts.push_back(v);
  texts.insert(texts.end(), options.extra_texts.begin(), options.extra_texts.end());
  p.atlas->add_texts(texts);
  std::string err;
  if (!p.atlas->build(&err)) return make_error("ui.fonts", err);
  int tex_w = io.Fonts->TexWidth, tex_h = io.Fonts->TexHeight;
  if ((info.max_texture_width && tex_w > info.max_texture_width) ||
      (info.max_texture_height && tex_h > info.max_texture_height))
    return make_error("ui.fonts", "glyph atlas " + std::to_string(tex_w) + "x" + std::to_string(tex_h) +
                                      " exceeds the renderer's maximum texture size");
  ImGui_ImplSDLRenderer_Init(p.renderer);
  upload_font_texture();
  set_glyph_sink(p.atlas.get());
  log::info("ui", std::string("renderer ") + info.name + ", atlas " + std::to_string(tex_w) + "x" +
                      std::to_string(tex_h) + ", " + std::to_string(p.atlas->glyph_count()) + " glyphs");
  return Ok{};
}

// The screen's ground is the window background: it follows the theme when 长辈模式 switches.
void App::apply_window_background() {
  ImGui::GetStyle().Colors[ImGuiCol_WindowBg] =
      ImVec4(theme::kBackground.r / 255.f, theme::kBackground.g / 255.f, theme::kBackground.b / 255.f, 1);
}

// Once the texture holds the atlas, ImGui's CPU copies (alpha and RGBA, 40 MB with both themes' sizes)
// are dropped; a rebuild makes them again from the glyph list. TexReady stays set (imgui_draw.cpp).
void App::upload_font_texture() {
  ImGui_ImplSDLRenderer_CreateFontsTexture();
  ImGui::GetIO().Fonts->ClearTexData();
}

void App::rebuild_fonts_if_needed() {
  Platform& p = *platform_;
  // Texts that arrive at run time (a name from an ID card, typed text) may hold characters the atlas
  // lacks; they are added here, between frames, never inside one.
  const Identity& id = session_.identity();
  p.atlas->ensure_glyphs(id.name);
  p.atlas->ensure_glyphs(id.address);
  for (const auto& f : session_.fields()) p.atlas->ensure_glyphs(f.value);
  if (!p.atlas->needs_rebuild()) return;
  ImGui_ImplSDLRenderer_DestroyFontsTexture();
  std::string err;
  if (!p.atlas->build(&err)) log::error("ui", "glyph atlas rebuild failed: " + err);
  upload_font_texture();
  log::info("ui", "glyph atlas rebuilt with " + std::to_string(p.atlas->glyph_count()) + " glyphs");
}

// --- frame ------------------------------------------------------------------------------------------------

void App::frame() {
  Platform& p = *platform_;
  int64_t now = now_ms();
  for (Event& e : events_.drain()) session_.handle(e, now);
  session_.tick(now);
  rebuild_fonts_if_needed();

  ImGuiIO& io = ImGui::GetIO();
  auto t = std::chrono::steady_clock::now();
  io.DeltaTime = std::max(0.001f, std::chrono::duration<float>(t - p.last_frame).count());
  p.last_frame = t;
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui::NewFrame();
  input_.apply_to_imgui();
  if (input_.touched_this_frame()) session_.apply(act::Touch{}, now);

  widgets_.begin_frame();
  std::vector<Action> actions;
  // Back on the home screen the session has ended: what the UI held of it (a half-typed name, a
  // signature stroke) goes too.
  if (session_.screen() == Screen::home && last_screen_ != Screen::home) ui_state_.wipe();
  last_screen_ = session_.screen();
  // 长辈模式 is the session's: the theme (colours, sizes) and the fonts follow it frame by frame.
  if (theme::use_elder_theme(session_.elder_mode())) apply_window_background();
  UiContext ui{session_, widgets_, p.atlas->fonts(session_.elder_mode()), input_, io.DisplaySize.x, io.DisplaySize.y,
               now, actions, ui_state_};
  draw_frame(ui);
  if (options_.dev_dock) options_.dev_dock();
  widgets_.end_frame();
  ImGui::Render();

  if (options_.rasterize) {
    const auto& bg = theme::kBackground;
    SDL_SetRenderDrawColor(p.renderer, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(p.renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    SDL_RenderPresent(p.renderer);
  }
  ++frames_;
  if (options_.after_frame) options_.after_frame();

  Screen before = session_.screen();
  for (const Action& a : actions) session_.apply(a, now);
  // The screen changed or an action ran: draw a few more frames so the new state settles.
  if (!actions.empty() || session_.screen() != before || p.atlas->needs_rebuild()) extra_frames_ = 3;
  else if (extra_frames_ > 0) --extra_frames_;
  p.animating = session_.screen() == Screen::identify || session_.screen() == Screen::submitting;
}

// --- event pump and sleeping -------------------------------------------------------------------------------

int App::wait_timeout_ms() const {
  if (input_.busy() || extra_frames_ > 0) return 0;
  if (platform_->animating) return 33;
  if (input_.held()) return 100;  // time a long press
  int64_t now = now_ms();
  int timeout = 5000;  // also bounds how long a missed wake-up could delay anything
  if (session_.idle_seconds_left(now)) timeout = 250;  // the countdown ticks visibly
  if (auto d = session_.next_deadline_ms()) timeout = int(std::clamp<int64_t>(*d - now, 0, timeout));
  return timeout;
}

void App::pump_sdl_events(int timeout_ms) {
  Platform& p = *platform_;
  SDL_Event e;
  bool have = SDL_WaitEventTimeout(&e, timeout_ms) != 0;
  while (have) {
    float inv = 1.0f / p.scale;
    switch (e.type) {
      case SDL_QUIT: quit_ = true; break;
      case SDL_FINGERDOWN:
      case SDL_FINGERMOTION:
      case SDL_FINGERUP: {
        int w = 0, h = 0;
        SDL_GetWindowSize(p.window, &w, &h);
        float x = e.tfinger.x * float(w) * inv, y = e.tfinger.y * float(h) * inv;
        if (e.type == SDL_FINGERDOWN) input_.pointer_down(x, y);
        else if (e.type == SDL_FINGERUP) input_.pointer_up(x, y);
        else input_.pointer_move(x, y);
        break;
      }
      case SDL_MOUSEBUTTONDOWN:
        if (e.button.which != SDL_TOUCH_MOUSEID && e.button.button == SDL_BUTTON_LEFT)
          input_.pointer_down(float(e.button.x) * inv, float(e.button.y) * inv);
        break;
      case SDL_MOUSEBUTTONUP:
        if (e.button.which != SDL_TOUCH_MOUSEID && e.button.button == SDL_BUTTON_LEFT)
          input_.pointer_up(float(e.button.x) * inv, float(e.button.y) * inv);
        break;
      case SDL_MOUSEMOTION:
        if (e.motion.which != SDL_TOUCH_MOUSEID) input_.pointer_move(float(e.motion.x) * inv, float(e.motion.y) * inv);
        break;
      case SDL_KEYDOWN:
        // Escape leaves a windowed developer session; a kiosk in the hall has no keyboard but may have a
        // scanner that types, ending each code with Enter.
        if (e.key.keysym.sym == SDLK_ESCAPE && options_.windowed) quit_ = true;
        if ((e.key.keysym.sym == SDLK_RETURN || e.key.keysym.sym == SDLK_KP_ENTER) && options_.keyboard_text)
          options_.keyboard_text("\n");
        break;
      case SDL_TEXTINPUT:
        if (options_.keyboard_text) options_.keyboard_text(e.text.text);
        break;
      default: break;
    }
    have = SDL_PollEvent(&e) != 0;
  }
}

Status App::run() {
  // A restart the technician asked for ends the loop like a quit: main tells the service manager.
  while (!quit_ && !session_.restart_requested()) {
    try {
      pump_sdl_events(wait_timeout_ms());
      frame();
    } catch (const std::exception& e) {
      // ImGui is mid-frame and cannot be trusted to draw again: stop, and let the restart (and the
      // crash-loop count of runtime/run_record.h) take over. The session's personal data dies with us.
      log::error("ui", std::string("a frame failed, stopping: ") + e.what());
      return make_error("ui.frame", e.what());
    }
  }
  return Ok{};
}

// --- screenshots -------------------------------------------------------------------------------------------

Status App::screenshot(const std::string& png_path) {
  Platform& p = *platform_;
  int w = options_.width, h = options_.height;
  std::vector<uint8_t> pixels(size_t(w) * size_t(h) * 4);
  if (p.surface) {
    SDL_LockSurface(p.surface);
    for (int y = 0; y < h; ++y)
      std::memcpy(&pixels[size_t(y) * size_t(w) * 4], static_cast<uint8_t*>(p.surface->pixels) + y * p.surface->pitch,
                  size_t(w) * 4);
    SDL_UnlockSurface(p.surface);
  } else {
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(p.renderer, &ow, &oh);
    w = ow;
    h = oh;
    pixels.resize(size_t(w) * size_t(h) * 4);
    if (SDL_RenderReadPixels(p.renderer, nullptr, SDL_PIXELFORMAT_RGBA32, pixels.data(), w * 4) != 0)
      return make_error("ui.screenshot", SDL_GetError());
  }
  for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
  if (!stbi_write_png(png_path.c_str(), w, h, 4, pixels.data(), w * 4))
    return make_error("ui.screenshot", "cannot write " + png_path);
  return Ok{};
}

// --- driving by widget name --------------------------------------------------------------------------------

void App::run_frames(int n) {
  for (int i = 0; i < n; ++i) frame();
}

bool App::tap(const std::string& name) {
  while (input_.busy()) frame();  // a drag still settling would swallow the press
  auto r = widgets_.find(name);
  if (!r) {
    log::warn("ui", "tap: no widget named " + name + " on screen " + to_string(session_.screen()));
    return false;
  }
  input_.pointer_down(r->cx(), r->cy());
  input_.pointer_up(r->cx(), r->cy());
  while (input_.busy()) frame();
  frame();
  return true;
}

bool App::wait_until(const std::function<bool()>& pred, int timeout_ms) {
  int64_t end = now_ms() + timeout_ms;
  while (!pred()) {
    if (now_ms() >= end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    frame();
  }
  frame();
  return true;
}

// --- self-check --------------------------------------------------------------------------------------------

std::vector<std::string> self_check_glyphs(const std::vector<std::pair<std::string, std::string>>& labelled_texts) {
  ImGuiContext* ctx = ImGui::CreateContext();
  GlyphAtlas atlas(paths::cjk_font_path(), paths::cjk_font_index());
  std::vector<std::string> texts;
  for (const auto& [label, t] : labelled_texts) texts.push_back(t);
  atlas.add_texts(texts);
  std::vector<std::string> problems;
  std::string err;
  if (!atlas.build(&err)) {
    problems.push_back(err);
  } else {
    for (const auto& [label, t] : labelled_texts) {
      for (char32_t c : atlas.missing(t)) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "U+%04X", unsigned(c));
        problems.push_back(label + ": missing glyph '" + utf8::encode_one(c) + "' (" + hex + ")");
      }
    }
  }
  ImGui::DestroyContext(ctx);
  return problems;
}

}  // namespace zhidui::ui
