// The real UI, headless, driven through the input layer by widget name (never coordinates), with
// in-memory services behind the session. Screens are written as PNGs for a person to look at.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "kiosk/catalog.h"
#include "kiosk/event_queue.h"
#include "kiosk/input/pinyin_ime.h"
#include "kiosk/session.h"
#include "kiosk/strings.h"
#include "ui/app.h"
#include "zhidui_build_paths.h"

using namespace zhidui;

namespace {

class AppJourney : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Strings::load_kiosk(std::string(ZHIDUI_SOURCE_DIR) + "/assets");
    ASSERT_TRUE(s.ok());
    install_strings(std::move(s.value()));
    auto c = load_catalog(std::string(ZHIDUI_SOURCE_DIR) + "/assets/catalog/catalog.json");
    ASSERT_TRUE(c.ok());
    catalog = std::move(c.value());
    SessionServices sv;
    sv.technician_pin_hash = TechnicianAuth::kDemoPinHash;  // PIN 135790
    sv.save_async = [this](offline::NewApplication a) {
      saved.push_back(a.uuid);
      events.push(ev::SubmitSaved{a.uuid, Ok{}});
    };
    sv.wake_sync = [this] {
      events.push(ev::Sync{{offline::SyncEvent::Kind::acknowledged, saved.back(), "HN20261125000007", ""}});
    };
    sv.print_receipt_async = [this](ReceiptData r, bool test) {
      events.push(ev::ReceiptPrinted{r.uuid, std::string("mem"), test});
    };
    sv.now_iso_utc = [] { return std::string("2026-11-25T03:00:00Z"); };
    sv.now_local = [] { return std::string("2026-11-25 11:00"); };
    sv.kiosk_id = "K1";
    sv.speak = [this](std::string key) { spoken.push_back(std::move(key)); };
    SessionConfig cfg;
    if (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()).find("Idle") != std::string::npos) {
      cfg.idle_timeout_ms = 2500;  // a short session, so the countdown and the wipe happen in the test
      cfg.idle_warning_ms = 2000;
    }
    session = std::make_unique<Session>(catalog, sv, cfg);
    app = std::make_unique<ui::App>(*session, events);
    ui::AppOptions opts;
    opts.headless = true;
    for (const auto& item : catalog.items) {
      opts.extra_texts.push_back(item.title);
      opts.extra_texts.push_back(item.guide.beneficiaries);
    }
    ASSERT_TRUE(app->init(opts).ok());
    out = std::string(ZHIDUI_BUILD_DIR) + "/test-screens";
    std::filesystem::create_directories(out);
  }
  void shot(const std::string& name) { ASSERT_TRUE(app->screenshot(out + "/" + name + ".png").ok()); }

  Catalog catalog;
  EventQueue events;
  std::vector<std::string> saved;
  std::vector<std::string> spoken;  // prompt keys handed to voice guidance
  std::unique_ptr<Session> session;
  std::unique_ptr<ui::App> app;
  std::string out;
};

Identity rare_name_person() {
  Identity id;
  id.name = "龚喆";  // 喆 is in no base set: it must be added to the atlas at run time
  id.id_number = "430104199003070015";
  id.address = "湖南省长沙市岳麓区麓山南路932号";
  return id;
}

// 下一步 on the form; every undecided material brought later (容缺); 确认提交 on the review screen.
void submit_through_review(ui::App& app, const Session& s) {
  ASSERT_TRUE(app.tap("form.next"));
  if (s.screen() == Screen::materials) {
    for (const auto& m : s.materials()) {
      if (m.handling == MaterialHandling::undecided) {
        ASSERT_TRUE(app.tap("material." + m.material->id + "." + std::to_string(int(MaterialHandling::later))));
      }
    }
    ASSERT_TRUE(app.tap("materials.next"));
  }
  ASSERT_EQ(s.screen(), Screen::review);
  ASSERT_TRUE(app.tap("review.submit"));
}

}  // namespace

TEST_F(AppJourney, CitizenAppliesByTappingWidgetsByName) {
  app->run_frames(2);
  shot("home");
  ASSERT_TRUE(app->tap("home.citizen"));
  EXPECT_EQ(session->screen(), Screen::identify);
  events.push(ev::CardInserted{rare_name_person()});
  app->run_frames(2);
  ASSERT_EQ(session->screen(), Screen::policy_list);
  shot("policy-list");
  ASSERT_TRUE(app->tap("policy.cs-rlzy-ycxcybt"));
  ASSERT_EQ(session->screen(), Screen::policy_detail);
  ASSERT_TRUE(app->tap("detail.apply"));
  ASSERT_EQ(session->screen(), Screen::form);
  for (char c : std::string("13807310000")) ASSERT_TRUE(app->tap(std::string("key.") + c));
  EXPECT_EQ(session->fields()[3].value, "13807310000");
  shot("form");
  submit_through_review(*app, *session);
  app->run_frames(3);
  EXPECT_EQ(session->submit_phase(), SubmitPhase::accepted);
  EXPECT_EQ(session->acceptance_no(), "HN20261125000007");
  shot("result");
  ASSERT_TRUE(app->tap("result.finish"));
  EXPECT_EQ(session->screen(), Screen::home);
  EXPECT_FALSE(session->has_personal_data());
}

// Issue 7: an 85-year-old does a whole 免申即享 application in 长辈模式 with taps only — name and ID number
// from the card, the payment account as 是/否, the 户口簿 fetched as an electronic licence — and every
// screen is spoken on arrival. No key of any keyboard is touched.
TEST_F(AppJourney, AnElderlyCitizenAppliesInElderModeFromCardToReceiptWithoutTyping) {
  app->run_frames(2);
  ASSERT_TRUE(app->tap("home.elder"));
  ASSERT_TRUE(session->elder_mode());
  Identity elder = rare_name_person();
  elder.id_number = "430104194003070020";
  elder.birth_date = "19400307";
  events.push(ev::CardInserted{elder});
  app->run_frames(2);
  ASSERT_EQ(session->screen(), Screen::policy_list);
  shot("elder-policy-list");
  ASSERT_TRUE(app->tap("policy.hn-mz-gljt"));
  ASSERT_EQ(session->screen(), Screen::policy_detail);
  ASSERT_TRUE(session->eligibility());
  EXPECT_EQ(session->eligibility()->verdict, Verdict::eligible);
  ASSERT_TRUE(app->tap("detail.apply"));
  ASSERT_EQ(session->screen(), Screen::form);
  shot("elder-form");
  ASSERT_TRUE(app->tap("choice.pay_to_social_card.0"));  // 是
  ASSERT_TRUE(app->tap("form.next"));
  ASSERT_EQ(session->screen(), Screen::materials) << "the form asked for more than a tap";
  EXPECT_TRUE(session->materials_complete()) << "the 户口簿 should come as an electronic licence";
  ASSERT_TRUE(app->tap("materials.next"));
  ASSERT_EQ(session->screen(), Screen::review);
  ASSERT_TRUE(app->tap("review.submit"));
  app->run_frames(3);
  ASSERT_EQ(session->screen(), Screen::result);
  EXPECT_EQ(session->submit_phase(), SubmitPhase::accepted);
  EXPECT_EQ(session->print_outcome(), PrintOutcome::printed);
  EXPECT_TRUE(session->elder_mode());
  shot("elder-result");
  for (const char* screen : {"policy_list", "policy_detail", "form", "materials", "review", "result"})
    EXPECT_NE(std::find(spoken.begin(), spoken.end(), screen), spoken.end()) << screen << " was not spoken";
  ASSERT_TRUE(app->tap("result.finish"));
  EXPECT_EQ(session->screen(), Screen::home);
  EXPECT_FALSE(session->elder_mode()) << "长辈模式 is for one session";
  EXPECT_FALSE(session->has_personal_data());
}

TEST_F(AppJourney, DraggingScrollsWithoutClicking) {
  events.push(ev::CardInserted{rare_name_person()});
  app->run_frames(3);
  ASSERT_EQ(session->screen(), Screen::policy_list);
  auto first = app->widgets().find("policy.cs-rlzy-ycxcybt");
  ASSERT_TRUE(first);
  // Press on the first policy, drag up 120 px, release: a scroll, not a selection.
  app->input().pointer_down(first->cx(), first->cy());
  for (int i = 1; i <= 6; ++i) app->input().pointer_move(first->cx(), first->cy() - float(i) * 20);
  app->input().pointer_up(first->cx(), first->cy() - 120);
  while (app->input().busy()) app->frame();
  app->run_frames(2);
  EXPECT_EQ(session->screen(), Screen::policy_list);
}

TEST_F(AppJourney, TwoQuickSwipesScrollTwiceAndNeverBack) {
  events.push(ev::CardInserted{rare_name_person()});
  app->run_frames(3);
  ASSERT_EQ(session->screen(), Screen::policy_list);
  auto before = app->widgets().all();
  auto first = app->widgets().find("policy.cs-rlzy-ycxcybt");
  ASSERT_TRUE(first);
  // Two swipes of 120 px, the second pressed before the first has settled, as a hurried finger does.
  for (int swipe = 0; swipe < 2; ++swipe) {
    app->input().pointer_down(first->cx(), first->cy());
    for (int i = 1; i <= 6; ++i) app->input().pointer_move(first->cx(), first->cy() - float(i) * 20);
    app->input().pointer_up(first->cx(), first->cy() - 120);
  }
  while (app->input().busy()) app->frame();
  app->run_frames(2);
  int compared = 0;
  for (const auto& [name, r] : app->widgets().all()) {
    auto was = before.find(name);
    if (!name.starts_with("policy.") || was == before.end()) continue;
    EXPECT_NEAR(was->second.y0 - r.y0, 240.0f, 30.0f) << name;
    ++compared;
  }
  EXPECT_GT(compared, 0);
  EXPECT_EQ(session->screen(), Screen::policy_list);
}

TEST_F(AppJourney, TheNextPersonFindsTheListAtTheTop) {
  events.push(ev::CardInserted{rare_name_person()});
  app->run_frames(3);
  auto first = app->widgets().find("policy.cs-rlzy-ycxcybt");
  ASSERT_TRUE(first);
  app->input().pointer_down(first->cx(), first->cy());
  for (int i = 1; i <= 6; ++i) app->input().pointer_move(first->cx(), first->cy() - float(i) * 40);
  app->input().pointer_up(first->cx(), first->cy() - 240);
  while (app->input().busy()) app->frame();
  app->run_frames(3);
  ASSERT_FALSE(app->widgets().find("policy.cs-rlzy-ycxcybt")) << "the drag did not scroll the list";
  session->apply(act::GoHome{}, 0);
  app->run_frames(3);
  events.push(ev::CardInserted{rare_name_person()});
  app->run_frames(4);
  ASSERT_EQ(session->screen(), Screen::policy_list);
  auto again = app->widgets().find("policy.cs-rlzy-ycxcybt");
  ASSERT_TRUE(again);
  EXPECT_FLOAT_EQ(again->y0, first->y0);
}

TEST_F(AppJourney, RareCharactersOfANameAreAddedToTheAtlasBetweenFrames) {
  events.push(ev::CardInserted{rare_name_person()});
  app->run_frames(2);
  // Check through the same glyph table the renderer uses.
  EXPECT_NE(ImGui::GetIO().FontDefault->FindGlyphNoFallback(ImWchar(U'喆')), nullptr);
}

TEST(SelfCheck, PassesForTheShippedTextsAndFailsForAnUncoveredCharacter) {
  auto s = Strings::load_kiosk(std::string(ZHIDUI_SOURCE_DIR) + "/assets");
  ASSERT_TRUE(s.ok());
  std::vector<std::pair<std::string, std::string>> texts;
  for (const auto& [k, v] : s->all()) texts.emplace_back(k, v);
  EXPECT_TRUE(ui::self_check_glyphs(texts).empty());
  texts.emplace_back("test.thai", "กรุณา");         // a script Noto Sans CJK does not cover
  texts.emplace_back("test.astral", "\xF0\xA0\x80\x80");  // U+20000: outside the 16-bit ImWchar
  auto problems = ui::self_check_glyphs(texts);
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems.front().find("test.thai"), std::string::npos);
  EXPECT_NE(problems.back().find("U+20000"), std::string::npos);
}

TEST_F(AppJourney, DeviceStatesShowAsOutOfServiceAndAsAPrinterBanner) {
  drivers::DeviceStatus printer;
  printer.device_class = drivers::DeviceClass::receipt_printer;
  printer.state = drivers::DeviceState::user_error;
  printer.severity = drivers::Severity::error;
  events.push(ev::DeviceChanged{printer});
  app->run_frames(3);
  EXPECT_EQ(session->screen(), Screen::home);
  shot("home-printer-degraded");
  drivers::DeviceStatus reader;
  reader.device_class = drivers::DeviceClass::id_reader;
  reader.state = drivers::DeviceState::offline;
  reader.severity = drivers::Severity::error;
  events.push(ev::DeviceChanged{reader});
  app->run_frames(3);
  EXPECT_EQ(session->screen(), Screen::out_of_service);
  EXPECT_FALSE(app->widgets().find("home.citizen"));
  shot("out-of-service");
}

TEST_F(AppJourney, IdleCountdownThenWipe) {
  events.push(ev::CardInserted{rare_name_person()});
  app->run_frames(2);
  ASSERT_EQ(session->screen(), Screen::policy_list);
  ASSERT_TRUE(app->wait_until([&] { return session->idle_seconds_left(app->now_ms()).has_value(); }, 3000));
  EXPECT_TRUE(app->widgets().find("common.keepalive"));
  shot("idle-countdown");
  ASSERT_TRUE(app->wait_until([&] { return session->screen() == Screen::home; }, 4000));
  EXPECT_FALSE(session->has_personal_data());
  EXPECT_TRUE(session->identity().name.empty());
}

TEST_F(AppJourney, AnApplicantOverTheAgeLimitIsToldWhyAndCannotApply) {
  Identity elder = rare_name_person();
  elder.id_number = "430302195804120027";  // born 1958: over 60 on any date the sample catalog is open
  elder.birth_date = "19580412";
  events.push(ev::CardInserted{elder});
  app->run_frames(2);
  ASSERT_TRUE(app->tap("policy.cs-rlzy-ycxcybt"));
  ASSERT_EQ(session->screen(), Screen::policy_detail);
  ASSERT_TRUE(session->eligibility());
  EXPECT_EQ(session->eligibility()->verdict, Verdict::not_eligible);
  ASSERT_FALSE(session->eligibility()->failed_zh.empty());
  EXPECT_NE(session->eligibility()->failed_zh[0].find("16至60周岁"), std::string::npos)
      << session->eligibility()->failed_zh[0];
  EXPECT_FALSE(app->widgets().find("detail.apply"));
  shot("policy-detail-not-eligible");
  ASSERT_TRUE(app->tap("detail.other_policies"));
  EXPECT_EQ(session->screen(), Screen::policy_list);
}

TEST_F(AppJourney, TechnicianLongPressPinLockoutAndPanel) {
  app->run_frames(2);
  auto corner = app->widgets().find("tech.corner");
  ASSERT_TRUE(corner);
  // A plain tap on the corner does nothing.
  ASSERT_TRUE(app->tap("tech.corner"));
  EXPECT_EQ(session->screen(), Screen::home);
  // Holding it for 3 s opens the PIN screen.
  app->input().pointer_down(corner->cx(), corner->cy());
  ASSERT_TRUE(app->wait_until([&] { return session->screen() == Screen::technician_pin; }, 5000));
  app->input().pointer_up(corner->cx(), corner->cy());
  while (app->input().busy()) app->frame();
  auto enter = [&](const std::string& pin) {
    for (char c : pin) ASSERT_TRUE(app->tap(std::string("key.") + c));
    ASSERT_TRUE(app->tap("tech.pin_submit"));
  };
  enter("1111");
  EXPECT_EQ(session->pin_message(), tr("tech.pin_wrong"));
  enter("2222");
  enter("3333");  // the third wrong PIN locks
  EXPECT_NE(session->pin_message().find("30"), std::string::npos) << session->pin_message();
  shot("technician-pin-locked");
  enter("135790");  // right, but locked: still refused
  EXPECT_EQ(session->screen(), Screen::technician_pin);
  EXPECT_EQ(session->pin_length(), 0u);
}

TEST_F(AppJourney, TechnicianTakesTheKioskOutOfServiceAndBack) {
  session->apply(act::OpenTechnician{}, app->now_ms());
  app->run_frames(2);
  for (char c : std::string("135790")) ASSERT_TRUE(app->tap(std::string("key.") + c));
  ASSERT_TRUE(app->tap("tech.pin_submit"));
  ASSERT_EQ(session->screen(), Screen::technician);
  shot("technician-panel");
  ASSERT_TRUE(app->tap("tech.toggle_service"));
  EXPECT_TRUE(session->taken_out_of_service());
  ASSERT_TRUE(app->tap("tech.exit"));
  EXPECT_EQ(session->screen(), Screen::out_of_service);
  session->apply(act::OpenTechnician{}, app->now_ms());
  app->run_frames(2);
  for (char c : std::string("135790")) ASSERT_TRUE(app->tap(std::string("key.") + c));
  ASSERT_TRUE(app->tap("tech.pin_submit"));
  ASSERT_TRUE(app->tap("tech.toggle_service"));
  ASSERT_TRUE(app->tap("tech.exit"));
  EXPECT_EQ(session->screen(), Screen::home);
}

TEST_F(AppJourney, APoorRatingNeedsAReasonBeforeItIsSaved) {
  std::vector<std::pair<std::string, std::string>> rated;
  // Re-create the session with a rating service (the fixture's has none).
  app.reset();
  SessionServices sv;
  sv.technician_pin_hash = TechnicianAuth::kDemoPinHash;  // PIN 135790
  sv.save_async = [this](offline::NewApplication a) {
    saved.push_back(a.uuid);
    events.push(ev::SubmitSaved{a.uuid, Ok{}});
  };
  sv.wake_sync = [this] {
    if (!saved.empty())
      events.push(ev::Sync{{offline::SyncEvent::Kind::acknowledged, saved.back(), "HN20261125000008", ""}});
  };
  sv.save_rating_async = [&](std::string uuid, std::string body) {
    rated.emplace_back(uuid, body);
    events.push(ev::RatingSaved{uuid, Ok{}});
  };
  sv.print_receipt_async = [this](ReceiptData r, bool test) {
      events.push(ev::ReceiptPrinted{r.uuid, std::string("mem"), test});
    };
  sv.now_iso_utc = [] { return std::string("2026-11-25T03:00:00Z"); };
  sv.now_local = [] { return std::string("2026-11-25 11:00"); };
  sv.kiosk_id = "K1";
  session = std::make_unique<Session>(catalog, sv);
  app = std::make_unique<ui::App>(*session, events);
  // The optional comment is typed in pinyin on the kiosk's keyboard.
  const std::string rime_dir = out + "/rime-rating";
  input::PinyinIme ime(input::PinyinImeOptions{.data_dir = rime_dir});
  ASSERT_EQ(ime.wait_until_prepared(), input::ImeState::ready) << ime.error();
  ui::AppOptions opts;
  opts.headless = true;
  opts.pinyin = &ime;
  ASSERT_TRUE(app->init(opts).ok());

  events.push(ev::CardInserted{rare_name_person()});
  app->run_frames(2);
  ASSERT_TRUE(app->tap("policy.cs-rlzy-ycxcybt"));
  ASSERT_TRUE(app->tap("detail.apply"));
  for (char c : std::string("13807310000")) ASSERT_TRUE(app->tap(std::string("key.") + c));
  submit_through_review(*app, *session);
  app->run_frames(3);
  ASSERT_EQ(session->submit_phase(), SubmitPhase::accepted);
  ASSERT_TRUE(app->tap("rating.2"));
  EXPECT_EQ(session->rating_phase(), RatingPhase::choosing_reasons);
  EXPECT_FALSE(app->widgets().find("rating.submit"));  // no reason yet: nothing to submit
  EXPECT_TRUE(rated.empty());
  ASSERT_TRUE(app->tap("rating.reason.complex"));
  shot("result-rating-reasons");
  ASSERT_TRUE(app->tap("rating.comment"));
  ASSERT_TRUE(session->rating_comment_focused());
  for (char c : std::string("fuza")) ASSERT_TRUE(app->tap(std::string("kb.key.") + c)) << c;
  auto cands = ime.candidates();
  auto it = std::find_if(cands.begin(), cands.end(), [](const auto& c) { return c.text == "复杂"; });
  ASSERT_NE(it, cands.end());
  app->run_frames(2);
  ASSERT_TRUE(app->tap("kb.cand." + std::to_string(it->index)));
  EXPECT_EQ(session->rating_comment(), "复杂");
  shot("result-rating-comment");
  ASSERT_TRUE(app->tap("rating.comment"));  // tapped again: the keyboard goes away
  EXPECT_FALSE(session->rating_comment_focused());
  ASSERT_TRUE(app->tap("rating.submit"));
  app->run_frames(2);
  EXPECT_EQ(session->rating_phase(), RatingPhase::saved);
  ASSERT_EQ(rated.size(), 1u);
  EXPECT_EQ(rated[0].first, saved.back());
  auto body = nlohmann::json::parse(rated[0].second);
  EXPECT_EQ(body["level"], 2);
  EXPECT_EQ(body["reasons"][0], tr("rating.reason.complex"));
  EXPECT_EQ(body["comment"], "复杂");
  shot("result-rated");
  app.reset();  // its keyboard refers to `ime`, which goes first
}

TEST_F(AppJourney, ATechnicianRenamesTheHallInPinyinOnThePanel) {
  // The hall's name is the one line of the configuration in Chinese: its editor offers the pinyin keyboard.
  std::vector<std::pair<std::string, std::string>> saved_settings;
  app.reset();
  SessionServices sv;
  sv.technician_pin_hash = TechnicianAuth::kDemoPinHash;  // PIN 135790
  sv.technician_snapshot = [] {
    TechnicianSnapshot t;
    t.settings_saved_to_file = true;
    t.text_settings = {{"kiosk.id", "HN-CS-0001", false}, {"kiosk.hall", "岳麓区政务服务中心", false}};
    return t;
  };
  sv.set_text_setting = [&](const std::string& key, const std::string& value) -> Result<std::string> {
    saved_settings.emplace_back(key, value);
    return value;
  };
  sv.save_async = [](offline::NewApplication) {};
  sv.print_receipt_async = [](ReceiptData, bool) {};
  sv.now_iso_utc = [] { return std::string("2026-11-25T03:00:00Z"); };
  sv.now_local = [] { return std::string("2026-11-25 11:00"); };
  session = std::make_unique<Session>(catalog, sv);
  app = std::make_unique<ui::App>(*session, events);
  input::PinyinIme ime(input::PinyinImeOptions{.data_dir = out + "/rime-technician"});
  ASSERT_EQ(ime.wait_until_prepared(), input::ImeState::ready) << ime.error();
  ui::AppOptions opts;
  opts.headless = true;
  opts.pinyin = &ime;
  ASSERT_TRUE(app->init(opts).ok());

  session->apply(act::OpenTechnician{}, app->now_ms());
  app->run_frames(2);
  for (char c : std::string("135790")) ASSERT_TRUE(app->tap(std::string("key.") + c));
  ASSERT_TRUE(app->tap("tech.pin_submit"));
  session->apply(act::EditSetting{"kiosk.hall"}, app->now_ms());  // its 修改 is further down the panel
  app->run_frames(2);
  ASSERT_TRUE(session->setting_edit());
  EXPECT_FALSE(app->widgets().find("kb.ascii.a")) << "a Chinese name is not typed on the ASCII keyboard";
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(app->tap("kb.key.backspace"));
  for (char c : std::string("yuhuaqu")) ASSERT_TRUE(app->tap(std::string("kb.key.") + c)) << c;
  auto cands = ime.candidates();
  auto it = std::find_if(cands.begin(), cands.end(), [](const auto& c) { return c.text == "雨花区"; });
  ASSERT_NE(it, cands.end());
  app->run_frames(2);
  ASSERT_TRUE(app->tap("kb.cand." + std::to_string(it->index)));
  EXPECT_EQ(session->setting_edit()->text, "雨花区");
  shot("technician-edit-hall");
  ASSERT_TRUE(app->tap("tech.save"));
  ASSERT_EQ(saved_settings.size(), 1u);
  EXPECT_EQ(saved_settings[0], (std::pair<std::string, std::string>{"kiosk.hall", "雨花区"}));
  EXPECT_FALSE(session->setting_edit());
  EXPECT_TRUE(session->restart_needed());
  app->run_frames(2);
  ASSERT_TRUE(app->tap("tech.restart"));
  EXPECT_TRUE(session->restart_requested());
  app.reset();  // its keyboard refers to `ime`, which goes first
}
