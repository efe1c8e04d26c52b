// voice_prompts.h — the spoken prompts (assets/strings/voice-zh-CN.json): one per screen, one per
// important error, and pronunciation fixes applied before synthesis.
//
// Spoken prompts are a separate file from the screen texts because speech is not the screen read
// aloud: it is shorter, warmer, and says what to do ("请把身份证平放在感应区") where the screen shows it.
// A screen without a prompt (the technician screens) is silent on purpose.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace zhidui::voice {

class VoicePrompts {
 public:
  // Errors: "voice.prompts_open", "voice.prompts_format" (the message names the key or field).
  static Result<VoicePrompts> load(const std::string& path);
  static Result<VoicePrompts> parse(std::string_view json_text, const std::string& origin);

  // The prompt of a screen, keyed by its name (to_string(Screen)), ready to synthesise (pronunciation
  // fixes applied); nullptr when the screen has no voice.
  const std::string* screen(std::string_view screen_name) const;
  // The prompt of an important error (card.misplaced, submit.saved_offline…), ready to synthesise.
  const std::string* error(std::string_view error_key) const;

  // text with every pronunciation fix applied (longest word first), for text not from this file.
  std::string speakable(std::string_view text) const;

  // As written in the file (before pronunciation fixes): for listing and for the voice-prompts WAVs.
  const std::map<std::string, std::string, std::less<>>& screens() const { return screens_; }
  const std::map<std::string, std::string, std::less<>>& errors() const { return errors_; }

 private:
  std::map<std::string, std::string, std::less<>> screens_, errors_;
  std::map<std::string, std::string, std::less<>> spoken_screens_, spoken_errors_;
  std::vector<std::pair<std::string, std::string>> pronunciations_;  // longest word first
};

}  // namespace zhidui::voice
