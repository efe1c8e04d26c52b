// worker.h — the two shapes of worker thread the kiosk needs, written once (issue 16) instead of by hand
// in every class that owns a thread (a thread, a mutex, a condition variable, a stop flag, a wake, a join):
//
//   JobThread   a queue of jobs run one after another, in the order posted (the store, the services,
//               the voice). The destructor runs what is already queued, then joins.
//   PollThread  a loop of rounds with a wait between them (a device that must be polled, a port to
//               watch). A round says how long to wait before the next; poke() cuts the wait short,
//               stop() ends the loop and joins.
//
// Both name their thread (top -H, /proc/<pid>/task/*/comm) so an idle wakeup can be attributed. A
// PollThread waits on an eventfd rather than a condition variable, so a round can block on its own file
// descriptor (a serial port, a pty) with wait_readable() and still be woken at once by poke() or
// stop(): a device thread then wakes when a byte arrives, never on a timer slice (issue 20).
//
// Jobs and rounds must not throw (no exception may cross a thread) and must not call stop() on their
// own thread (asserted).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace zhidui {

class JobThread {
 public:
  explicit JobThread(std::string name);  // starts the thread
  ~JobThread();                          // runs the jobs already posted, then joins
  JobThread(const JobThread&) = delete;
  JobThread& operator=(const JobThread&) = delete;

  void post(std::function<void()> job);

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after everything above is constructed
};

class PollThread {
 public:
  // A round's answer: wait this long (ms) before the next round; 0 runs it at once.
  static constexpr int kUntilPoked = -1;  // no timer at all: the next round comes with poke() or a job

  explicit PollThread(std::string name);
  ~PollThread();  // stop()
  PollThread(const PollThread&) = delete;
  PollThread& operator=(const PollThread&) = delete;

  // Runs round() on the thread until stop(). Asserts when already running.
  void start(std::function<int()> round);
  // The next round now: a waiting thread wakes, a busy one runs another round as soon as this one ends.
  void poke();
  // Ends the loop (a wait in progress is cut short; a round in progress runs to its end, so it should
  // watch stopping()) and joins. Nothing when not running; start() may be called again afterwards.
  void stop();
  bool running() const { return thread_.joinable(); }

  // Runs job on the thread between two rounds and returns once it has run (the thread that owns a file
  // descriptor is the only one that closes it). Runs it at once when the thread is not running, or when
  // called from a round.
  void run_between_rounds(std::function<void()> job);

  // For the round. stopping() is raised by stop(), to give long waits inside a round as a cancel flag.
  const std::atomic<bool>& stopping() const { return stopping_; }
  enum class Woken { readable, poked, timed_out };
  // Waits until fd is readable (a hangup or an error counts: the read that follows says which), a
  // poke() or stop() comes, or timeout_ms passes (kUntilPoked: no timeout). A poke is consumed; fd -1
  // waits for a poke or the timeout alone.
  Woken wait_readable(int fd, int timeout_ms);

 private:
  void run();
  void run_jobs();

  const std::string name_;
  int wake_fd_ = -1;  // eventfd; -1 only when the process is out of descriptors (then waits are capped)
  std::function<int()> round_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::thread::id> own_id_{};  // the thread's id while run() runs
  std::mutex mutex_;
  std::condition_variable job_done_;
  std::deque<std::function<void()>> jobs_;
  uint64_t jobs_posted_ = 0, jobs_done_ = 0;
  bool accepting_jobs_ = false;  // the thread runs, and will run a job posted now
  std::thread thread_;
};

}  // namespace zhidui
