// strings.h — every user-facing text, loaded from assets/strings/zh-CN.json.
//
// Code refers to texts by stable keys (tr("home.title")), never by inline Chinese literals, so that one
// file holds everything a person reads or hears: the glyph atlas and --self-check are built from it, and
// a test checks that every key used in the code exists.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace zhidui {

class Strings {
 public:
  static Result<Strings> load(const std::string& path);
  // Several files as one table (zh-CN.json, keyboard-zh-CN.json); a key defined twice is an error
  // naming both files, so one text never silently shadows another.
  static Result<Strings> load_all(const std::vector<std::string>& paths);
  // Every text file the kiosk ships in <assets>/strings/.
  static Result<Strings> load_kiosk(const std::string& assets_dir);

  // The text for key; a missing key is a programming error (asserts) and shows as [[key]].
  const std::string& get(std::string_view key) const;
  bool has(std::string_view key) const;
  // get(key) with {name} placeholders replaced.
  std::string format(std::string_view key, const std::vector<std::pair<std::string, std::string>>& args) const;
  const std::map<std::string, std::string, std::less<>>& all() const { return texts_; }

 private:
  std::map<std::string, std::string, std::less<>> texts_;
};

// The process-wide table, installed once at start-up (and by tests).
void install_strings(Strings strings);
const Strings& strings();
inline const std::string& tr(std::string_view key) { return strings().get(key); }

}  // namespace zhidui
