// technician_settings.h — the configuration as the technician panel reads and edits it: the snapshot the
// panel shows (queue, dead letters, settings, recent log) and the edits it makes, saved to the
// configuration file atomically before they apply (runtime/config.h: save_config_edit). Here, not in the
// composition root, so that every panel edit lives in one file named for it.
//
// Runs on the UI thread (the session calls it through SessionServices). Settings that a running kiosk can
// change (volume, idle timeout, the wait for the acceptance number, required devices) apply at once; the
// others (identity, platform, ports, orientation, network timeouts) at the next start, which the panel
// offers (act::RestartKiosk).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "kiosk/session.h"
#include "offline/store.h"
#include "runtime/runtime_config.h"

namespace zhidui {

class TechnicianSettings {
 public:
  // `options` is the run's (edits that apply now update it); `read_store` may be null (no queue shown);
  // `set_voice_volume` applies a new volume to the voice guide, if one speaks.
  TechnicianSettings(RuntimeOptions& options, const std::vector<std::string>& startup_problems,
                     offline::Store* read_store, std::function<void(int)> set_voice_volume);

  // The session is made after this object (its services call into it): attach it before the first call.
  void attach(Session& session) { session_ = &session; }

  TechnicianSnapshot snapshot() const;

  // A line of the configuration edited on the panel's keyboard (identity, platform, ports): saved to the
  // file only; it takes effect at the next start. Returns what the panel shows (a secret only as set).
  Result<std::string> set_text_setting(const std::string& key, const std::string& value);

  // A setting stepped or toggled on the panel: "voice_volume", "idle_seconds" and "platform_wait_seconds"
  // step by `delta`; "required.<device class>" requires it (delta > 0) or not; "orientation" flips;
  // "platform_connect_timeout_seconds" / "platform_total_timeout_seconds" step for the next start.
  Result<std::string> change_setting(const std::string& key, int delta);

 private:
  std::vector<std::pair<std::string, std::string>> settings_shown() const;
  Status edit_config_file(const std::function<Status(KioskConfig&)>& change);
  Result<std::string> change_platform_timeout(const std::string& key, int delta);

  RuntimeOptions& options_;
  const std::vector<std::string>& startup_problems_;
  offline::Store* read_store_;
  std::function<void(int)> set_voice_volume_;
  Session* session_ = nullptr;
};

}  // namespace zhidui
