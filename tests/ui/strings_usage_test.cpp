// Every text key the code uses exists in assets/strings/zh-CN.json, and no user-facing Chinese is
// written inline in code (so the strings file really holds everything a person reads).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "base/utf8.h"
#include "kiosk/strings.h"
#include "zhidui_build_paths.h"

namespace fs = std::filesystem;
using namespace zhidui;

namespace {
std::vector<fs::path> sources() {
  std::vector<fs::path> out;
  for (const char* dir : {"ui", "kiosk"})
    for (auto& e : fs::recursive_directory_iterator(fs::path(ZHIDUI_SOURCE_DIR) / dir))
      if (e.path().extension() == ".cpp" || e.path().extension() == ".h") out.push_back(e.path());
  return out;
}
std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}
}  // namespace

TEST(StringsUsage, EveryKeyUsedInCodeExists) {
  auto s = Strings::load_kiosk(std::string(ZHIDUI_SOURCE_DIR) + "/assets");
  ASSERT_TRUE(s.ok());
  // tr("key") and format("key", …): the text keys. (Widget names are not text keys.)
  std::regex use(R"re((?:tr|format)\s*\(\s*"([a-z0-9_]+\.[a-z0-9_.]*[a-z0-9_])")re");
  int checked = 0;
  for (const auto& p : sources()) {
    std::string src = read(p);
    for (std::sregex_iterator it(src.begin(), src.end(), use), end; it != end; ++it) {
      std::string key = (*it)[1];
      EXPECT_TRUE(s->has(key)) << p.filename() << " uses missing text key " << key;
      ++checked;
    }
  }
  EXPECT_GT(checked, 40);
}

TEST(StringsUsage, NoInlineChineseInCode) {
  // Separators between texts (full-width punctuation) are allowed; words are not.
  const std::u32string allowed = U"（）：，·、…";
  for (const auto& p : sources()) {
    // The glyph base set and the line-breaking tables are character lists, not texts.
    if (p.filename() == "fonts.cpp" || p.filename() == "line_break.cpp") continue;
    std::istringstream lines(read(p));
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
      ++n;
      auto comment = line.find("//");
      std::string code = line.substr(0, comment);
      bool in_string = false;
      for (size_t i = 0; i < code.size(); ++i) {
        if (code[i] == '"' && (i == 0 || code[i - 1] != '\\')) in_string = !in_string;
        if (!in_string || static_cast<unsigned char>(code[i]) < 0x80) continue;
        size_t end = i;
        while (end < code.size() && static_cast<unsigned char>(code[end]) >= 0x80) ++end;
        for (char32_t c : utf8::decode(code.substr(i, end - i)))
          EXPECT_NE(allowed.find(c), std::u32string::npos)
              << p.filename() << ":" << n << " has inline text; move it to assets/strings/zh-CN.json";
        i = end - 1;
      }
    }
  }
}
