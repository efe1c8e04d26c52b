// The shipped prompt file: a prompt for every citizen screen and every important error, none for the
// technician screens, pronunciation fixes applied; and the loader's refusals.
#include <gtest/gtest.h>

#include "kiosk/voice/voice_prompts.h"
#include "zhidui_build_paths.h"

using namespace zhidui::voice;

namespace {
const char* const kCitizenScreens[] = {
    "home", "identify", "policy_list", "search", "policy_detail", "form", "materials", "commitment", "review",
    "submitting", "result", "enterprise_identify", "enterprise_role", "progress", "help", "out_of_service"};
// Every key the session speaks besides screen names (kiosk/session*.cpp: speak(...)).
const char* const kErrors[] = {"card.misplaced",       "card.unrecognised",       "reader.unavailable",
                               "submit.saved_offline", "submit.failed",           "printer.failed",
                               "idle.warning",         "staff_called",            "form.invalid",
                               "enterprise.uscc_invalid", "enterprise.rep_mismatch", "submit.accepted",
                               "printer.a4_failed",    "card.take_back",          "form.not_eligible"};

VoicePrompts shipped() {
  auto p = VoicePrompts::load(std::string(ZHIDUI_SOURCE_DIR) + "/assets/strings/voice-zh-CN.json");
  EXPECT_TRUE(p.ok()) << p.error().message;
  return p.ok() ? std::move(p.value()) : VoicePrompts{};
}
}  // namespace

TEST(VoicePrompts, EveryCitizenScreenAndErrorHasAPrompt) {
  VoicePrompts prompts = shipped();
  for (const char* screen : kCitizenScreens) EXPECT_NE(prompts.screen(screen), nullptr) << screen;
  for (const char* error : kErrors) EXPECT_NE(prompts.error(error), nullptr) << error;
  EXPECT_EQ(prompts.screens().size(), std::size(kCitizenScreens)) << "a prompt for a screen that does not exist";
  EXPECT_EQ(prompts.errors().size(), std::size(kErrors));
}

TEST(VoicePrompts, TechnicianScreensAreSilent) {
  VoicePrompts prompts = shipped();
  EXPECT_EQ(prompts.screen("technician_pin"), nullptr);
  EXPECT_EQ(prompts.screen("technician"), nullptr);
}

TEST(VoicePrompts, PronunciationFixesReplaceWordsBeforeSynthesis) {
  auto p = VoicePrompts::parse(R"({"screens": {"home": "欢迎，欢迎光临"}, "errors": {},
                                   "pronunciations": {"欢迎": "huan1ying2", "欢迎光临": "huan1ying2guang1lin2"}})",
                               "inline");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(*p->screen("home"), "huan1ying2，huan1ying2guang1lin2");
  EXPECT_EQ(p->screens().at("home"), "欢迎，欢迎光临") << "the file's text stays as written";
  EXPECT_EQ(p->speakable("不欢迎"), "不huan1ying2");
}

TEST(VoicePrompts, ShippedFixesAreApplied) {
  VoicePrompts prompts = shipped();
  const std::string* home = prompts.screen("home");
  ASSERT_NE(home, nullptr);
  EXPECT_EQ(home->find("欢迎"), std::string::npos);
  EXPECT_NE(home->find("huan1ying2"), std::string::npos);
}

TEST(VoicePrompts, RefusesMalformedFiles) {
  EXPECT_EQ(VoicePrompts::parse("[1,2]", "x").error().code, "voice.prompts_format");
  EXPECT_EQ(VoicePrompts::parse("{not json", "x").error().code, "voice.prompts_format");
  auto missing = VoicePrompts::parse(R"({"screens": {}})", "x");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("errors"), std::string::npos);
  auto empty = VoicePrompts::parse(R"({"screens": {"home": ""}, "errors": {}})", "x");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("screens.home"), std::string::npos);
  EXPECT_EQ(VoicePrompts::load("/nonexistent/voice.json").error().code, "voice.prompts_open");
}
