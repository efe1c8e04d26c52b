// session_harness.h — a Session with in-memory services, shared by the session tests: saves and prints
// are recorded, the optional services (enterprise lookup, representative check, progress, A4, speech)
// record what they were asked, and the test answers with events.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/catalog.h"
#include "kiosk/session.h"
#include "kiosk/strings.h"
#include "zhidui_build_paths.h"

namespace zhidui::session_tests {

struct Harness {
  Catalog catalog;
  std::vector<offline::NewApplication> saved;
  std::vector<ReceiptData> printed;
  std::vector<std::pair<ReceiptData, bool>> printing;  // asked of the printer, not yet answered
  bool printer_fails = false;
  int wakes = 0;
  // What the optional services were asked (tests answer with events).
  std::vector<std::string> lookups;
  std::vector<std::pair<std::string, std::string>> representative_checks;
  std::vector<ProgressQuery> progress_queries;
  std::vector<ReceiptData> a4_jobs;
  std::vector<std::string> spoken;
  int staff_calls = 0;
  int crash_loops_forgiven = 0;
  std::vector<std::string> service_changes;  // what the heartbeat was told, in order
  std::unique_ptr<Session> session;
  int64_t now = 1000;

  // `tune` adjusts the session's configuration before the session is made.
  explicit Harness(const std::function<void(SessionConfig&)>& tune = nullptr) {
    auto s = Strings::load_kiosk(std::string(ZHIDUI_SOURCE_DIR) + "/assets");
    EXPECT_TRUE(s.ok());
    install_strings(std::move(s.value()));
    auto c = load_catalog(std::string(ZHIDUI_SOURCE_DIR) + "/assets/catalog/catalog.json");
    EXPECT_TRUE(c.ok());
    catalog = std::move(c.value());
    SessionServices sv;
    sv.technician_pin_hash = TechnicianAuth::kDemoPinHash;  // PIN 135790
    sv.save_async = [this](offline::NewApplication a) { saved.push_back(std::move(a)); };
    sv.wake_sync = [this] { ++wakes; };
    sv.print_receipt_async = [this](ReceiptData r, bool self_test) {
      printing.emplace_back(std::move(r), self_test);
    };
    sv.now_iso_utc = [] { return std::string("2026-11-25T03:00:00Z"); };
    sv.now_local = [] { return std::string("2026-11-25 11:00"); };
    sv.kiosk_id = "K1";
    sv.kiosk_region = "430104";
    sv.lookup_enterprise_async = [this](std::string uscc) { lookups.push_back(uscc); };
    sv.check_representative_async = [this](std::string uscc, std::string id) {
      representative_checks.emplace_back(uscc, id);
    };
    sv.query_progress_async = [this](ProgressQuery q) { progress_queries.push_back(q); };
    sv.print_a4_async = [this](ReceiptData r) { a4_jobs.push_back(r); };
    sv.speak = [this](std::string key) { spoken.push_back(key); };
    sv.call_staff = [this] { ++staff_calls; };
    sv.forgive_crash_loop = [this] { ++crash_loops_forgiven; };
    sv.service_changed = [this](std::string reason) { service_changes.push_back(std::move(reason)); };
    SessionConfig cfg;
    cfg.idle_timeout_ms = 60000;
    cfg.platform_wait_ms = 5000;
    if (tune) tune(cfg);
    session = std::make_unique<Session>(catalog, sv, cfg);
  }
  // Each step ends with the printer's answers to what the step printed, as the worker thread would send.
  void act(Action a) {
    session->apply(a, now);
    answer_prints();
  }
  void event(Event e) {
    session->handle(e, now);
    answer_prints();
  }
  void tick() {
    session->tick(now);
    answer_prints();
  }
  void answer_prints() {
    while (!printing.empty()) {
      auto [receipt, self_test] = std::move(printing.front());
      printing.erase(printing.begin());
      Result<std::string> where = std::string("receipt.png");
      if (printer_fails) where = make_error("printer.paper_out", "paper out");
      else printed.push_back(receipt);
      session->handle(ev::ReceiptPrinted{receipt.uuid, std::move(where), self_test}, now);
    }
  }
  Identity person() {
    Identity id;
    id.name = "张伟";
    id.sex = "男";
    id.birth_date = "19900307";
    id.address = "湖南省长沙市岳麓区麓山南路932号";
    id.id_number = "430104199003070015";
    return id;
  }
  void to_form() {
    act(act::StartCitizen{});
    event(ev::CardInserted{person()});
    act(act::SelectPolicy{"cs-rlzy-ycxcybt"});
    act(act::StartApply{});
  }
  // 下一步 from the form, every undecided material brought later (容缺), then 确认提交 on the review.
  void submit() {
    act(act::Next{});
    if (session->screen() == Screen::materials) {
      for (const auto& m : session->materials())
        if (m.handling == MaterialHandling::undecided)
          act(act::ChooseMaterial{m.material->id, int(MaterialHandling::later)});
      act(act::Next{});
    }
    act(act::Submit{});
  }
  void type_phone(const std::string& digits) {
    act(act::FocusField{"phone"});
    for (char c : digits) act(act::TypeText{std::string(1, c)});
  }
};

}  // namespace zhidui::session_tests

using zhidui::session_tests::Harness;
