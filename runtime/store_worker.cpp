// store_worker.cpp — see store_worker.h.
#include "runtime/store_worker.h"

#include "base/log.h"

namespace zhidui {

StoreWorker::StoreWorker(std::unique_ptr<offline::Store> store, EventQueue& events)
    : store_(std::move(store)), events_(events), thread_([this] { run(); }) {}

StoreWorker::~StoreWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void StoreWorker::submit(offline::NewApplication app) { push(std::move(app)); }

void StoreWorker::rate(std::string uuid, std::string body) { push(Rating{std::move(uuid), std::move(body)}); }

void StoreWorker::push(Job job) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
  }
  cv_.notify_all();
}

void StoreWorker::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to save
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    std::visit([this](auto& j) { save(j); }, job);
  }
}

void StoreWorker::save(offline::NewApplication& app) {
  Status saved = store_->submit(app);
  std::string uuid = app.uuid;
  if (!saved) {
    // An I/O error inside COMMIT does not say whether the commit landed. Ask the store: telling a
    // citizen "not saved" about an application that was saved would be as wrong as the opposite.
    auto stored = store_->application(uuid);
    if (stored && stored.value()) {
      log::warn("store", "submit reported " + saved.error().code + " but application " + uuid + " is stored");
      saved = Ok{};
    }
  }
  app.personal.wipe();
  zhidui::wipe(app.upload_body);
  if (saved) log::info("store", "application " + uuid + " committed");
  else log::error("store", "application " + uuid + " NOT saved: " + saved.error().code + " " + saved.error().message);
  events_.push(ev::SubmitSaved{uuid, std::move(saved)});
}

void StoreWorker::save(Rating& rating) {
  auto seq = store_->enqueue(rating.uuid, "rating", rating.body);
  Status saved = seq ? Status(Ok{}) : Status(seq.error());
  if (saved) log::info("store", "rating of application " + rating.uuid + " queued");
  else log::error("store", "rating of " + rating.uuid + " NOT saved: " + saved.error().code);
  events_.push(ev::RatingSaved{rating.uuid, std::move(saved)});
}

Result<std::unique_ptr<offline::Store>> open_store_or_recover(const std::string& db_path,
                                                               const std::string& key_path, std::string* recovered) {
  auto store = offline::Store::open(db_path, key_path);
  if (store || store.error().code != "store.corrupt") return store;
  log::error("store", "database is corrupt (" + store.error().message + "); moving it aside and starting fresh");
  if (auto moved = offline::move_aside_corrupt(db_path); !moved)
    return make_error("store.corrupt", "corrupt database could not be moved aside: " + moved.error().message);
  if (recovered)
    *recovered = "the database was corrupt (" + store.error().message + "): moved aside to " + db_path +
                 ".corrupt-<time>, started with a fresh store";
  return offline::Store::open(db_path, key_path);
}

}  // namespace zhidui
