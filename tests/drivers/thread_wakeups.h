// thread_wakeups.h — how often a named thread of this process has been scheduled in so far (the third
// field of /proc/self/task/<tid>/schedstat): an idle thread's count does not move. Worker threads are
// named by base/worker.h.
#pragma once

#include <dirent.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

namespace zhidui::test_support {

inline std::optional<uint64_t> thread_wakeups(const std::string& name) {
  DIR* tasks = ::opendir("/proc/self/task");
  if (!tasks) return std::nullopt;
  std::optional<uint64_t> found;
  while (dirent* entry = ::readdir(tasks)) {
    const std::string dir = std::string("/proc/self/task/") + entry->d_name;
    std::string comm;
    std::getline(std::ifstream(dir + "/comm"), comm);
    if (comm != name) continue;
    uint64_t run_ns = 0, wait_ns = 0, slices = 0;
    if (std::ifstream(dir + "/schedstat") >> run_ns >> wait_ns >> slices) found = slices;
    break;
  }
  ::closedir(tasks);
  return found;
}

// How often the thread woke while the caller slept for `window`; nullopt when there is no such thread.
inline std::optional<uint64_t> wakeups_during(const std::string& name, std::chrono::milliseconds window) {
  const auto before = thread_wakeups(name);
  std::this_thread::sleep_for(window);
  const auto after = thread_wakeups(name);
  if (!before || !after) return std::nullopt;
  return *after - *before;
}

}  // namespace zhidui::test_support
