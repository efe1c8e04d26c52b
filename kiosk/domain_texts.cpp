// domain_texts.cpp — loading and filling the domain-output templates (see domain_texts.h).
#include "kiosk/domain_texts.h"

#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include "zhidui_build_paths.h"

namespace zhidui {
namespace {

using TextTable = std::map<std::string, std::string, std::less<>>;

Result<TextTable> read_table(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("domain_texts.open", "cannot open " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  auto j = nlohmann::json::parse(buf.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return make_error("domain_texts.invalid", path + ": not a JSON object");
  TextTable table;
  for (auto& [k, v] : j.items())
    if (v.is_string()) table[k] = v.get<std::string>();
  return table;
}

std::mutex g_mutex;
TextTable& table() {
  // Loaded on first use from the built-in assets folder; load_domain_texts() can replace it.
  static TextTable t = [] {
    auto r = read_table(std::string(ZHIDUI_ASSETS_DIR) + "/strings/eligibility-zh-CN.json");
    return r.ok() ? std::move(r.value()) : TextTable{};
  }();
  return t;
}

}  // namespace

std::string domain_text(std::string_view key, const TemplateArgs& args) {
  std::string text;
  {
    std::lock_guard lock(g_mutex);
    auto& t = table();
    auto it = t.find(key);
    if (it == t.end()) return "[[" + std::string(key) + "]]";
    text = it->second;
  }
  for (const auto& [name, value] : args) {
    const std::string placeholder = "{" + name + "}";
    for (size_t pos = text.find(placeholder); pos != std::string::npos;
         pos = text.find(placeholder, pos + value.size()))
      text.replace(pos, placeholder.size(), value);
  }
  return text;
}

bool has_domain_text(std::string_view key) {
  std::lock_guard lock(g_mutex);
  return table().count(key) > 0;
}

std::vector<std::pair<std::string, std::string>> all_domain_texts() {
  std::lock_guard lock(g_mutex);
  return {table().begin(), table().end()};
}

Status load_domain_texts(const std::string& path) {
  auto r = read_table(path);
  if (!r.ok()) return r.error();
  std::lock_guard lock(g_mutex);
  table() = std::move(r.value());
  return Ok{};
}

}  // namespace zhidui
