// pump_until.h — for tests that drive a real Runtime from the test thread: hands what the workers (devices,
// store, sync) sent to the session, as the UI thread does each frame, until `done` or the limit.
#pragma once

#include <chrono>
#include <thread>

#include "runtime/runtime.h"

namespace zhidui::testing {

template <typename Done>
bool pump_until(Runtime& runtime, Done done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    for (Event& e : runtime.events().drain()) runtime.session().handle(e, 0);
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace zhidui::testing
