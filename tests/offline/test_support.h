// test_support.h — helpers shared by the offline tests: a temporary folder removed at the end, reading a
// Result without ending the whole test run when it holds an error, and a child process killed with
// SIGKILL at a chosen moment (the crash tests of the store and of key rotation).
#pragma once

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>

#include "base/result.h"
#include "base/uuid.h"
#include "offline/store.h"
#include "offline/sync_engine.h"

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

// A sync engine against a platform-sim on loopback, for tests that drain in seconds: short timeouts and
// backoff, no status pull, batches of 50. The store is <dir>/kiosk.db sealed with <dir>/field.key.
inline SyncConfig quick_sync_config(const std::string& dir, const std::string& url, const std::string& token,
                                    const std::string& kiosk_id) {
  SyncConfig c;
  c.db_path = dir + "/kiosk.db";
  c.key_path = dir + "/field.key";
  c.platform.base_url = url;
  c.platform.kiosk_id = kiosk_id;
  c.platform.token = token;
  c.platform.connect_timeout_ms = 1000;
  c.platform.total_timeout_ms = 5000;
  c.backoff_base_ms = 20;
  c.backoff_cap_ms = 200;
  c.offline_probe_cap_ms = 200;
  c.status_pull_interval_ms = 0;
  c.batch_max_items = 50;
  return c;
}

// An application of a made-up applicant, with a fresh UUID; the caller gives the upload body.
inline NewApplication made_up_application(const std::string& created_at = "2025-01-01T08:00:00Z") {
  NewApplication app;
  app.uuid = make_uuid_v4();
  app.policy_id = "hn-employment-subsidy";
  app.policy_title = "一次性创业补贴";
  app.created_at = created_at;
  app.personal = {"测试用户", "430102199001011234", "长沙", "13800000000", "6222000000001234"};
  return app;
}

inline StoredApplication app_or_fail(Store& store, const std::string& uuid) {
  auto app = value_or_fail(store.application(uuid));
  if (!app) {
    ADD_FAILURE() << "no application " << uuid;
    return {};
  }
  return std::move(*app);
}

// Runs `child(fd)` in a forked process, where it writes progress lines to `fd` and never returns, kills it
// with SIGKILL `after` the fork, and returns what it wrote (a child that ends early has stopped writing:
// its last line says why). Empty on a failed pipe or fork, which is also recorded as a test failure.
inline std::string output_of_child_killed_after(const std::function<void(int fd)>& child,
                                                std::chrono::microseconds after) {
  int fds[2];
  if (::pipe(fds) != 0) {
    ADD_FAILURE() << "pipe failed";
    return {};
  }
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ADD_FAILURE() << "fork failed";
    return {};
  }
  if (pid == 0) {
    ::close(fds[0]);
    child(fds[1]);
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string received;
  char buf[4096];
  const auto kill_at = std::chrono::steady_clock::now() + after;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(kill_at - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, int(left.count())) > 0) {
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;  // the child ended on its own
      received.append(buf, size_t(n));
    }
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) received.append(buf, size_t(n));
  ::close(fds[0]);
  return received;
}

}  // namespace zhidui::offline
