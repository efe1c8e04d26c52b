// demo_journey.cpp — see demo_journey.h.
#include "ui/demo_journey.h"

#include <imgui.h>

#include <filesystem>

#include "drivers/barcode/scan_payload.h"
#include "base/log.h"

namespace zhidui::ui {

namespace {

class Journey {
 public:
  Journey(App& app, std::string dir) : app_(app), dir_(std::move(dir)) {}

  Status shot(const std::string& name) {
    app_.run_frames(2);
    auto s = app_.screenshot(dir_ + "/" + name + ".png");
    if (s) log::info("demo", "screen " + name + ".png");
    return s;
  }
  Status tap(const std::string& widget) {
    if (!app_.tap(widget))
      return make_error("demo.tap", "widget '" + widget + "' not found on screen " + to_string(app_.session().screen()));
    return Ok{};
  }
  Status wait_screen(Screen s, int timeout_ms) {
    if (!app_.wait_until([&] { return app_.session().screen() == s; }, timeout_ms))
      return make_error("demo.timeout", std::string("screen ") + to_string(s) + " did not appear; still on " +
                                            to_string(app_.session().screen()));
    return Ok{};
  }

 private:
  App& app_;
  std::string dir_;
};

#define DEMO_TRY(expr)              \
  do {                              \
    auto _s = (expr);               \
    if (!_s) return _s.error();     \
  } while (0)

}  // namespace

Result<DemoResult> run_demo_journey(App& app, Runtime& runtime, const std::string& screens_dir) {
  std::error_code ec;
  std::filesystem::create_directories(screens_dir, ec);
  Journey j(app, screens_dir);
  Session& s = app.session();
  app.run_frames(3);
  DEMO_TRY(j.shot("01-home"));
  DEMO_TRY(j.tap("home.citizen"));
  DEMO_TRY(j.wait_screen(Screen::identify, 2000));
  DEMO_TRY(j.shot("02-identify"));

  auto personas = runtime.personas();
  if (personas.empty()) return make_error("demo.personas", "no simulated cards available");
  runtime.present_card(personas.front().id);
  DEMO_TRY(j.wait_screen(Screen::policy_list, 10000));
  DEMO_TRY(j.shot("03-policy-list"));

  auto offered = s.offered_policies();
  if (offered.empty()) return make_error("demo.catalog", "no policy offered to the demo citizen");
  DEMO_TRY(j.tap("policy." + offered.front()->id));
  DEMO_TRY(j.wait_screen(Screen::policy_detail, 2000));
  DEMO_TRY(j.shot("04-policy-detail"));
  DEMO_TRY(j.tap("detail.apply"));
  DEMO_TRY(j.wait_screen(Screen::form, 2000));
  DEMO_TRY(j.shot("05-form"));
  if (app.widgets().find("field.phone")) {
    DEMO_TRY(j.tap("field.phone"));
    for (char c : std::string("13807310000")) DEMO_TRY(j.tap(std::string("key.") + c));
  }
  DEMO_TRY(j.shot("06-form-filled"));
  DEMO_TRY(j.tap("form.next"));
  if (s.screen() == Screen::materials) {
    // Whatever the demo citizen must still decide is brought later (容缺): the receipt lists it.
    for (const auto& m : s.materials())
      if (m.handling == MaterialHandling::undecided)
        DEMO_TRY(j.tap("material." + m.material->id + "." + std::to_string(int(MaterialHandling::later))));
    DEMO_TRY(j.shot("07-materials"));
    DEMO_TRY(j.tap("materials.next"));
  }
  DEMO_TRY(j.wait_screen(Screen::review, 2000));
  DEMO_TRY(j.shot("08-review"));
  DEMO_TRY(j.tap("review.submit"));
  if (!app.wait_until([&] { return s.submit_phase() != SubmitPhase::saving; }, 10000))
    return make_error("demo.submit", "the store did not answer within 10 s");
  if (s.submit_phase() == SubmitPhase::failed) return make_error("demo.submit", "the application was not saved");
  // The platform answers in milliseconds on loopback; the session itself gives up waiting after its
  // own deadline and says "saved, uploads later" — the demo reports whichever happened.
  app.wait_until([&] { return s.submit_phase() == SubmitPhase::accepted || s.submit_phase() == SubmitPhase::saved_offline; },
                 30000);
  app.wait_until([&] { return s.print_outcome() != PrintOutcome::printing; }, 15000);
  DEMO_TRY(j.shot("09-result"));
  if (app.widgets().find("rating.5")) {
    DEMO_TRY(j.tap("rating.5"));
    app.wait_until([&] { return s.rating_phase() == RatingPhase::saved || s.rating_phase() == RatingPhase::failed; },
                   5000);
  }

  DemoResult result;
  result.screens_dir = screens_dir;
  result.acceptance_no = s.acceptance_no();
  result.uuid = s.application_uuid();
  result.receipt_file = runtime.last_receipt_file();
  runtime.remove_card();
  DEMO_TRY(j.tap("result.finish"));
  DEMO_TRY(j.wait_screen(Screen::home, 2000));

  // The technician's view of the same kiosk: hold the header corner, enter the demo PIN (only a kiosk
  // without its own PIN accepts it; a demo kiosk that has one keeps its panel to itself).
  auto corner = app.widgets().find("tech.corner");
  if (corner && runtime.options().technician_pin_hash.empty() && runtime.options().allow_demo_pin) {
    app.input().pointer_down(corner->cx(), corner->cy());
    bool opened = app.wait_until([&] { return s.screen() == Screen::technician_pin; }, 6000);
    app.input().pointer_up(corner->cx(), corner->cy());
    while (app.input().busy()) app.frame();
    if (!opened) return make_error("demo.technician", "the long press did not open the PIN screen");
    for (char c : std::string("135790")) DEMO_TRY(j.tap(std::string("key.") + c));
    DEMO_TRY(j.tap("tech.pin_submit"));
    DEMO_TRY(j.wait_screen(Screen::technician, 2000));
    DEMO_TRY(j.shot("10-technician"));
    DEMO_TRY(j.tap("tech.exit"));
  }
  return result;
}

void draw_dev_dock(Runtime& runtime) {
  // A developer's tool over the kiosk screen: its own dark colours, so it never passes for kiosk UI and
  // stays readable whatever the kiosk's theme sets; top left, where it covers the least of a journey.
  ImGui::SetNextWindowPos(ImVec2(20, 140), ImGuiCond_Once);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.12f, 0.13f, 0.15f, 0.94f));
  ImGui::PushStyleColor(ImGuiCol_TitleBgActive, ImVec4(0.30f, 0.20f, 0.05f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_TitleBg, ImVec4(0.30f, 0.20f, 0.05f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.95f, 0.95f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.25f, 0.27f, 0.32f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.35f, 0.38f, 0.45f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.55f, 0.40f, 0.10f, 1.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 10));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(10, 6));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 6));
  ImGui::Begin("Dev dock (demo mode)", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextUnformatted("ID card reader (fake SAM module over a pty)");
  for (const auto& p : runtime.personas()) {
    if (ImGui::Button(p.label.c_str())) runtime.present_card(p.id);
  }
  if (ImGui::Button("Remove card")) runtime.remove_card();
  if (ImGui::Button("Unplug reader")) runtime.unplug_reader();
  ImGui::SameLine();
  if (ImGui::Button("Replug reader")) runtime.replug_reader();
  ImGui::Separator();
  ImGui::TextUnformatted("Receipt printer (ESC/POS emulator)");
  for (const char* c : {"ok", "paper_low", "paper_out", "cover_open", "jammed"}) {
    if (ImGui::Button(c)) runtime.set_printer_condition(c);
    ImGui::SameLine();
  }
  ImGui::NewLine();
  if (ImGui::Button("Status silent")) runtime.set_printer_answers_status(false);
  ImGui::SameLine();
  if (ImGui::Button("Status answers")) runtime.set_printer_answers_status(true);
  if (ImGui::Button("Unplug printer")) runtime.set_printer_plugged_in(false);
  ImGui::SameLine();
  if (ImGui::Button("Replug printer")) runtime.set_printer_plugged_in(true);
  ImGui::Separator();
  ImGui::TextUnformatted("A4 printer (CUPS sandbox queue; noticed at the next job, as CUPS does)");
  if (ImGui::Button("Unplug A4 printer")) runtime.set_a4_printer_plugged_in(false);
  ImGui::SameLine();
  if (ImGui::Button("Replug A4 printer")) runtime.set_a4_printer_plugged_in(true);
  ImGui::Separator();
  ImGui::TextUnformatted("Barcode scanner (fake, serial line mode over a pty)");
  if (ImGui::Button("Licence QR")) runtime.scan(drivers::barcode::kSampleLicenceQr);
  ImGui::SameLine();
  const std::string receipt_qr = runtime.last_receipt_qr();
  if (ImGui::Button("Last receipt QR") && !receipt_qr.empty()) runtime.scan(receipt_qr);
  ImGui::SameLine();
  if (ImGui::Button("Unknown code")) runtime.scan(drivers::barcode::kSampleForeignCode);
  if (ImGui::Button("Unplug scanner")) runtime.unplug_scanner();
  ImGui::SameLine();
  if (ImGui::Button("Replug scanner")) runtime.replug_scanner();
  ImGui::End();
  ImGui::PopStyleVar(3);
  ImGui::PopStyleColor(7);
}

}  // namespace zhidui::ui
