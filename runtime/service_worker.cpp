// service_worker.cpp — see service_worker.h. Logs name codes and counts, never an ID number or a name.
#include "runtime/service_worker.h"

#include <algorithm>

#include "kiosk/a4_receipt.h"
#include "base/log.h"
#include "base/mask.h"
#include "base/sensitive.h"
#include "base/clock.h"
#include "kiosk/lifecycle.h"

namespace zhidui {

namespace {

std::string title_of(const std::string& title, const std::string& policy_id, const Catalog& catalog) {
  if (!title.empty()) return title;
  const PolicyItem* item = catalog.find(policy_id);
  return item ? item->title : policy_id;
}

}  // namespace

Enterprise enterprise_from(const offline::EnterpriseInfo& info) {
  Enterprise e;
  e.uscc = info.uscc;
  e.name = info.name;
  e.legal_rep_masked = mask_name(info.legal_rep_name);
  e.region_code = info.region_code;
  e.active = info.status == offline::EnterpriseStatus::active;
  e.verified = true;
  return e;
}

ProgressEntry progress_entry_from(const offline::ApplicationProgress& p, const Catalog& catalog) {
  ProgressEntry e;
  e.uuid = p.uuid;
  e.acceptance_no = p.acceptance_no;
  e.policy_title = title_of(p.policy_title, p.policy_id, catalog);
  e.submitted_at = clock::local_from_iso_utc(p.submitted_at);
  e.status = p.status;
  for (const auto& step : p.timeline) e.timeline.push_back({step.status, clock::local_from_iso_utc(step.at), step.note});
  // Walked through the lifecycle: only its transitions exist. A platform reporting an impossible one
  // (paid, then back under review) is not believed past the last consistent status, which is shown.
  ApplicationState state;
  if (auto submitted = transition(state, AppStatus::submitted)) state = submitted.value();
  for (const auto& step : p.timeline) {
    auto next = apply_platform_status(state, step.status, step.note);
    if (!next) {
      log::warn("services", "progress of " + p.uuid + ": " + next.error().message + "; showing the last consistent status");
      break;
    }
    state = std::move(next.value());
  }
  e.status = std::string(status_name(state.status));
  e.status_label = status_label_zh(state);
  return e;
}

ProgressEntry progress_entry_from(const offline::LocalProgress& local,
                                  const std::vector<offline::LocalStatusEvent>& history, const Catalog& catalog) {
  ProgressEntry e;
  e.uuid = local.uuid;
  e.acceptance_no = local.acceptance_no;
  e.policy_title = title_of(local.policy_title, local.policy_id, catalog);
  e.submitted_at = clock::local_from_iso_utc(local.created_at);
  e.status = local.status;
  for (const auto& event : history) e.timeline.push_back({event.status, clock::local_from_iso_utc(event.at), ""});
  if (e.timeline.empty())
    e.timeline.push_back({local.status, clock::local_from_iso_utc(local.last_update_at.empty() ? local.created_at
                                                                                                 : local.last_update_at), ""});
  return e;
}

ServiceWorker::ServiceWorker(ServiceWorkerConfig config, const Catalog& catalog, EventQueue& events)
    : config_(std::move(config)), catalog_(catalog), events_(events), thread_([this] { run(); }) {}

ServiceWorker::~ServiceWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    jobs_.clear();  // nobody is waiting for their answers any more
  }
  wake_.notify_all();
  thread_.join();
}

void ServiceWorker::post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void ServiceWorker::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) break;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      job();
    } catch (const std::exception& e) {
      // A bug, not an outcome: this job's answer is lost (the person can go back or home, and the idle
      // timeout ends the session), but the worker lives on instead of terminating the kiosk.
      log::error("services", std::string("a service job failed: ") + e.what());
    }
  }
  // Thread-bound resources die on their own thread.
  client_.reset();
  store_.reset();
}

offline::PlatformClient* ServiceWorker::client() {
  if (!client_ && !config_.platform.base_url.empty()) client_ = std::make_unique<offline::PlatformClient>(config_.platform);
  return client_.get();
}

offline::Store* ServiceWorker::store() {
  if (!store_ && !config_.db_path.empty()) {
    auto opened = offline::Store::open(config_.db_path, config_.key_path);
    if (!opened) {
      log::warn("progress", "cannot open the local store: " + opened.error().code);
      return nullptr;
    }
    store_ = std::move(opened.value());
  }
  return store_.get();
}

void ServiceWorker::lookup_enterprise(std::string uscc) {
  post([this, uscc = std::move(uscc)] { events_.push(ev::EnterpriseLooked{uscc, do_lookup_enterprise(uscc)}); });
}

void ServiceWorker::check_representative(std::string uscc, std::string id_number) {
  post([this, uscc = std::move(uscc), id_number = std::move(id_number)]() mutable {
    Result<bool> answer = do_check_representative(uscc, id_number);
    wipe(id_number);
    events_.push(ev::RepresentativeChecked{uscc, std::move(answer)});
  });
}

void ServiceWorker::query_progress(ProgressQuery query) {
  post([this, query = std::move(query)]() mutable {
    Result<ProgressAnswer> answer = do_query_progress(query);
    wipe(query.id_number);
    events_.push(ev::ProgressLoaded{std::move(answer)});
  });
}

void ServiceWorker::print_receipt(ReceiptData receipt, bool self_test) {
  post([this, receipt = std::move(receipt), self_test] {
    Result<std::string> where = config_.print_receipt
                                    ? config_.print_receipt(receipt)
                                    : Result<std::string>(make_error("printer.not_configured", "no receipt printer configured"));
    events_.push(ev::ReceiptPrinted{receipt.uuid, std::move(where), self_test});
  });
}

void ServiceWorker::print_a4(ReceiptData receipt) {
  post([this, receipt = std::move(receipt)] {
    Status result = Ok{};
    if (!config_.a4) {
      result = make_error("a4.queue_missing", "no A4 printer configured");
    } else if (auto printed = drivers::a4_printer::print_page(*config_.a4, a4_receipt_page(receipt),
                                                              a4_receipt_job_title(receipt));
               !printed) {
      log::warn("a4", "receipt not printed: " + printed.error().code);
      result = printed.error();
    } else {
      log::info("a4", "receipt printed, job " + std::to_string(printed->job_id) + " on " + printed->queue);
    }
    events_.push(ev::A4Printed{result});
  });
}

void ServiceWorker::self_test_a4(drivers::a4_printer::A4TestPageInfo info) {
  post([this, info = std::move(info)] {
    if (!config_.a4) {
      events_.push(ev::TechnicianDone{"a4", make_error("a4.queue_missing", "no A4 printer configured"), ""});
      return;
    }
    auto r = drivers::a4_printer::run_a4_self_test(*config_.a4, info);
    Status result = r.job ? Status(Ok{}) : Status(r.job.error());
    events_.push(ev::TechnicianDone{"a4", result, r.summary});
  });
}

void ServiceWorker::requeue_dead_letter(int64_t seq) {
  post([this, seq] {
    offline::Store* s = store();
    if (!s) {
      events_.push(ev::TechnicianDone{"requeue", make_error("store.unavailable", "the store cannot be opened"), ""});
      return;
    }
    std::vector<int64_t> seqs;
    if (seq != 0) {
      seqs.push_back(seq);
    } else if (auto dead = s->outbox_entries(offline::OutboxState::dead)) {
      for (const auto& e : dead.value()) seqs.push_back(e.seq);
    } else {
      events_.push(ev::TechnicianDone{"requeue", dead.error(), ""});
      return;
    }
    for (int64_t one : seqs)
      if (Status st = s->requeue_dead(one); !st) {
        events_.push(ev::TechnicianDone{"requeue", st, ""});
        return;
      }
    log::warn("sync", std::to_string(seqs.size()) + " dead letter(s) sent again by the technician");
    events_.push(ev::TechnicianDone{"requeue", Ok{}, "requeued " + std::to_string(seqs.size()) + " dead letter(s)"});
  });
}

Result<Enterprise> ServiceWorker::do_lookup_enterprise(const std::string& uscc) {
  offline::PlatformClient* platform = client();
  if (!platform) return make_error("enterprise.unreachable", "no platform configured");
  auto info = platform->lookup_enterprise(uscc);
  if (!info) {
    log::info("enterprise", "lookup failed: " + info.error().code);
    if (info.error().code == "platform.not_found") return make_error("enterprise.not_found", info.error().message);
    return info.error();
  }
  return enterprise_from(info.value());
}

Result<bool> ServiceWorker::do_check_representative(const std::string& uscc, const std::string& id_number) {
  offline::PlatformClient* platform = client();
  if (!platform) return make_error("enterprise.unreachable", "no platform configured");
  auto answer = platform->check_representative(uscc, id_number);
  if (!answer) log::info("enterprise", "representative check failed: " + answer.error().code);
  return answer;
}

// The platform's answer when it gives one, plus what it cannot know yet (applications saved here and not
// uploaded); this kiosk's own records, labelled last known, when it cannot answer.
Result<ProgressAnswer> ServiceWorker::do_query_progress(const ProgressQuery& query) {
  ProgressAnswer answer;
  Error platform_error = make_error("platform.not_configured", "no platform configured");
  bool platform_answered = false;
  if (offline::PlatformClient* platform = client()) {
    if (!query.id_number.empty()) {
      auto found = platform->query_progress_by_person(query.id_number);
      if (found)
        for (const auto& p : found.value()) answer.entries.push_back(progress_entry_from(p, catalog_));
      else
        platform_error = found.error();
      platform_answered = found.ok();
    } else {
      auto found = platform->query_progress_by_receipt(query.uuid, query.acceptance_no);
      if (found) answer.entries.push_back(progress_entry_from(found.value(), catalog_));
      else platform_error = found.error();
      platform_answered = found.ok();
    }
  }
  platform_answered = platform_answered || platform_error.code == "platform.not_found";

  std::vector<ProgressEntry> local = local_progress(query);
  if (platform_answered) {
    std::vector<ProgressEntry> not_uploaded;
    for (auto& entry : local) {
      bool known = std::any_of(answer.entries.begin(), answer.entries.end(),
                               [&](const ProgressEntry& e) { return e.uuid == entry.uuid; });
      if (entry.acceptance_no.empty() && !known) not_uploaded.push_back(std::move(entry));
    }
    answer.entries.insert(answer.entries.begin(), not_uploaded.begin(), not_uploaded.end());  // newest first
    if (answer.entries.empty()) return make_error("progress.not_found", "no application found");
    return answer;
  }
  log::warn("progress", "platform could not answer (" + platform_error.code + "): " +
                            std::to_string(local.size()) + " application(s) as last known here");
  if (local.empty()) return make_error("progress.failed", platform_error.message);
  answer.entries = std::move(local);
  answer.last_known = true;
  return answer;
}

std::vector<ProgressEntry> ServiceWorker::local_progress(const ProgressQuery& query) {
  std::vector<ProgressEntry> out;
  offline::Store* local = store();
  if (!local) return out;
  auto history_of = [&](const std::string& uuid) {
    auto history = local->application_progress(uuid);
    return history ? std::move(history.value()) : std::vector<offline::LocalStatusEvent>{};
  };
  if (!query.id_number.empty()) {
    auto applications = local->applications_for_person(query.id_number);
    if (!applications) {
      log::warn("progress", "local lookup failed: " + applications.error().code);
      return out;
    }
    for (const auto& app : applications.value()) out.push_back(progress_entry_from(app, history_of(app.uuid), catalog_));
    return out;
  }
  auto stored = local->application(query.uuid);
  if (!stored || !stored.value()) return out;
  offline::StoredApplication& app = *stored.value();
  app.personal.wipe();  // decrypted by application(); nothing personal is shown here
  // The receipt must match as the platform requires: its acceptance number, once there is one.
  if (query.acceptance_no.empty() || app.acceptance_no.empty() || query.acceptance_no == app.acceptance_no) {
    offline::LocalProgress summary;
    summary.uuid = app.uuid;
    summary.policy_id = app.policy_id;
    summary.policy_title = app.policy_title;
    summary.created_at = app.created_at;
    summary.status = app.status;
    summary.acceptance_no = app.acceptance_no;
    out.push_back(progress_entry_from(summary, history_of(app.uuid), catalog_));
  }
  return out;
}

}  // namespace zhidui
