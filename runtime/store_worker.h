// store_worker.h — the UI side's connection to the store, on its own thread: a durable submit costs an
// fsync (milliseconds on a slow kiosk disk, more when the disk is busy), and the UI thread must not
// wait for it. Results come back as ev::SubmitSaved through the EventQueue.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>

#include "kiosk/event_queue.h"
#include "offline/store.h"

namespace zhidui {

class StoreWorker {
 public:
  StoreWorker(std::unique_ptr<offline::Store> store, EventQueue& events);
  ~StoreWorker();  // finishes queued submits, then joins
  void submit(offline::NewApplication app);
  // 好差评: queued behind the application's own upload (answers with ev::RatingSaved).
  void rate(std::string uuid, std::string body);

 private:
  struct Rating {
    std::string uuid, body;
  };
  using Job = std::variant<offline::NewApplication, Rating>;
  void run();
  void push(Job job);
  void save(offline::NewApplication& app);
  void save(Rating& rating);
  std::unique_ptr<offline::Store> store_;
  EventQueue& events_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stop_ = false;
  std::thread thread_;
};

// Opens the store; a corrupt database is moved aside (never deleted), reported, and a fresh store is
// started so the kiosk keeps serving. `recovered` (optional) then says what happened, for the technician.
Result<std::unique_ptr<offline::Store>> open_store_or_recover(const std::string& db_path, const std::string& key_path,
                                                               std::string* recovered = nullptr);

}  // namespace zhidui
