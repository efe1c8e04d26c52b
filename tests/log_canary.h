// log_canary.h — issue 8's canary: every test of a binary runs with the kiosk's log also written to a file,
// and when the binary ends the file must hold none of the personal data the tests' personas carry (names,
// ID numbers, phone, bank account, street address). Included by one small file per test binary that logs
// (tests/{kiosk,ui,e2e}/log_canary_test.cpp), which registers it as a global environment.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "base/log.h"
#include "zhidui_build_paths.h"

namespace zhidui::testing {

class LogCanary : public ::testing::Environment {
 public:
  explicit LogCanary(std::string binary) : binary_(std::move(binary)) {}

  void SetUp() override {
    const auto dir = std::filesystem::path(ZHIDUI_BUILD_DIR) / "test-logs";
    std::filesystem::create_directories(dir);
    path_ = (dir / (binary_ + "-" + std::to_string(::getpid()) + ".log")).string();
    std::filesystem::remove(path_);
    log::set_file(path_);
  }

  void TearDown() override {
    log::set_file("");
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    const std::string log = text.str();
    // The personas of the session, UI, golden and end-to-end tests.
    for (const char* canary : {"张伟", "龚喆", "李秀英", "430104199003070015", "430104199803070021",
                               "430302195804120026", "13807310000", "6222021234567890128", "麓山南路932号"}) {
      const auto at = log.find(canary);
      EXPECT_EQ(at, std::string::npos) << "personal data in the log (" << path_ << "): "
                                       << log.substr(log.rfind('\n', at) + 1, log.find('\n', at) - log.rfind('\n', at));
    }
    if (!::testing::UnitTest::GetInstance()->Failed()) std::filesystem::remove(path_);
  }

 private:
  std::string binary_;
  std::string path_;
};

}  // namespace zhidui::testing
