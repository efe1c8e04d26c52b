// private_cupsd.h — the A4 printer's fake: a real cupsd of our own, in a temporary folder.
//
// Not a mock of libcups: a real /usr/sbin/cupsd process (run in the foreground, as a child) with its own
// configuration, spool and one raw queue whose backend (zhidui-pdf) writes each job to
// <dir>/pdf/job-<id>.pdf. The kiosk's CupsA4Printer talks to it exactly as to a hall's print server,
// over the unix socket <dir>/cups.sock (and optionally a loopback port). The sandbox is laid out by
// `tools/cups-sandbox.sh prepare` from the templates in tools/cups-sandbox/, the same files a developer
// gets from `tools/cups-sandbox.sh run`, so configuration lives in one place.
//
// Faults are real CUPS conditions, produced the way a printer or staff would produce them: the queue
// paused (IPP Pause-Printer, as cupsdisable), not accepting jobs (cupsreject), deleted, new jobs held
// (job-hold-until-default),
// the backend reporting paper out or the printer offline (STATE: +media-empty-error, queue stops),
// the backend failing a job (aborted), a job too slow to finish, and cupsd itself stopped.
//
// As root, cupsd switches to lp for filters (the backend, mode 0700, runs as root); as a normal user,
// everything runs as that user, as in CUPS's own test suite.
// cupsd gets SIGTERM when the thread that started it exits: start it on a long-lived thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"

namespace zhidui::drivers::a4_printer {

struct PrivateCupsdOptions {
  // tools/cups-sandbox.sh; empty: $ZHIDUI_CUPS_SANDBOX, else the source tree's copy (found from the
  // baked-in assets folder).
  std::string sandbox_script;
  // Where the sandbox lives; empty: a new folder under /tmp, removed again by the destructor.
  std::string dir;
  std::string queue = "zhidui-a4";
  bool listen_tcp = false;  // also listen on 127.0.0.1:<a free port>
  std::chrono::milliseconds start_timeout{20000};
};

// What the zhidui-pdf backend does with the next jobs (see tools/cups-sandbox/zhidui-pdf).
enum class BackendFault { none, media_empty, offline, abort, slow };

// Sets the fault of a sandbox laid out by tools/cups-sandbox.sh in `sandbox_dir` (the folder of its
// cups.sock), whoever started its cupsd: the dev dock of `make run` unplugs the A4 printer this way.
Status set_sandbox_backend_fault(const std::string& sandbox_dir, const std::string& queue, BackendFault fault);

class PrivateCupsd {
 public:
  // Lays out the sandbox, starts cupsd and waits until the queue answers. Errors: "a4.sandbox_prepare"
  // (script missing or failed), "a4.sandbox_start" (cupsd exited or did not answer in time; the
  // message has the end of its error_log).
  static Result<std::unique_ptr<PrivateCupsd>> start(PrivateCupsdOptions options = {});
  ~PrivateCupsd();  // stops cupsd (SIGTERM, then SIGKILL after 5 s) and removes a temporary folder
  PrivateCupsd(const PrivateCupsd&) = delete;
  PrivateCupsd& operator=(const PrivateCupsd&) = delete;

  // The server string for CupsA4Config::server: the unix socket path.
  const std::string& server() const { return socket_; }
  // "127.0.0.1:<port>" when started with listen_tcp, else "".
  std::string tcp_server() const;
  const std::string& queue() const { return options_.queue; }
  const std::string& dir() const { return dir_; }
  std::string output_dir() const;
  std::string output_for_job(int job_id) const;   // <dir>/pdf/job-<id>.pdf (exists once the job completed)
  std::vector<std::string> output_files() const;  // every job-*.pdf, by job id
  std::string error_log() const;                  // cupsd's error_log, for failure messages

  // Faults. Each returns once cupsd has accepted the change.
  Status pause_queue();   // printer-state stopped, reason paused (cupsdisable)
  Status resume_queue();  // cupsenable; also clears reasons a stopped backend left behind
  Status reject_jobs();   // cupsreject
  Status accept_jobs();   // cupsaccept
  Status delete_queue();  // the queue no longer exists
  Status recreate_queue();
  Status hold_new_jobs(bool hold);  // job-hold-until-default indefinite / no-hold: new jobs wait as held
  Status set_backend_fault(BackendFault fault);
  Status cancel_all_jobs();

  // Stops cupsd now (the "cupsd not running" fault); the folder stays until destruction.
  void stop();
  bool running() const { return pid_ > 0; }

 private:
  explicit PrivateCupsd(PrivateCupsdOptions options) : options_(std::move(options)) {}
  Status printer_operation(int operation, const std::string& what);

  PrivateCupsdOptions options_;
  std::string dir_;
  std::string socket_;
  bool remove_dir_ = false;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace zhidui::drivers::a4_printer
