// voice_prompts.cpp — loading and checking assets/strings/voice-zh-CN.json.
#include "kiosk/voice/voice_prompts.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace zhidui::voice {

namespace {
using Table = std::map<std::string, std::string, std::less<>>;

Result<Table> read_table(const nlohmann::json& root, const char* field, const std::string& origin) {
  auto it = root.find(field);
  if (it == root.end() || !it->is_object())
    return make_error("voice.prompts_format", origin + ": \"" + field + "\" must be an object");
  Table out;
  for (auto& [key, value] : it->items()) {
    if (!value.is_string() || value.get<std::string>().empty())
      return make_error("voice.prompts_format", origin + ": " + field + "." + key + " must be a non-empty string");
    out.emplace(key, value.get<std::string>());
  }
  return out;
}
}  // namespace

Result<VoicePrompts> VoicePrompts::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error("voice.prompts_open", "cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path);
}

Result<VoicePrompts> VoicePrompts::parse(std::string_view json_text, const std::string& origin) {
  nlohmann::json root = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object())
    return make_error("voice.prompts_format", origin + ": not a JSON object");
  VoicePrompts prompts;
  auto screens = read_table(root, "screens", origin);
  if (!screens.ok()) return screens.error();
  auto errors = read_table(root, "errors", origin);
  if (!errors.ok()) return errors.error();
  prompts.screens_ = std::move(screens.value());
  prompts.errors_ = std::move(errors.value());
  if (root.contains("pronunciations")) {
    auto fixes = read_table(root, "pronunciations", origin);
    if (!fixes.ok()) return fixes.error();
    prompts.pronunciations_.assign(fixes->begin(), fixes->end());
    std::stable_sort(prompts.pronunciations_.begin(), prompts.pronunciations_.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  }
  for (const auto& [key, text] : prompts.screens_) prompts.spoken_screens_.emplace(key, prompts.speakable(text));
  for (const auto& [key, text] : prompts.errors_) prompts.spoken_errors_.emplace(key, prompts.speakable(text));
  return prompts;
}

const std::string* VoicePrompts::screen(std::string_view screen_name) const {
  auto it = spoken_screens_.find(screen_name);
  return it == spoken_screens_.end() ? nullptr : &it->second;
}

const std::string* VoicePrompts::error(std::string_view error_key) const {
  auto it = spoken_errors_.find(error_key);
  return it == spoken_errors_.end() ? nullptr : &it->second;
}

std::string VoicePrompts::speakable(std::string_view text) const {
  std::string out(text);
  // Longest first, and a replaced span is never searched again (pinyin contains no Chinese word), so
  // overlapping fixes cannot interfere.
  for (const auto& [word, pinyin] : pronunciations_) {
    for (size_t at = out.find(word); at != std::string::npos; at = out.find(word, at + pinyin.size()))
      out.replace(at, word.size(), pinyin);
  }
  return out;
}

}  // namespace zhidui::voice
