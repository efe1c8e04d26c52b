// strings.cpp — see strings.h.
#include "kiosk/strings.h"

#include <cassert>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/log.h"

namespace zhidui {
namespace {
std::unique_ptr<Strings> g_strings;
}

Result<Strings> Strings::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error("strings.open", "cannot open strings file " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  auto json = nlohmann::json::parse(buf.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object())
    return make_error("strings.parse", path + ": not a JSON object");
  Strings s;
  for (auto& [key, value] : json.items()) {
    if (key.starts_with("_")) continue;  // comments
    if (!value.is_string()) return make_error("strings.type", path + ": value of '" + key + "' is not a string");
    s.texts_.emplace(key, value.get<std::string>());
  }
  return s;
}

Result<Strings> Strings::load_all(const std::vector<std::string>& paths) {
  Strings merged;
  std::map<std::string, std::string, std::less<>> origin;
  for (const auto& path : paths) {
    auto one = load(path);
    if (!one.ok()) return one.error();
    for (auto& [key, text] : one.value().texts_) {
      if (auto it = origin.find(key); it != origin.end())
        return make_error("strings.duplicate", "text key '" + key + "' is defined in both " + it->second + " and " + path);
      origin.emplace(key, path);
      merged.texts_.emplace(key, std::move(text));
    }
  }
  return merged;
}

Result<Strings> Strings::load_kiosk(const std::string& assets_dir) {
  return load_all({assets_dir + "/strings/zh-CN.json", assets_dir + "/strings/keyboard-zh-CN.json"});
}

const std::string& Strings::get(std::string_view key) const {
  auto it = texts_.find(key);
  if (it != texts_.end()) return it->second;
  static thread_local std::string missing;
  missing = "[[" + std::string(key) + "]]";
  log::error("strings", "missing text for key " + std::string(key));
  assert(false && "text key missing from assets/strings/zh-CN.json");
  return missing;
}

bool Strings::has(std::string_view key) const { return texts_.find(key) != texts_.end(); }

std::string Strings::format(std::string_view key, const std::vector<std::pair<std::string, std::string>>& args) const {
  std::string out = get(key);
  for (const auto& [name, value] : args) {
    std::string token = "{" + name + "}";
    for (size_t pos = out.find(token); pos != std::string::npos; pos = out.find(token, pos + value.size()))
      out.replace(pos, token.size(), value);
  }
  return out;
}

void install_strings(Strings strings) { g_strings = std::make_unique<Strings>(std::move(strings)); }

const Strings& strings() {
  assert(g_strings && "install_strings() must run before any text is looked up");
  return *g_strings;
}

}  // namespace zhidui
