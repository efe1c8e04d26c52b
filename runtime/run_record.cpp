// run_record.cpp — see run_record.h. The file is a few lines of text:
//   running 1764900000        (or "ended 1764900000": the state of the last run and when it started)
//   unclean 1764899000        (one line per unclean exit still within the window)
#include "runtime/run_record.h"

#include <fstream>
#include <sstream>

#include "base/fs.h"
#include "base/log.h"

namespace zhidui {
namespace {

// Allowance for a clock that steps a little backwards (NTP) without dropping what it recorded.
constexpr int64_t kClockSlackS = 120;

std::string minutes(int64_t s) { return std::to_string((s + 59) / 60); }

}  // namespace

Result<RunRecord> RunRecord::begin(const std::string& data_dir, int64_t now_s, RunRecordPolicy policy) {
  RunRecord r;
  r.path_ = data_dir + "/run-record";
  r.started_s_ = now_s;
  bool previous_running = false;
  std::ifstream in(r.path_);
  std::string line;
  while (in && std::getline(in, line)) {
    std::istringstream fields(line);
    std::string word;
    int64_t at = 0;
    if (!(fields >> word >> at)) {
      log::warn("run", "ignoring an unreadable line of " + r.path_);
      continue;
    }
    if (word == "running") previous_running = true;
    else if (word == "unclean") r.unclean_.push_back(at);
  }
  if (previous_running) {
    r.unclean_.push_back(now_s);
    log::warn("run", "the previous run did not end cleanly (crash, watchdog or power cut)");
  }
  std::erase_if(r.unclean_, [&](int64_t t) { return t < now_s - policy.loop_window_s || t > now_s + kClockSlackS; });
  if (int(r.unclean_.size()) >= policy.loop_exits) {
    r.crash_loop_ = "crash loop: the kiosk stopped unexpectedly " + std::to_string(r.unclean_.size()) +
                    " times in the last " + minutes(now_s - r.unclean_.front()) +
                    " minutes (see journalctl -u zhidui-kiosk); it pauses service until a technician puts it back";
    log::error("run", r.crash_loop_);
  }
  if (Status s = r.write(true); !s) return s.error();
  return r;
}

Status RunRecord::write(bool running) const {
  std::ostringstream text;
  text << (running ? "running " : "ended ") << started_s_ << "\n";
  for (int64_t t : unclean_) text << "unclean " << t << "\n";
  return fs::replace_file_atomically(path_, text.str(), 0600, "run_record.io");
}

Status RunRecord::end_cleanly() { return write(false); }

Status RunRecord::forgive() {
  unclean_.clear();
  crash_loop_.clear();
  log::warn("run", "unclean exits forgiven by the technician");
  return write(true);
}

}  // namespace zhidui
