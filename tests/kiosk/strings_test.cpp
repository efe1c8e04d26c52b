// Loading the kiosk's text tables: several files merge into one, and a key defined twice is refused
// with both file names rather than one text silently shadowing the other.
#include "kiosk/strings.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include "zhidui_build_paths.h"

namespace fs = std::filesystem;
using namespace zhidui;

namespace {
std::string write_temp(const std::string& name, const std::string& json) {
  auto path = fs::temp_directory_path() / ("zhidui-strings-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path) << json;
  return path.string();
}
}  // namespace

TEST(Strings, SeveralFilesMergeIntoOneTable) {
  auto a = write_temp("a.json", R"({"_comment": "x", "home.title": "首页"})");
  auto b = write_temp("b.json", R"({"keyboard.delete": "删除"})");
  auto s = Strings::load_all({a, b});
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->get("home.title"), "首页");
  EXPECT_EQ(s->get("keyboard.delete"), "删除");
  EXPECT_FALSE(s->has("_comment"));
  fs::remove(a);
  fs::remove(b);
}

TEST(Strings, AKeyDefinedTwiceIsRefusedNamingBothFiles) {
  auto a = write_temp("dup-a.json", R"({"home.title": "首页"})");
  auto b = write_temp("dup-b.json", R"({"home.title": "主页"})");
  auto s = Strings::load_all({a, b});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "strings.duplicate");
  EXPECT_NE(s.error().message.find(a), std::string::npos);
  EXPECT_NE(s.error().message.find(b), std::string::npos);
  fs::remove(a);
  fs::remove(b);
}

TEST(Strings, TheShippedTablesLoadWithoutClashes) {
  auto s = Strings::load_kiosk(std::string(ZHIDUI_SOURCE_DIR) + "/assets");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_TRUE(s->has("home.title"));
  EXPECT_TRUE(s->has("keyboard.delete"));
}
