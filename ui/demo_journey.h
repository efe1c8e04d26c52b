// demo_journey.h — the built-in demo: one citizen application from the home screen to the receipt,
// driven through the input layer by widget name, with a PNG of every screen. `make run` without a
// display runs it; the end-to-end test runs it against a real platform-sim.
#pragma once

#include <string>

#include "base/result.h"
#include "runtime/runtime.h"
#include "ui/app.h"

namespace zhidui::ui {

struct DemoResult {
  std::string screens_dir;
  std::string acceptance_no;  // empty when the platform did not acknowledge in time
  std::string uuid;
  std::string receipt_file;
};

Result<DemoResult> run_demo_journey(App& app, Runtime& runtime, const std::string& screens_dir);

}  // namespace zhidui::ui
