// run_record_test.cpp — crash-loop detection (runtime/run_record.h): runs that end cleanly never count;
// three unclean exits within ten minutes are a loop, older ones are forgotten, a technician's forgiveness
// clears it, and a damaged record or a clock set back does not invent one.
#include "runtime/run_record.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>


namespace zhidui {
namespace {

namespace fs = std::filesystem;

class RunRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("zhidui-run-record-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // A run that started at `now` and was killed (never ended).
  RunRecord crash_at(int64_t now) {
    auto r = RunRecord::begin(dir_.string(), now);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return std::move(r.value());
  }
  fs::path dir_;
};

TEST_F(RunRecordTest, CleanRunsNeverCount) {
  for (int64_t t = 1000; t < 1010; ++t) {
    auto r = RunRecord::begin(dir_.string(), t);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->unclean_exits().empty());
    ASSERT_TRUE(r->end_cleanly().ok());
  }
}

TEST_F(RunRecordTest, ThreeUncleanExitsWithinTenMinutesAreALoop) {
  crash_at(1000);                                          // first start: nothing before it
  EXPECT_EQ(crash_at(1060).unclean_exits().size(), 1u);    // found the 1000 run killed
  EXPECT_TRUE(crash_at(1120).crash_loop().empty());        // two
  RunRecord fourth = crash_at(1180);                       // three: a loop
  EXPECT_EQ(fourth.unclean_exits().size(), 3u);
  EXPECT_NE(fourth.crash_loop().find("3 times in the last 2 minutes"), std::string::npos) << fourth.crash_loop();
  // The record is the kiosk's own: owner-only.
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "run-record").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(RunRecordTest, OldExitsAreForgottenAndACleanEndDoesNotClearALoop) {
  crash_at(1000);
  crash_at(1010);
  crash_at(1020);
  // Half an hour later: the two unclean exits so far are outside the window.
  RunRecord later = crash_at(1020 + 1800);
  EXPECT_EQ(later.unclean_exits().size(), 1u);  // only the one just found
  EXPECT_TRUE(later.crash_loop().empty());

  crash_at(4000);
  crash_at(4010);
  RunRecord looping = crash_at(4020);
  ASSERT_FALSE(looping.crash_loop().empty());
  ASSERT_TRUE(looping.end_cleanly().ok());      // the paused kiosk stopped by systemctl stop
  auto again = RunRecord::begin(dir_.string(), 4030);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->crash_loop().empty());    // still paused: only a technician clears it
  ASSERT_TRUE(again->forgive().ok());
  ASSERT_TRUE(again->end_cleanly().ok());
  auto forgiven = RunRecord::begin(dir_.string(), 4040);
  ASSERT_TRUE(forgiven.ok());
  EXPECT_TRUE(forgiven->crash_loop().empty());
  EXPECT_TRUE(forgiven->unclean_exits().empty());
}

TEST_F(RunRecordTest, ADamagedRecordOrAClockSetBackInventsNothing) {
  std::ofstream(dir_ / "run-record") << "garbage\n\x01\x02 nonsense\nunclean notanumber\n";
  auto r = RunRecord::begin(dir_.string(), 5000);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->crash_loop().empty());
  ASSERT_TRUE(r->end_cleanly().ok());

  // Three unclean exits recorded "in the future" (the clock was then set back a year): not trusted.
  std::ofstream(dir_ / "run-record", std::ios::trunc) << "ended 40000000\nunclean 40000000\nunclean 40000010\nunclean 40000020\n";
  auto back = RunRecord::begin(dir_.string(), 40000000 - 365 * 86400);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->crash_loop().empty());
  EXPECT_TRUE(back->unclean_exits().empty());
}

}  // namespace
}  // namespace zhidui
