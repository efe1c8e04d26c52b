// fs_test.cpp — durable file replacement (base/fs.h): the new contents and mode replace the old in one
// rename, no temporary file is left behind, and a folder that is not there is named in the error.
#include "base/fs.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace zhidui::fs {
namespace {

namespace stdfs = std::filesystem;

struct TempDir {
  stdfs::path path;
  TempDir() {
    char tmpl[] = "/tmp/zhidui-fs-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { stdfs::remove_all(path); }
};

std::string read(const stdfs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Fs, ParentDirOfNamesTheHoldingFolder) {
  EXPECT_EQ(parent_dir_of("/var/lib/zhidui/kiosk.db"), "/var/lib/zhidui");
  EXPECT_EQ(parent_dir_of("/kiosk.db"), "/");
  EXPECT_EQ(parent_dir_of("kiosk.db"), ".");
  EXPECT_EQ(parent_dir_of("var/kiosk.db"), "var");
}

TEST(Fs, ReplaceWritesTheNewContentsWithTheModeAndLeavesNoTemporaryFile) {
  TempDir dir;
  const stdfs::path file = dir.path / "zhidui.toml";
  { std::ofstream(file) << "old contents that are longer than the new ones"; }
  ASSERT_TRUE(replace_file_atomically(file.string(), "new", 0640, "test.io"));
  EXPECT_EQ(read(file), "new");
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  int entries = 0;
  for ([[maybe_unused]] const auto& e : stdfs::directory_iterator(dir.path)) ++entries;
  EXPECT_EQ(entries, 1) << "the temporary file must be renamed over the old one, not left beside it";
}

TEST(Fs, ReplaceCreatesAFileThatWasNotThere) {
  TempDir dir;
  const stdfs::path file = dir.path / "catalog.last-good.json";
  ASSERT_TRUE(replace_file_atomically(file.string(), "{}", 0644, "test.io"));
  EXPECT_EQ(read(file), "{}");
}

TEST(Fs, AMissingFolderIsAnErrorWithTheCallersCodeNamingTheFile) {
  auto replaced = replace_file_atomically("/nonexistent-zhidui-folder/x.toml", "x", 0640, "config.io");
  ASSERT_FALSE(replaced);
  EXPECT_TRUE(replaced.error().is("config.io"));
  EXPECT_NE(replaced.error().message.find("/nonexistent-zhidui-folder/x.toml"), std::string::npos);
  auto synced = fsync_parent_dir("/nonexistent-zhidui-folder/x.toml", "store.io");
  ASSERT_FALSE(synced);
  EXPECT_TRUE(synced.error().is("store.io"));
  EXPECT_NE(synced.error().message.find("/nonexistent-zhidui-folder"), std::string::npos);
}

}  // namespace
}  // namespace zhidui::fs
