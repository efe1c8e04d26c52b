// run_record.h — does the kiosk keep dying? A small file in the data folder (run-record) notes that a run
// started and, at a clean stop, that it ended. A start that finds the previous run never ended counts an
// unclean exit (a crash, the watchdog's SIGKILL, a power cut). Three unclean exits within ten minutes is
// a crash loop: the kiosk then starts in 暂停服务 and stays up — so systemd stops restarting it and the
// technician panel can say why — until a technician puts it back into service, which forgives them.
// Wall-clock seconds, because the steady clock starts again at every boot; times the clock cannot have
// seen (after a clock set back) are dropped rather than trusted.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace zhidui {

struct RunRecordPolicy {
  int loop_exits = 3;           // this many unclean exits…
  int64_t loop_window_s = 600;  // …within this many seconds is a crash loop
};

class RunRecord {
 public:
  // Reads <data_dir>/run-record (a missing or unreadable one is a fresh start, logged), counts the previous
  // run if it did not end, and records this one as running (written atomically). "run_record.io" when
  // the file cannot be written; the kiosk then runs without crash-loop detection.
  static Result<RunRecord> begin(const std::string& data_dir, int64_t now_s, RunRecordPolicy policy = {});

  // The crash loop found by begin(), as one sentence for the technician (English); empty when none.
  const std::string& crash_loop() const { return crash_loop_; }
  // Unclean exits within the window, oldest first (wall-clock seconds).
  const std::vector<int64_t>& unclean_exits() const { return unclean_; }

  // This run ends cleanly (the main loop returned).
  Status end_cleanly();
  // A technician put the kiosk back into service: the unclean exits so far are forgiven.
  Status forgive();

 private:
  Status write(bool running) const;
  std::string path_;
  int64_t started_s_ = 0;
  std::vector<int64_t> unclean_;
  std::string crash_loop_;
};

}  // namespace zhidui
