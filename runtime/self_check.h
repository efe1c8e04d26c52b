// self_check.h — `zhidui-kiosk --self-check`: after installing, or after changing the configuration, the
// technician asks the kiosk itself whether it is ready for service. Each line names one thing (the
// configuration, the data folder, the key, the queue, the catalog, the input engines, the voice, each
// device, the platform) as ok / warn / FAIL with what is wrong in words a technician can act on. Any FAIL
// means the kiosk would not serve (or would serve without something it needs). The glyph check needs the
// font, so it lives in ui/ and main adds its line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "offline/platform_client.h"

namespace zhidui {

class Runtime;

struct SelfCheckLine {
  enum class Level { ok, warn, fail };
  Level level = Level::ok;
  std::string subject;  // "configuration", "id_reader", "platform"…
  std::string detail;   // English (the technician's language here); never personal data
};

struct SelfCheckOptions {
  // The platform to probe with one read-only request (the runtime itself is started without it, so that
  // a self-check never uploads anything); empty base_url: not configured.
  offline::PlatformConfig platform;
  int64_t device_wait_ms = 5000;  // how long devices get to report their first status
};

std::vector<SelfCheckLine> run_self_check(Runtime& runtime, const SelfCheckOptions& options);

// One line per check ("ok    id_reader      online: …"), continuation lines indented.
std::string format_self_check(const std::vector<SelfCheckLine>& lines);
bool self_check_passed(const std::vector<SelfCheckLine>& lines);

}  // namespace zhidui
