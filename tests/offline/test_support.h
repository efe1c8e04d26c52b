// test_support.h — helpers shared by the offline tests: a temporary folder removed at the end, and
// reading a Result without ending the whole test run when it holds an error.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "kiosk/base/result.h"
#include "offline/store.h"

namespace zhidui::offline {

class TempDir {
 public:
  TempDir() : TempDir(std::filesystem::temp_directory_path().string()) {}
  explicit TempDir(const std::string& parent) {
    std::string pattern = parent + "/zhidui-test-XXXXXX";
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr) << "mkdtemp failed";
    if (made) path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Result::value() on an error asserts, which would end the whole test run instead of failing one
// test; these record the failure and go on with an empty value.
template <class T>
T value_or_fail(Result<T> r) {
  if (!r.ok()) {
    ADD_FAILURE() << r.error().code << ": " << r.error().message;
    return T{};
  }
  return std::move(r).value();
}

inline StoredApplication app_or_fail(Store& store, const std::string& uuid) {
  auto app = value_or_fail(store.application(uuid));
  if (!app) {
    ADD_FAILURE() << "no application " << uuid;
    return {};
  }
  return std::move(*app);
}

}  // namespace zhidui::offline
