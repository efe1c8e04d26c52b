// dev_dock.h — the developer's dock (demo mode only): a small window over the kiosk screen that drives the
// simulated devices (runtime/simulated_devices.h) as a person at the hardware would: present a persona's
// card or take it away, pull and put back cables, run the printer out of paper, scan a code.
#pragma once

#include "runtime/runtime.h"

namespace zhidui::ui {

// Draws the dock for one frame; nothing when the runtime has real devices.
void draw_dev_dock(Runtime& runtime);

}  // namespace zhidui::ui
