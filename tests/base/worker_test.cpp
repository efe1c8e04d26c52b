// worker_test.cpp — the two worker-thread shapes: a job queue that finishes what it was given, and a loop
// of rounds that sleeps without a timer, wakes on a byte, a poke or stop, and runs jobs between rounds.
#include "base/worker.h"

#include <gtest/gtest.h>

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace zhidui {
namespace {

using namespace std::chrono_literals;

// Polls pred every 2 ms until it holds or the deadline passes (for state that raises no event).
bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds deadline = 3000ms) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= end) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

std::string this_thread_name() {
  char name[16] = {};
  pthread_getname_np(pthread_self(), name, sizeof name);
  return name;
}

// --- JobThread -------------------------------------------------------------------------------------------

TEST(JobThread, RunsJobsInOrderOnItsOwnNamedThread) {
  std::mutex mutex;
  std::vector<int> order;
  std::vector<std::thread::id> threads;
  std::string name;
  {
    JobThread jobs("test-jobs");
    for (int i = 0; i < 50; ++i)
      jobs.post([&, i] {
        std::lock_guard lock(mutex);
        order.push_back(i);
        threads.push_back(std::this_thread::get_id());
        if (i == 0) name = this_thread_name();
      });
  }  // the destructor runs what is queued, then joins
  ASSERT_EQ(order.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(order[size_t(i)], i);
  for (auto id : threads) EXPECT_EQ(id, threads.front());
  EXPECT_NE(threads.front(), std::this_thread::get_id());
  EXPECT_EQ(name, "test-jobs");
}

TEST(JobThread, TheDestructorFinishesQueuedJobsEvenWhenTheFirstIsSlow) {
  std::atomic<int> done{0};
  {
    JobThread jobs("test-slow");
    jobs.post([&] {
      std::this_thread::sleep_for(50ms);
      ++done;
    });
    for (int i = 0; i < 5; ++i) jobs.post([&] { ++done; });
  }
  EXPECT_EQ(done.load(), 6) << "nothing posted is dropped at shutdown";
}

// --- PollThread ------------------------------------------------------------------------------------------

TEST(PollThread, ARoundWaitingUntilPokedHasNoTimer) {
  std::atomic<int> rounds{0};
  PollThread poller("test-poll");
  poller.start([&] {
    ++rounds;
    return PollThread::kUntilPoked;
  });
  ASSERT_TRUE(eventually([&] { return rounds.load() == 1; }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(rounds.load(), 1) << "nothing wakes a thread that waits until poked";
  poller.poke();
  ASSERT_TRUE(eventually([&] { return rounds.load() == 2; }));
  poller.poke();
  poller.poke();  // pokes that arrive together may be taken as one, but never lost
  ASSERT_TRUE(eventually([&] { return rounds.load() >= 3; }));
  poller.stop();
  EXPECT_FALSE(poller.running());
}

TEST(PollThread, ARoundsIntervalIsHonouredAndStopCutsTheWaitShort) {
  std::atomic<int> rounds{0};
  PollThread poller("test-interval");
  poller.start([&] {
    ++rounds;
    return rounds.load() < 3 ? 1 : 60'000;
  });
  ASSERT_TRUE(eventually([&] { return rounds.load() == 3; })) << "short intervals run the next round";
  const auto t0 = std::chrono::steady_clock::now();
  poller.stop();  // the thread is now in a 60 s wait
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_EQ(rounds.load(), 3);
}

TEST(PollThread, StoppingIsTheCancelFlagOfALongRound) {
  std::atomic<bool> in_round{false};
  PollThread poller("test-cancel");
  poller.start([&] {
    in_round = true;
    while (!poller.stopping()) std::this_thread::sleep_for(1ms);
    return 0;
  });
  ASSERT_TRUE(eventually([&] { return in_round.load(); }));
  poller.stop();  // returns only because the round watches stopping()
  EXPECT_FALSE(poller.running());
}

TEST(PollThread, WaitReadableWakesOnAByteAPokeOrTheTimeout) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  std::mutex mutex;
  std::vector<PollThread::Woken> seen;
  std::atomic<int> timeout_ms{PollThread::kUntilPoked};
  PollThread poller("test-readable");
  poller.start([&] {
    const PollThread::Woken woken = poller.wait_readable(pipe_fds[0], timeout_ms);
    if (woken == PollThread::Woken::readable) {
      char c;
      EXPECT_EQ(::read(pipe_fds[0], &c, 1), 1);
    }
    std::lock_guard lock(mutex);
    seen.push_back(woken);
    return 0;
  });
  auto count = [&] {
    std::lock_guard lock(mutex);
    return seen.size();
  };
  auto at = [&](size_t i) {
    std::lock_guard lock(mutex);
    return seen.at(i);
  };
  ASSERT_EQ(::write(pipe_fds[1], "x", 1), 1);
  ASSERT_TRUE(eventually([&] { return count() == 1; }));
  EXPECT_EQ(at(0), PollThread::Woken::readable);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(count(), 1u) << "the round blocks on the descriptor, not on a timer";

  timeout_ms = 5;
  poller.poke();
  ASSERT_TRUE(eventually([&] { return count() >= 2; }));
  EXPECT_EQ(at(1), PollThread::Woken::poked);
  ASSERT_TRUE(eventually([&] { return count() >= 3; }));
  EXPECT_EQ(at(2), PollThread::Woken::timed_out);
  poller.stop();
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
}

TEST(PollThread, RunsAJobBetweenRoundsOnItsThreadAndReturnsWhenItRan) {
  std::atomic<std::thread::id> round_thread{};
  std::atomic<bool> in_round{false};
  PollThread poller("test-jobs");
  bool ran_before_start = false;
  poller.run_between_rounds([&] { ran_before_start = true; });
  EXPECT_TRUE(ran_before_start) << "not running: the job runs on the caller";

  poller.start([&] {
    round_thread = std::this_thread::get_id();
    in_round = true;
    return PollThread::kUntilPoked;
  });
  ASSERT_TRUE(eventually([&] { return in_round.load(); }));
  std::thread::id job_thread;
  std::string name;
  poller.run_between_rounds([&] {
    job_thread = std::this_thread::get_id();
    name = this_thread_name();
    EXPECT_FALSE(poller.stopping());
  });
  EXPECT_EQ(job_thread, round_thread.load());
  EXPECT_EQ(name, "test-jobs");
  bool nested = false;
  poller.run_between_rounds([&] { poller.run_between_rounds([&] { nested = true; }); });
  EXPECT_TRUE(nested) << "a job posted from the thread itself runs at once, not never";
  poller.stop();

  bool ran_after_stop = false;
  poller.run_between_rounds([&] { ran_after_stop = true; });
  EXPECT_TRUE(ran_after_stop);
}

TEST(PollThread, CanBeStartedAgainAfterStop) {
  std::atomic<int> rounds{0};
  PollThread poller("test-restart");
  for (int i = 1; i <= 3; ++i) {
    poller.start([&] {
      ++rounds;
      return PollThread::kUntilPoked;
    });
    ASSERT_TRUE(eventually([&] { return rounds.load() == i; }));
    poller.stop();
  }
}

}  // namespace
}  // namespace zhidui
