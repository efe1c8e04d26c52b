// service_worker.h — the session's slow services (enterprise lookup, the legal-representative check,
// 进度查询, receipt and A4 printing) on one worker thread, answering through the EventQueue.
//
// Why one thread for all of them: they are rare, one citizen at a time, and each is bounded by its own
// timeouts; a queue on one thread keeps every blocking call off the UI thread without a thread per
// request, and gives the thread-bound resources (the libcurl client, a SQLite connection) one owner.
// The pure mappings (platform answer → session types) are declared here for the tests.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/a4_printer/a4_printer.h"
#include "drivers/a4_printer/a4_test_page.h"
#include "kiosk/catalog.h"
#include "kiosk/enterprise.h"
#include "kiosk/event_queue.h"
#include "kiosk/progress.h"
#include "kiosk/receipt.h"
#include "offline/platform_client.h"
#include "offline/store.h"

namespace zhidui {

struct ServiceWorkerConfig {
  offline::PlatformConfig platform;  // base_url empty: no platform configured
  std::string db_path, key_path;     // the kiosk's store, read for 进度查询 when the platform cannot answer
  drivers::a4_printer::A4Printer* a4 = nullptr;  // not owned; nullptr: no A4 printer
  // Lays out and prints one receipt on the hall's printer (blocking); where it went, or why not.
  std::function<Result<std::string>(const ReceiptData&)> print_receipt;
};

class ServiceWorker {
 public:
  // `catalog` names policies the platform answers without a title; it must outlive the worker.
  ServiceWorker(ServiceWorkerConfig config, const Catalog& catalog, EventQueue& events);
  ~ServiceWorker();  // drops queued jobs, waits for the one running (bounded by its timeouts)
  ServiceWorker(const ServiceWorker&) = delete;
  ServiceWorker& operator=(const ServiceWorker&) = delete;

  // Each queues one job and returns at once; the answer comes as the event named.
  void lookup_enterprise(std::string uscc);                            // ev::EnterpriseLooked
  void check_representative(std::string uscc, std::string id_number);  // ev::RepresentativeChecked
  void query_progress(ProgressQuery query);                            // ev::ProgressLoaded
  void print_a4(ReceiptData receipt);                                  // ev::A4Printed
  void print_receipt(ReceiptData receipt, bool self_test);             // ev::ReceiptPrinted
  // Technician panel: the A4 self-test page, and dead letters sent again (seq 0: all of them).
  void self_test_a4(drivers::a4_printer::A4TestPageInfo info);         // ev::TechnicianDone{"a4"}
  void requeue_dead_letter(int64_t seq);                               // ev::TechnicianDone{"requeue"}

 private:
  void post(std::function<void()> job);
  void run();
  // Worker thread only.
  offline::PlatformClient* client();  // nullptr without a platform
  offline::Store* store();            // nullptr when the store cannot be opened
  Result<Enterprise> do_lookup_enterprise(const std::string& uscc);
  Result<bool> do_check_representative(const std::string& uscc, const std::string& id_number);
  Result<ProgressAnswer> do_query_progress(const ProgressQuery& query);
  std::vector<ProgressEntry> local_progress(const ProgressQuery& query);

  const ServiceWorkerConfig config_;
  const Catalog& catalog_;
  EventQueue& events_;
  std::unique_ptr<offline::PlatformClient> client_;  // worker thread only: one client per thread
  std::unique_ptr<offline::Store> store_;            // worker thread only: SQLite connections are not shared

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after everything above is constructed
};

// The session's view of the register's record (the legal representative's name masked here).
Enterprise enterprise_from(const offline::EnterpriseInfo& info);
// The platform's progress of one application, times in the hall's local time; the title from the
// catalog when the platform sent none.
ProgressEntry progress_entry_from(const offline::ApplicationProgress& progress, const Catalog& catalog);
// This kiosk's own record of one application and its local history (oldest first).
ProgressEntry progress_entry_from(const offline::LocalProgress& local,
                                  const std::vector<offline::LocalStatusEvent>& history, const Catalog& catalog);

}  // namespace zhidui
