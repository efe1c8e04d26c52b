// worker.cpp — see worker.h.
#include "base/worker.h"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdint>

#include "base/log.h"

namespace zhidui {
namespace {

// Without an eventfd (the process ran out of descriptors) nothing can cut a wait short: waits are then
// capped at this, so stop() and poke() are still noticed, late.
constexpr int kFallbackWaitMs = 100;

void name_thread(std::thread& thread, const std::string& name) {
  // The kernel keeps 15 characters.
  pthread_setname_np(thread.native_handle(), name.substr(0, 15).c_str());
}

}  // namespace

// --- JobThread -------------------------------------------------------------------------------------------

JobThread::JobThread(std::string name) : thread_([this] { run(); }) { name_thread(thread_, name); }

JobThread::~JobThread() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void JobThread::post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_all();
}

void JobThread::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left to run
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

// --- PollThread ------------------------------------------------------------------------------------------

PollThread::PollThread(std::string name) : name_(std::move(name)) {
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) log::error("worker", name_ + ": no eventfd, waits are capped at 100 ms");
}

PollThread::~PollThread() {
  stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void PollThread::start(std::function<int()> round) {
  assert(!thread_.joinable() && "PollThread::start() while it is running");
  round_ = std::move(round);
  stopping_ = false;
  {
    std::lock_guard lock(mutex_);
    accepting_jobs_ = true;
  }
  thread_ = std::thread([this] { run(); });
  name_thread(thread_, name_);
}

void PollThread::poke() {
  if (wake_fd_ < 0) return;
  const uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

void PollThread::stop() {
  if (!thread_.joinable()) return;
  assert(std::this_thread::get_id() != thread_.get_id() && "PollThread::stop() called from its own thread");
  stopping_ = true;
  poke();
  thread_.join();
}

void PollThread::run_between_rounds(std::function<void()> job) {
  if (own_id_.load() == std::this_thread::get_id()) {  // from a round: waiting for itself would never end
    job();
    return;
  }
  std::unique_lock lock(mutex_);
  if (!accepting_jobs_) {
    lock.unlock();
    job();
    return;
  }
  jobs_.push_back(std::move(job));
  const uint64_t ticket = ++jobs_posted_;
  poke();
  job_done_.wait(lock, [&] { return jobs_done_ >= ticket; });
}

void PollThread::run() {
  own_id_ = std::this_thread::get_id();
  for (;;) {
    run_jobs();
    if (stopping_) break;
    const int wait_ms = round_();
    if (stopping_) break;
    if (wait_ms != 0) wait_readable(-1, wait_ms);
  }
  {
    std::lock_guard lock(mutex_);
    accepting_jobs_ = false;
  }
  run_jobs();  // what was posted before the door closed still runs, so every caller returns
  own_id_ = std::thread::id();
}

void PollThread::run_jobs() {
  for (;;) {
    std::function<void()> job;
    {
      std::lock_guard lock(mutex_);
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
    {
      std::lock_guard lock(mutex_);
      ++jobs_done_;
    }
    job_done_.notify_all();
  }
}

PollThread::Woken PollThread::wait_readable(int fd, int timeout_ms) {
  if (wake_fd_ < 0 && (timeout_ms < 0 || timeout_ms > kFallbackWaitMs)) timeout_ms = kFallbackWaitMs;
  pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {fd, POLLIN, 0}};
  int ready;
  do {
    ready = ::poll(fds, fd >= 0 ? 2 : 1, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  if (ready <= 0) return Woken::timed_out;
  if ((fds[0].revents & POLLIN) != 0) {
    uint64_t pokes;
    (void)!::read(wake_fd_, &pokes, sizeof pokes);
    return Woken::poked;
  }
  return Woken::readable;
}

}  // namespace zhidui
