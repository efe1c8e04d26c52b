// demo_journey.cpp — see demo_journey.h.
#include "ui/demo_journey.h"

#include <filesystem>

#include "base/log.h"
#include "runtime/simulated_devices.h"

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

}  // namespace

Result<DemoResult> run_demo_journey(App& app, Runtime& runtime, const std::string& screens_dir) {
  std::error_code ec;
  std::filesystem::create_directories(screens_dir, ec);
  Journey j(app, screens_dir);
  Session& s = app.session();
  app.run_frames(3);
  ZHIDUI_TRY(j.shot("01-home"));
  ZHIDUI_TRY(j.tap("home.citizen"));
  ZHIDUI_TRY(j.wait_screen(Screen::identify, 2000));
  ZHIDUI_TRY(j.shot("02-identify"));

  // The demo runs on the simulated devices: a card is presented on the fake reader.
  SimulatedDevices* devices = runtime.simulated();
  if (!devices || devices->personas().empty())
    return make_error("demo.devices", "the demo journey needs the simulated devices (demo mode)");
  devices->present_card(devices->personas().front().id);
  ZHIDUI_TRY(j.wait_screen(Screen::policy_list, 10000));
  ZHIDUI_TRY(j.shot("03-policy-list"));

  auto offered = s.offered_policies();
  if (offered.empty()) return make_error("demo.catalog", "no policy offered to the demo citizen");
  ZHIDUI_TRY(j.tap("policy." + offered.front()->id));
  ZHIDUI_TRY(j.wait_screen(Screen::policy_detail, 2000));
  ZHIDUI_TRY(j.shot("04-policy-detail"));
  ZHIDUI_TRY(j.tap("detail.apply"));
  ZHIDUI_TRY(j.wait_screen(Screen::form, 2000));
  ZHIDUI_TRY(j.shot("05-form"));
  if (app.widgets().find("field.phone")) {
    ZHIDUI_TRY(j.tap("field.phone"));
    for (char c : std::string("13807310000")) ZHIDUI_TRY(j.tap(std::string("key.") + c));
  }
  ZHIDUI_TRY(j.shot("06-form-filled"));
  ZHIDUI_TRY(j.tap("form.next"));
  if (s.screen() == Screen::materials) {
    // Whatever the demo citizen must still decide is brought later (容缺): the receipt lists it.
    for (const auto& m : s.materials())
      if (m.handling == MaterialHandling::undecided)
        ZHIDUI_TRY(j.tap("material." + m.material->id + "." + std::to_string(int(MaterialHandling::later))));
    ZHIDUI_TRY(j.shot("07-materials"));
    ZHIDUI_TRY(j.tap("materials.next"));
  }
  ZHIDUI_TRY(j.wait_screen(Screen::review, 2000));
  ZHIDUI_TRY(j.shot("08-review"));
  ZHIDUI_TRY(j.tap("review.submit"));
  if (!app.wait_until([&] { return s.submit_phase() != SubmitPhase::saving; }, 10000))
    return make_error("demo.submit", "the store did not answer within 10 s");
  if (s.submit_phase() == SubmitPhase::failed) return make_error("demo.submit", "the application was not saved");
  // The platform answers in milliseconds on loopback; the session itself gives up waiting after its
  // own deadline and says "saved, uploads later" — the demo reports whichever happened.
  app.wait_until([&] { return s.submit_phase() == SubmitPhase::accepted || s.submit_phase() == SubmitPhase::saved_offline; },
                 30000);
  app.wait_until([&] { return s.print_outcome() != PrintOutcome::printing; }, 15000);
  ZHIDUI_TRY(j.shot("09-result"));
  if (app.widgets().find("rating.5")) {
    ZHIDUI_TRY(j.tap("rating.5"));
    app.wait_until([&] { return s.rating_phase() == RatingPhase::saved || s.rating_phase() == RatingPhase::failed; },
                   5000);
  }

  DemoResult result;
  result.screens_dir = screens_dir;
  result.acceptance_no = s.acceptance_no();
  result.uuid = s.application_uuid();
  result.receipt_file = devices->last_receipt_file();
  devices->remove_card();
  ZHIDUI_TRY(j.tap("result.finish"));
  ZHIDUI_TRY(j.wait_screen(Screen::home, 2000));

  // The technician's view of the same kiosk: hold the header corner, enter the demo PIN (only a kiosk
  // without its own PIN accepts it; a demo kiosk that has one keeps its panel to itself).
  auto corner = app.widgets().find("tech.corner");
  if (corner && runtime.options().config.technician_pin_hash.empty() && runtime.options().allow_demo_pin) {
    app.input().pointer_down(corner->cx(), corner->cy());
    bool opened = app.wait_until([&] { return s.screen() == Screen::technician_pin; }, 6000);
    app.input().pointer_up(corner->cx(), corner->cy());
    while (app.input().busy()) app.frame();
    if (!opened) return make_error("demo.technician", "the long press did not open the PIN screen");
    for (char c : std::string("135790")) ZHIDUI_TRY(j.tap(std::string("key.") + c));
    ZHIDUI_TRY(j.tap("tech.pin_submit"));
    ZHIDUI_TRY(j.wait_screen(Screen::technician, 2000));
    ZHIDUI_TRY(j.shot("10-technician"));
    ZHIDUI_TRY(j.tap("tech.exit"));
  }
  return result;
}

}  // namespace zhidui::ui
