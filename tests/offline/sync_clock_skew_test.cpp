// sync_clock_skew_test.cpp — the whole sync path with the kiosk's wall clock really changed (issue 5,
// item 7: "Clock set a day ahead and a year back: no ordering or dedupe errors"). One real store file,
// the real SyncEngine (libcurl, its own worker thread) and one real platform-sim process; the kiosk side
// runs under libfaketime a day ahead, a year back and on the real clock, while the platform keeps the
// real clock throughout, as a provincial platform does. The store tests cover each clock rule alone
// (store_test.cpp); this file checks that together, through HTTP and across restarts, they lose,
// duplicate and reorder nothing.
//
// Why child processes: libfaketime works by LD_PRELOAD, so only a freshly exec'd process can run under
// it, and the platform must not. The child is this same test binary, re-run with a filter naming this
// test and ZHIDUI_CLOCK_SKEW_PHASE set; the TEST body then plays that one kiosk phase (a kiosk run between
// two reboots) instead of orchestrating. Its gtest result is its exit status.
//
// libfaketime settings, and why each:
//  - FAKETIME_TIMESTAMP_FILE (not FAKETIME, which would take priority over the file): a phase can move
//    its own clock while the engine runs, as NTP or a technician would; the file is replaced atomically.
//  - FAKETIME_NO_CACHE=1: otherwise such a change takes up to 10 s to be seen.
//  - FAKETIME_DONT_FAKE_MONOTONIC=1: the kiosk's waits (condition variables, curl's timeouts) compute
//    CLOCK_MONOTONIC deadlines that the kernel then waits for on the real monotonic clock; offset by a
//    year back, every wait ends at once, a day ahead it lasts a day. A kiosk's monotonic clock does not
//    move when its wall clock is set, so leaving it alone is also the faithful choice.
//
// The story, over one store and one platform (groups of applications A…I, some with a 好差评 rating):
//   real clock     A uploaded; B answered 429 with Retry-After half an hour, its ratings held behind it
//                  while C goes past; D committed by the platform, whose answers are lost
//   a day ahead    resubmissions of A–D refused; B (its half hour is over on this clock), D (replayed)
//                  and E uploaded; F queued while the platform resets every upload, then the clock is
//                  set back to real while the engine runs: F goes at once (its not-before says a day)
//   a day ahead    platform down: G tried and scheduled by the day-ahead clock
//   real clock     G goes at once, in a new engine (its not-before says a day); resubmissions refused
//   a year back    resubmissions refused; H uploaded
//   a year back    platform down: I tried and scheduled by the year-back clock
//   real clock     I uploaded; resubmissions refused
//   then: every application exactly once on the platform, no rating before its application, nothing
//   dead or pending, the kiosk holding the platform's acceptance numbers, both databases passing
//   integrity_check.
// Retention (wall-clock ages, as store.h documents) runs at each engine start with the product's 30 days:
// a day ahead and a year back purge nothing; the real clock after the year-back one purges H at once (its
// acknowledgements look a year old: "a clock set forward only shortens the retention of applications the
// platform already holds"). Last, 0 days on the real clock purges what was acknowledged under the real
// clock and keeps what the day-ahead clock stamped until the real clock reaches it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "offline/store.h"
#include "offline/sync_engine.h"
#include "tests/offline/platform_sim_process.h"
#include "tests/offline/test_support.h"

namespace zhidui::offline {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::PlatformSimProcess;

constexpr const char* kLibFaketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
constexpr const char* kKiosk = "kiosk-clock-01";
constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 24 * kHourMs;
constexpr int64_t kYearMs = 365 * kDayMs;

// What the parent hands a kiosk phase.
constexpr const char* kPhaseVar = "ZHIDUI_CLOCK_SKEW_PHASE";
constexpr const char* kDirVar = "ZHIDUI_CLOCK_SKEW_DIR";         // store, key, clock file, groups file
constexpr const char* kUrlVar = "ZHIDUI_CLOCK_SKEW_URL";         // the platform (maybe not listening)
constexpr const char* kTokenVar = "ZHIDUI_CLOCK_SKEW_TOKEN";
constexpr const char* kRealMsVar = "ZHIDUI_CLOCK_SKEW_REAL_MS";  // the parent's real clock at the spawn

struct KioskClock {
  const char* faketime;  // libfaketime's spelling
  int64_t offset_ms;
};
constexpr KioskClock kRealClock{"+0", 0};
constexpr KioskClock kDayAhead{"+1d", kDayMs};
constexpr KioskClock kYearBack{"-365d", -kYearMs};

// Each group's clock when its applications were submitted, as the platform must see in submitted_at.
const std::map<std::string, int64_t> kSubmittedUnderOffset = {
    {"A", 0},      {"B", 0},      {"C", 0},        {"D", 0},       {"E", kDayMs},
    {"F", kDayMs}, {"G", kDayMs}, {"H", -kYearMs}, {"I", -kYearMs}};

// --- small helpers ----------------------------------------------------------------------------------------

int64_t wall_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string iso_utc(int64_t unix_ms) {
  std::time_t t = std::time_t(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "2026-12-05T11:50:03Z" or with milliseconds; -1 when unreadable.
int64_t unix_ms_from_iso(const std::string& iso) {
  std::tm tm{};
  if (iso.size() < 19 || !strptime(iso.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return -1;
  return int64_t(timegm(&tm)) * 1000;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Replaced, never rewritten in place: libfaketime re-reads the file on every clock call.
void write_clock_file(const std::string& path, const std::string& faketime) {
  const std::string staging = path + ".new";
  std::ofstream(staging) << faketime << "\n";
  fs::rename(staging, path);
}

// Every row of a query on a database opened read-only (text columns; NULL as "").
std::vector<std::vector<std::string>> query_rows(const std::string& db_path, const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db_path;
    sqlite3_close(db);
    return rows;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
  } else {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = sqlite3_column_text(stmt, i);
        row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
      rows.push_back(std::move(row));
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

std::string integrity_of(const std::string& db_path) {
  auto rows = query_rows(db_path, "PRAGMA integrity_check");
  return rows.empty() || rows[0].empty() ? "(no answer)" : rows[0][0];
}

// The groups file: one line per application the kiosk phases submitted, "<group> <uuid> <rated 0|1>".
struct Submitted {
  std::string group, uuid;
  bool rated = false;
};

std::vector<Submitted> read_groups(const std::string& dir) {
  std::vector<Submitted> out;
  std::ifstream in(dir + "/groups.txt");
  Submitted s;
  int rated = 0;
  while (in >> s.group >> s.uuid >> rated) {
    s.rated = rated != 0;
    out.push_back(s);
  }
  return out;
}

std::vector<std::string> uuids_of(const std::vector<Submitted>& all, const std::set<std::string>& groups) {
  std::vector<std::string> out;
  for (const auto& s : all)
    if (groups.count(s.group)) out.push_back(s.uuid);
  return out;
}

// The outbox entries of `kind` ("application", "rating") of `uuids`, by uuid.
std::map<std::string, OutboxInfo> entries_of(Store& store, const std::vector<std::string>& uuids,
                                             const std::string& kind = "application") {
  std::map<std::string, OutboxInfo> out;
  const std::set<std::string> wanted(uuids.begin(), uuids.end());
  for (auto& e : value_or_fail(store.outbox_entries(std::nullopt)))
    if (e.kind == kind && wanted.count(e.uuid)) out[e.uuid] = e;
  return out;
}

// --- the kiosk side: one phase in a child process, under libfaketime ----------------------------------------

class KioskPhase {
 public:
  KioskPhase()
      : dir_(std::getenv(kDirVar) ? std::getenv(kDirVar) : ""),
        url_(std::getenv(kUrlVar) ? std::getenv(kUrlVar) : ""),
        token_(std::getenv(kTokenVar) ? std::getenv(kTokenVar) : ""),
        real_ms_at_spawn_(std::getenv(kRealMsVar) ? std::atoll(std::getenv(kRealMsVar)) : 0),
        steady_at_start_(std::chrono::steady_clock::now()) {
    auto opened = Store::open(dir_ + "/kiosk.db", dir_ + "/field.key");
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    if (opened.ok()) store_ = std::move(opened).value();
  }
  Store& store() { return *store_; }
  bool ready() const { return store_ != nullptr && !dir_.empty() && real_ms_at_spawn_ > 0; }

  // The real time, from the parent's reading and this process's monotonic clock (left real on purpose).
  int64_t real_now_ms() const {
    return real_ms_at_spawn_ + std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now() - steady_at_start_).count();
  }
  // Proves libfaketime is in effect (a test that silently ran on the real clock would prove nothing).
  void expect_clock(const KioskClock& clock) const {
    const int64_t skew = wall_now_ms() - real_now_ms();
    EXPECT_NEAR(double(skew), double(clock.offset_ms), double(5 * 60'000))
        << "this kiosk's wall clock is not where libfaketime should have put it (" << clock.faketime << ")";
  }
  // Moves this process's wall clock, effective at once (FAKETIME_NO_CACHE).
  void set_clock(const KioskClock& clock) const {
    const char* file = std::getenv("FAKETIME_TIMESTAMP_FILE");
    ASSERT_NE(file, nullptr);
    write_clock_file(file, clock.faketime);
  }

  // The product's retention (30 days), checked when each engine starts: a day ahead must not purge.
  SyncConfig config() const { return quick_sync_config(dir_, url_, token_, kKiosk); }

  void set_platform_faults(const std::vector<std::string>& specs) const {
    const std::string body = nlohmann::json{{"faults", specs}}.dump();
    auto reply = testing::http_request("POST", url_ + "/admin/faults",
                                       {"Authorization: Bearer " + token_, "Content-Type: application/json"}, body);
    ASSERT_EQ(reply.status, 200) << reply.body;
  }

  // `count` new applications (the first `rated` of them also rated), stamped by this kiosk's clock as
  // a real session would stamp them, and recorded in the groups file.
  void submit_group(const std::string& group, int count, int rated) {
    std::ofstream groups(dir_ + "/groups.txt", std::ios::app);
    for (int i = 0; i < count; ++i) {
      const std::string now = iso_utc(wall_now_ms());
      NewApplication app = made_up_application(now);
      app.upload_body = body_for(app.uuid, now);
      ASSERT_TRUE(store_->submit(app).ok()) << group << " " << i;
      if (i < rated) {
        const std::string rating = nlohmann::json{
            {"level", 5}, {"channel", "kiosk"}, {"kiosk_id", kKiosk}, {"rated_at", now}}.dump();
        ASSERT_TRUE(store_->enqueue(app.uuid, "rating", rating).ok()) << group << " " << i;
      }
      groups << group << " " << app.uuid << " " << (i < rated ? 1 : 0) << "\n";
    }
  }

  // Every application submitted so far, submitted again under this clock: refused, nothing written.
  void expect_resubmissions_refused() {
    const auto before = value_or_fail(store_->outbox_counts());
    const auto all = all_submitted();
    ASSERT_FALSE(all.empty());
    for (const auto& s : all) {
      const std::string now = iso_utc(wall_now_ms());
      NewApplication again = made_up_application(now);
      again.uuid = s.uuid;
      again.upload_body = body_for(s.uuid, now);
      Status st = store_->submit(again);
      ASSERT_FALSE(st.ok()) << "submitted twice: " << s.uuid;
      EXPECT_EQ(st.error().code, "store.duplicate") << s.uuid;
    }
    const auto after = value_or_fail(store_->outbox_counts());
    EXPECT_EQ(after.pending, before.pending);
    EXPECT_EQ(after.done, before.done);
    EXPECT_EQ(after.dead, before.dead);
  }

  std::vector<Submitted> all_submitted() const { return read_groups(dir_); }
  std::vector<std::string> group(const std::string& name) const { return uuids_of(all_submitted(), {name}); }

  bool drained() { return value_or_fail(store_->pending_count()) == 0; }
  // Every application of the group has failed at least once (its not-before now written by this clock).
  bool all_tried(const std::string& name) {
    const auto uuids = group(name);
    auto entries = entries_of(*store_, uuids);
    if (entries.size() != uuids.size()) return false;
    for (const auto& [uuid, e] : entries)
      if (e.state != OutboxState::pending || e.attempts < 1) return false;
    return true;
  }
  bool all_acknowledged(const std::string& name) {
    const auto uuids = group(name);
    auto entries = entries_of(*store_, uuids);
    if (entries.size() != uuids.size()) return false;
    for (const auto& [uuid, e] : entries)
      if (e.state != OutboxState::done) return false;
    return true;
  }
  bool all_gone(const std::vector<std::string>& uuids) {
    for (const auto& uuid : uuids)
      if (value_or_fail(store_->application(uuid))) return false;
    return true;
  }

  // The parent's proof that the phase ran (a filtered-out or sharded-out child also exits 0).
  void mark_phase_played(const std::string& phase) const {
    std::ofstream(dir_ + "/phases-played", std::ios::app) << phase << "\n";
  }

 private:
  static std::string body_for(const std::string& uuid, const std::string& submitted_at) {
    auto body = nlohmann::json::parse(testing::sample_application_body(uuid, kKiosk));
    body["submitted_at"] = submitted_at;
    return body.dump();
  }

  std::string dir_, url_, token_;
  int64_t real_ms_at_spawn_ = 0;
  std::chrono::steady_clock::time_point steady_at_start_;
  std::unique_ptr<Store> store_;
};

// A SyncEngine running for one block; any dead letter is a failure of the test.
class RunningEngine {
 public:
  explicit RunningEngine(SyncConfig config)
      : engine_(std::move(config), [this](const SyncEvent& e) {
          if (e.kind != SyncEvent::Kind::dead) return;
          std::lock_guard lock(mutex_);
          dead_.push_back(e.uuid + ": " + e.reason);
        }) {
    engine_.start();
  }
  ~RunningEngine() {
    engine_.stop();
    for (const auto& d : dead_) ADD_FAILURE() << "dead letter: " << d;
  }
  void wake() { engine_.wake(); }  // as the session does after each submission

 private:
  std::mutex mutex_;
  std::vector<std::string> dead_;
  SyncEngine engine_;  // last: stopped before what its callback touches goes
};

// Polls `done` (on the phase's own store connection) until it holds or `bound` passes.
bool wait_until(const std::function<bool()>& done, std::chrono::seconds bound) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

// Bounds for waits, far below what a wrongly honoured not-before (a day, a year) would take.
constexpr auto kDrainBound = 30s;
constexpr auto kTryBound = 15s;

void phase_real_clock_start(KioskPhase& k) {
  k.expect_clock(kRealClock);
  k.submit_group("A", 6, 3);
  {
    RunningEngine engine(k.config());
    ASSERT_TRUE(wait_until([&] { return k.drained(); }, kDrainBound)) << "A did not drain";
  }
  {
    // B is told to come back in half an hour (a not-before written by this clock); its ratings are due at
    // once but must wait behind it. C, submitted later, goes past B, and the ratings, lower in the outbox
    // than C, would have gone before C had anything let them overtake their applications.
    k.set_platform_faults({"status_429:retry_after=1800"});
    k.submit_group("B", 3, 3);
    RunningEngine engine(k.config());
    ASSERT_TRUE(wait_until([&] { return k.all_tried("B"); }, kTryBound)) << "B was never sent";
    k.set_platform_faults({});
    k.submit_group("C", 3, 1);
    engine.wake();
    ASSERT_TRUE(wait_until([&] { return k.all_acknowledged("C"); }, kDrainBound)) << "C did not go past B";
  }
  // Lost acknowledgements: the platform commits D, the kiosk never hears it (D stays pending here).
  k.set_platform_faults({"drop_after_commit"});
  k.submit_group("D", 3, 1);
  {
    RunningEngine engine(k.config());
    ASSERT_TRUE(wait_until([&] { return k.all_tried("D"); }, kTryBound)) << "D was never sent";
  }
  k.set_platform_faults({});
}

void phase_day_ahead(KioskPhase& k) {
  k.expect_clock(kDayAhead);
  k.expect_resubmissions_refused();
  k.submit_group("E", 3, 1);
  {
    RunningEngine engine(k.config());
    ASSERT_TRUE(wait_until([&] { return k.drained(); }, kDrainBound)) << "B, D, E did not drain";
  }
  // While the engine runs: the platform resets every upload (F is retried, each not-before written by
  // this clock), then the clock is corrected back to the real one, then the platform answers again.
  k.set_platform_faults({"reset"});
  k.submit_group("F", 3, 1);
  RunningEngine engine(k.config());
  ASSERT_TRUE(wait_until([&] { return k.all_tried("F"); }, kTryBound)) << "F was never tried";
  for (const auto& [uuid, e] : entries_of(k.store(), k.group("F")))
    EXPECT_GT(e.next_attempt_ms, k.real_now_ms() + kDayMs - kHourMs) << "not scheduled a day ahead: " << uuid;
  k.set_clock(kRealClock);
  k.expect_clock(kRealClock);
  k.set_platform_faults({});
  EXPECT_TRUE(wait_until([&] { return k.drained(); }, kDrainBound))
      << "a not-before written a day ahead held the queue after the clock was set back";
}

// The platform is down (the parent stopped it): the group is tried, and scheduled by this clock.
void phase_offline(KioskPhase& k, const KioskClock& clock, const std::string& group) {
  k.expect_clock(clock);
  k.submit_group(group, 3, 1);
  RunningEngine engine(k.config());
  ASSERT_TRUE(wait_until([&] { return k.all_tried(group); }, kTryBound)) << group << " was never tried";
}

void phase_drain(KioskPhase& k, const KioskClock& clock) {
  k.expect_clock(clock);
  k.expect_resubmissions_refused();
  RunningEngine engine(k.config());
  EXPECT_TRUE(wait_until([&] { return k.drained(); }, kDrainBound))
      << value_or_fail(k.store().pending_count()) << " still pending";
}

void phase_year_back(KioskPhase& k) {
  k.expect_clock(kYearBack);
  k.expect_resubmissions_refused();
  k.submit_group("H", 3, 1);
  RunningEngine engine(k.config());
  EXPECT_TRUE(wait_until([&] { return k.drained(); }, kDrainBound)) << "H did not drain";
}

// Retention of 0 days on the real clock. Whatever was acknowledged under the real clock is past it and
// goes; what the day-ahead clock stamped (B, D, E) waits until the real clock reaches those stamps: a
// clock set back purges nothing early (store.h), and nothing is kept longer than the skew.
void phase_retention(KioskPhase& k) {
  k.expect_clock(kRealClock);
  SyncConfig config = k.config();
  config.retention_days = 0;
  config.retention_check_ms = 100;
  const auto all = k.all_submitted();
  const auto real = uuids_of(all, {"A", "C", "F", "G", "I"});  // H went with the 30 days already
  const auto day_ahead = uuids_of(all, {"B", "D", "E"});
  {
    RunningEngine engine(config);
    // Acknowledgements are stamped to the second: the last ones become "older than 0 days" a second later.
    EXPECT_TRUE(wait_until([&] { return k.all_gone(real); }, kDrainBound))
        << "applications acknowledged under the real clock were kept";
  }
  for (const auto& uuid : day_ahead)
    EXPECT_TRUE(value_or_fail(k.store().application(uuid)).has_value())
        << "purged before the real clock reached its acknowledgement, stamped a day ahead: " << uuid;
}

void play_kiosk_phase(const std::string& phase) {
  KioskPhase k;
  ASSERT_TRUE(k.ready()) << "a kiosk phase needs " << kDirVar << ", " << kRealMsVar << " and its store";
  if (phase == "real-clock-start") phase_real_clock_start(k);
  else if (phase == "day-ahead") phase_day_ahead(k);
  else if (phase == "day-ahead-offline") phase_offline(k, kDayAhead, "G");
  else if (phase == "drain") phase_drain(k, kRealClock);
  else if (phase == "year-back") phase_year_back(k);
  else if (phase == "year-back-offline") phase_offline(k, kYearBack, "I");
  else if (phase == "retention") phase_retention(k);
  else ADD_FAILURE() << "unknown kiosk phase " << phase;
  k.mark_phase_played(phase);
}

// --- the parent: the platform on the real clock, and the kiosk phases as child processes -------------------

class ClockSkewRun {
 public:
  const TempDir& dir() const { return dir_; }

  // Runs `phase` in a child of this binary with the kiosk's wall clock at `clock`. True when it passed.
  bool kiosk(const std::string& phase, const KioskClock& clock, const PlatformSimProcess& sim) {
    const std::string log_path = dir_.file("kiosk-" + std::to_string(++runs_) + "-" + phase + ".log");
    write_clock_file(dir_.file("clock"), clock.faketime);

    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::vector<std::string> args = {"/proc/self/exe",
                                     std::string("--gtest_filter=") + test->test_suite_name() + "." + test->name(),
                                     "--gtest_color=no"};
    // Ours replace any inherited; gtest's output and sharding settings belong to the parent run alone
    // (a sharded child could skip the phase, an XML report would be overwritten).
    auto inherited = [](const std::string& var) {
      for (const char* prefix : {"LD_PRELOAD=", "FAKETIME", "GTEST_", "ZHIDUI_CLOCK_SKEW_", "ASAN_OPTIONS="})
        if (var.rfind(prefix, 0) == 0) return false;
      return true;
    };
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
      if (inherited(*e)) env.push_back(*e);
    // Under `make asan` the sanitizer runtime insists on coming first among the loaded libraries, and
    // libfaketime must come before it to see the time calls; harmless in other builds.
    const char* asan_options = std::getenv("ASAN_OPTIONS");
    const std::string asan_before = asan_options && *asan_options ? std::string(asan_options) + ":" : "";
    env.push_back("ASAN_OPTIONS=" + asan_before + "verify_asan_link_order=0");
    env.insert(env.end(), {std::string("LD_PRELOAD=") + kLibFaketime,
                           "FAKETIME_TIMESTAMP_FILE=" + dir_.file("clock"),
                           "FAKETIME_NO_CACHE=1",
                           "FAKETIME_DONT_FAKE_MONOTONIC=1",
                           std::string(kPhaseVar) + "=" + phase,
                           std::string(kDirVar) + "=" + dir_.path(),
                           std::string(kUrlVar) + "=" + sim.base_url(),
                           std::string(kTokenVar) + "=" + sim.token(),
                           std::string(kRealMsVar) + "=" + std::to_string(wall_now_ms())});
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);

    std::cout.flush();
    std::cerr.flush();
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
      ADD_FAILURE() << "fork failed";
      return false;
    }
    if (pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(126);
      int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (log_fd >= 0) dup2(log_fd, 1), dup2(log_fd, 2);
      if (null_fd >= 0) dup2(null_fd, 0);
      execve("/proc/self/exe", argv.data(), envp.data());
      _exit(127);
    }
    int status = 0;
    bool ended = false;
    for (const auto deadline = std::chrono::steady_clock::now() + 90s; std::chrono::steady_clock::now() < deadline;) {
      if (waitpid(pid, &status, WNOHANG) == pid) {
        ended = true;
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    if (!ended) {
      ::kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      // libfaketime removes its shared memory at a normal exit only.
      std::error_code ec;
      fs::remove("/dev/shm/faketime_shm_" + std::to_string(pid), ec);
      fs::remove("/dev/shm/sem.faketime_sem_" + std::to_string(pid), ec);
    }
    const bool played = file_text(dir_.file("phases-played")).find(phase + "\n") != std::string::npos;
    const bool passed = ended && WIFEXITED(status) && WEXITSTATUS(status) == 0 && played;
    std::string out = file_text(log_path);
    if (out.size() > 12000) out = "…" + out.substr(out.size() - 12000);
    EXPECT_TRUE(passed) << "kiosk phase '" << phase << "' under FAKETIME=" << clock.faketime
                        << (ended ? "" : " timed out") << (played ? "" : " (never played)") << ", status " << status
                        << "\n--- its output ---\n" << out;
    return passed;
  }

  std::unique_ptr<Store> open_store() {
    auto opened = Store::open(dir_.file("kiosk.db"), dir_.file("field.key"));
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

 private:
  TempDir dir_;
  int runs_ = 0;
};

// Each of `subs` is acknowledged in the kiosk's store with the acceptance number of the platform's record.
void expect_kiosk_holds_platform_numbers(Store& store, const std::vector<Submitted>& subs, const std::string& sim_db) {
  std::map<std::string, std::string> numbers;
  for (auto& row : query_rows(sim_db, "SELECT uuid, acceptance_no FROM applications")) numbers[row[0]] = row[1];
  for (const auto& s : subs) {
    ASSERT_TRUE(numbers.count(s.uuid)) << "not on the platform: group " << s.group << " " << s.uuid;
    EXPECT_EQ(app_or_fail(store, s.uuid).acceptance_no, numbers[s.uuid]) << "group " << s.group;
  }
}

std::vector<Submitted> without_group(const std::vector<Submitted>& all, const std::string& group) {
  std::vector<Submitted> out;
  for (const auto& s : all)
    if (s.group != group) out.push_back(s);
  return out;
}

int64_t platform_replays(const PlatformSimProcess& sim) {
  auto stats = nlohmann::json::parse(sim.admin_get("/admin/stats").body, nullptr, false);
  if (!stats.is_object() || !stats.contains("requests")) {
    ADD_FAILURE() << "no stats from platform-sim";
    return -1;
  }
  return stats["requests"]["replayed"].get<int64_t>();
}

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

TEST(SyncClockSkew, ADayAheadAndAYearBackLoseDuplicateAndReorderNothingThroughTheWholeSyncPath) {
  if (const char* phase = std::getenv(kPhaseVar)) return play_kiosk_phase(phase);
  if (!fs::exists(kLibFaketime))
    GTEST_SKIP() << kLibFaketime << " missing: install the Debian package faketime (tools/debian-packages.txt)";
  if (!fs::exists(PlatformSimProcess::binary())) GTEST_SKIP() << "platform-sim not built";

  // debug: platform-sim logs every request with its answer, which shows the order ratings arrived in.
  const std::vector<std::string> sim_args = {"--log-level", "debug"};
  PlatformSimProcess sim;
  ASSERT_FALSE(sim.start(sim_args).empty()) << sim.error();
  ClockSkewRun run;
  const std::string& dir = run.dir().path();

  ASSERT_TRUE(run.kiosk("real-clock-start", kRealClock, sim));
  {
    auto store = run.open_store();
    ASSERT_TRUE(store);
    const auto groups = read_groups(dir);
    const auto b = uuids_of(groups, {"B"});
    const auto b_ratings = entries_of(*store, b, "rating");
    EXPECT_EQ(b_ratings.size(), b.size());
    for (const auto& [uuid, e] : entries_of(*store, b)) {
      EXPECT_EQ(e.state, OutboxState::pending) << uuid;
      EXPECT_GT(e.next_attempt_ms, wall_now_ms() + 20 * 60'000) << "B's Retry-After (half an hour) was not kept";
    }
    for (const auto& [uuid, e] : b_ratings) EXPECT_EQ(e.attempts, 0) << "a rating went before its application";
    const auto d = uuids_of(groups, {"D"});
    const auto d_entries = entries_of(*store, d);
    EXPECT_EQ(d_entries.size(), d.size());
    for (const auto& [uuid, e] : d_entries) {
      EXPECT_EQ(testing::count_platform_applications(sim.db_path(), uuid), 1) << "the platform committed D";
      EXPECT_EQ(e.state, OutboxState::pending) << "the kiosk never heard";
    }
  }
  const int64_t replays_before = platform_replays(sim);
  ASSERT_TRUE(run.kiosk("day-ahead", kDayAhead, sim));
  EXPECT_GE(platform_replays(sim) - replays_before, 3)
      << "D, resent by a clock a day ahead, was answered from the platform's idempotency records";

  ASSERT_EQ(sim.stop(), 0);
  ASSERT_TRUE(run.kiosk("day-ahead-offline", kDayAhead, sim));
  {
    auto store = run.open_store();
    ASSERT_TRUE(store);
    for (const auto& [uuid, e] : entries_of(*store, uuids_of(read_groups(dir), {"G"})))
      EXPECT_GT(e.next_attempt_ms, wall_now_ms() + kDayMs - kHourMs) << "G's not-before, set a day ahead: " << uuid;
  }
  ASSERT_FALSE(sim.start(sim_args).empty()) << sim.error();
  ASSERT_TRUE(run.kiosk("drain", kRealClock, sim));  // G, whose not-before is a day from now, goes at once

  ASSERT_TRUE(run.kiosk("year-back", kYearBack, sim));
  {
    auto store = run.open_store();
    ASSERT_TRUE(store);
    expect_kiosk_holds_platform_numbers(*store, read_groups(dir), sim.db_path());  // H, before retention sees it
  }
  ASSERT_EQ(sim.stop(), 0);
  ASSERT_TRUE(run.kiosk("year-back-offline", kYearBack, sim));
  {
    auto store = run.open_store();
    ASSERT_TRUE(store);
    for (const auto& [uuid, e] : entries_of(*store, uuids_of(read_groups(dir), {"I"})))
      EXPECT_LT(e.next_attempt_ms, wall_now_ms() - kYearMs + kDayMs) << "I's not-before, set a year back: " << uuid;
  }
  ASSERT_FALSE(sim.start(sim_args).empty()) << sim.error();
  ASSERT_TRUE(run.kiosk("drain", kRealClock, sim));  // I; and retention (30 days) at the engine's start

  // --- what the platform holds ---
  const auto all = read_groups(dir);
  ASSERT_EQ(all.size(), 30u);
  std::map<std::string, std::pair<std::string, std::string>> platform;  // uuid → submitted_at, received_at
  for (auto& row : query_rows(sim.db_path(), "SELECT uuid, submitted_at, received_at FROM applications"))
    platform[row[0]] = {row[1], row[2]};
  EXPECT_EQ(platform.size(), all.size()) << "every application on the platform exactly once, nothing else";
  std::set<std::string> rated, platform_rated;
  for (const auto& s : all)
    if (s.rated) rated.insert(s.uuid);
  for (auto& row : query_rows(sim.db_path(), "SELECT uuid FROM ratings")) platform_rated.insert(row[0]);
  EXPECT_EQ(platform_rated, rated) << "every rating reached the platform, once";
  for (const auto& s : all) {
    ASSERT_TRUE(platform.count(s.uuid)) << "lost: group " << s.group << " " << s.uuid;
    // The platform's record carries the kiosk's clock, so the skew really reached the kiosk side.
    const auto& [submitted_at, received_at] = platform[s.uuid];
    const int64_t skew = unix_ms_from_iso(submitted_at) - unix_ms_from_iso(received_at);
    EXPECT_NEAR(double(skew), double(kSubmittedUnderOffset.at(s.group)), double(kHourMs))
        << "group " << s.group << ": submitted_at " << submitted_at << ", received_at " << received_at;
  }
  // A rating that arrived before its application would have been answered 409 (unknown application).
  const std::string sim_log = file_text(sim.log_path());
  EXPECT_EQ(count_of(sim_log, "/rating -> 409"), 0u) << "a rating overtook its application";
  EXPECT_GE(count_of(sim_log, "/rating -> 200"), rated.size()) << "the log no longer shows ratings: check the test";
  EXPECT_EQ(integrity_of(sim.db_path()), "ok");

  // --- what the kiosk holds ---
  {
    auto store = run.open_store();
    ASSERT_TRUE(store);
    // H was acknowledged under the year-back clock: on the real clock it looks a year old, and the 30
    // days of retention purged it when the engine started (the trade-off store.h documents; the
    // platform holds it). Everything else is kept, the day-ahead stamps included.
    for (const auto& uuid : uuids_of(all, {"H"}))
      EXPECT_FALSE(value_or_fail(store->application(uuid)).has_value()) << "H kept: " << uuid;
    const auto kept = without_group(all, "H");
    expect_kiosk_holds_platform_numbers(*store, kept, sim.db_path());
    size_t kept_ratings = 0;
    for (const auto& s : kept) kept_ratings += s.rated ? 1 : 0;
    const auto counts = value_or_fail(store->outbox_counts());
    EXPECT_EQ(counts.pending, 0);
    EXPECT_EQ(counts.dead, 0);
    EXPECT_EQ(counts.done, int64_t(kept.size() + kept_ratings));
  }
  EXPECT_EQ(integrity_of(dir + "/kiosk.db"), "ok");

  ASSERT_TRUE(run.kiosk("retention", kRealClock, sim));
  EXPECT_EQ(integrity_of(dir + "/kiosk.db"), "ok");
}

}  // namespace
}  // namespace zhidui::offline
