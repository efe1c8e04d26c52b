// offline_bench.cpp — benchmarks of the offline store and sync (issue 5, "Benchmarks"):
//  - BM_DurableSubmit: Store::submit latency (returns after COMMIT with WAL + synchronous=FULL),
//    p50/p99 as counters, next to
//  - BM_RawFsync1K: a 1 KiB append + fsync on the same disk (the floor any durable write pays);
//  - BM_DrainToPlatformSim: the real SyncEngine draining a backlog to the real platform-sim on
//    loopback (one worker, one curl handle reused: keep-alive), in applications/s — with single
//    uploads (batch of 1, the engine before batching) and with batches of 50 and 100 (the budget:
//    at least 1,000 applications/s), and
//  - BM_SubmitRoundTripToPlatformSim: one POST to platform-sim alone (its commit included), p50/p99;
//  - BM_Backlog100k: RSS growth (/proc/self/statm) while 100,000 applications are queued, and how
//    long next_due takes with that backlog;
//  - BM_RotateKey10k: Store::rotate_key on a store of 10,000 applications (each with its upload body):
//    new key file, the one re-sealing transaction, the rename and the TRUNCATE checkpoint; one rotation
//    per iteration, and the exclusive open (quick_check) that the technician's command adds, once.
// Figures only; nothing here asserts a time. Temp files go under the build folder (the same disk the
// kiosk's data folder is on in development), except the 100k backlog, which is filled on /dev/shm when
// present: it measures memory and query time, not the disk, and 100k fsyncs would take minutes. The
// rotation's store is filled there too, then copied to the build folder, where it is rotated.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "base/uuid.h"
#include "offline/platform_client.h"
#include "offline/store.h"
#include "offline/sync_engine.h"
#include "tests/offline/platform_sim_process.h"
#include "zhidui_build_paths.h"

using namespace zhidui;
using namespace zhidui::offline;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kBenchKioskId = "kiosk-bench-01";

// A private folder under `parent`, removed when the benchmark ends.
class TempDir {
 public:
  explicit TempDir(const std::string& parent) {
    std::string pattern = parent + "/offline-bench-XXXXXX";
    if (char* made = mkdtemp(pattern.data())) path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string same_disk_parent() { return ZHIDUI_BUILD_DIR; }
std::string memory_parent() { return fs::is_directory("/dev/shm") ? "/dev/shm" : ZHIDUI_BUILD_DIR; }

// A made-up applicant (bench data only) and the body the kiosk would upload for it.
NewApplication bench_application(const std::string& uuid) {
  NewApplication app;
  app.uuid = uuid;
  app.policy_id = "hn-employment-subsidy";
  app.policy_title = "一次性创业补贴";
  app.created_at = "2026-11-25T03:00:00Z";
  app.personal.name = "测试用户";
  app.personal.id_number = "430102199001011234";
  app.personal.address = "湖南省长沙市岳麓区测试路1号";
  app.personal.phone = "13800000000";
  app.personal.bank_account = "6222000000000000000";
  app.upload_body = zhidui::testing::sample_application_body(uuid, kBenchKioskId);
  return app;
}

double percentile_us(std::vector<double>& samples_us, double p) {
  if (samples_us.empty()) return 0;
  std::sort(samples_us.begin(), samples_us.end());
  size_t index = std::min(samples_us.size() - 1, size_t(p * double(samples_us.size() - 1) + 0.5));
  return samples_us[index];
}

void report_percentiles(benchmark::State& state, std::vector<double>& samples_us) {
  state.counters["p50_us"] = percentile_us(samples_us, 0.50);
  state.counters["p99_us"] = percentile_us(samples_us, 0.99);
  state.counters["max_us"] = samples_us.empty() ? 0 : samples_us.back();
}

double elapsed_us(Clock::time_point since) {
  return std::chrono::duration<double, std::micro>(Clock::now() - since).count();
}

int64_t resident_bytes() {
  long pages_total = 0, pages_resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return -1;
  int n = std::fscanf(f, "%ld %ld", &pages_total, &pages_resident);
  std::fclose(f);
  return n == 2 ? int64_t(pages_resident) * sysconf(_SC_PAGESIZE) : -1;
}

int64_t wall_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// ---- durable submit vs raw fsync --------------------------------------------------------------------

void BM_DurableSubmit(benchmark::State& state) {
  TempDir dir(same_disk_parent());
  auto store = Store::open(dir.file("kiosk.db"), dir.file("field.key"));
  if (!store.ok()) return state.SkipWithError(store.error().message.c_str());
  std::vector<double> samples_us;
  for (auto _ : state) {
    state.PauseTiming();
    NewApplication app = bench_application(make_uuid_v4());
    state.ResumeTiming();
    auto started = Clock::now();
    Status s = store.value()->submit(app);
    samples_us.push_back(elapsed_us(started));
    if (!s.ok()) return state.SkipWithError(s.error().message.c_str());
  }
  report_percentiles(state, samples_us);
}
BENCHMARK(BM_DurableSubmit)->Iterations(2000)->Unit(benchmark::kMicrosecond);

void BM_RawFsync1K(benchmark::State& state) {
  TempDir dir(same_disk_parent());
  const std::string path = dir.file("fsync-probe");
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return state.SkipWithError("cannot create the probe file");
  const std::string block(1024, 'x');
  std::vector<double> samples_us;
  for (auto _ : state) {
    auto started = Clock::now();
    bool ok = ::write(fd, block.data(), block.size()) == ssize_t(block.size()) && ::fsync(fd) == 0;
    samples_us.push_back(elapsed_us(started));
    if (!ok) {
      ::close(fd);
      return state.SkipWithError("write or fsync failed");
    }
  }
  ::close(fd);
  report_percentiles(state, samples_us);
}
BENCHMARK(BM_RawFsync1K)->Iterations(2000)->Unit(benchmark::kMicrosecond);

// ---- drain to platform-sim -----------------------------------------------------------------------------

// Args: backlog, batch_max_items (1 = single uploads).
void BM_DrainToPlatformSim(benchmark::State& state) {
  const int backlog = int(state.range(0));
  const int batch_max_items = int(state.range(1));
  zhidui::testing::PlatformSimProcess sim;
  const std::string url = sim.start({"--log-level", "warn"});
  if (url.empty()) return state.SkipWithError(sim.error().c_str());

  for (auto _ : state) {
    state.PauseTiming();
    TempDir dir(same_disk_parent());
    {
      auto store = Store::open(dir.file("kiosk.db"), dir.file("field.key"));
      if (!store.ok()) return state.SkipWithError(store.error().message.c_str());
      for (int i = 0; i < backlog; ++i) {
        if (Status s = store.value()->submit(bench_application(make_uuid_v4())); !s.ok())
          return state.SkipWithError(s.error().message.c_str());
      }
    }
    std::mutex mutex;
    std::condition_variable cv;
    int acknowledged = 0, failed = 0;
    SyncConfig config;
    config.db_path = dir.file("kiosk.db");
    config.key_path = dir.file("field.key");
    config.platform.base_url = url;
    config.platform.kiosk_id = kBenchKioskId;
    config.platform.token = sim.token();
    config.batch_max_items = batch_max_items;
    config.status_pull_interval_ms = 0;
    SyncEngine engine(config, [&](const SyncEvent& event) {
      std::lock_guard lock(mutex);
      if (event.kind == SyncEvent::Kind::acknowledged) ++acknowledged;
      if (event.kind == SyncEvent::Kind::retry_scheduled || event.kind == SyncEvent::Kind::dead) ++failed;
      cv.notify_all();
    });
    state.ResumeTiming();

    engine.start();
    {
      std::unique_lock lock(mutex);
      cv.wait_for(lock, std::chrono::seconds(120), [&] { return acknowledged + failed >= backlog; });
    }
    state.PauseTiming();
    engine.stop();
    if (failed > 0) return state.SkipWithError("some uploads were not acknowledged at once");
    state.ResumeTiming();
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * backlog);
  state.counters["apps_per_s"] = benchmark::Counter(double(backlog) * double(state.iterations()),
                                                    benchmark::Counter::kIsRate);
  sim.stop();
}
BENCHMARK(BM_DrainToPlatformSim)
    ->ArgNames({"backlog", "batch"})
    ->Args({2000, 1})
    ->Args({2000, 50})
    ->Args({2000, 100})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The platform round trip alone (no kiosk store): where the drain's time per application goes.
void BM_SubmitRoundTripToPlatformSim(benchmark::State& state) {
  zhidui::testing::PlatformSimProcess sim;
  const std::string url = sim.start({"--log-level", "warn"});
  if (url.empty()) return state.SkipWithError(sim.error().c_str());
  PlatformConfig config;
  config.base_url = url;
  config.kiosk_id = kBenchKioskId;
  config.token = sim.token();
  PlatformClient client(config);  // one handle: the connection is kept alive
  std::vector<double> samples_us;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string uuid = make_uuid_v4();
    const std::string body = zhidui::testing::sample_application_body(uuid, kBenchKioskId);
    state.ResumeTiming();
    auto started = Clock::now();
    SubmitResult r = client.submit_application(uuid, body);
    samples_us.push_back(elapsed_us(started));
    if (r.outcome != Outcome::done) return state.SkipWithError(r.reason.c_str());
  }
  report_percentiles(state, samples_us);
  sim.stop();
}
BENCHMARK(BM_SubmitRoundTripToPlatformSim)->Iterations(500)->Unit(benchmark::kMicrosecond);

// ---- memory and next_due with 100,000 queued -------------------------------------------------------------

void BM_Backlog100k(benchmark::State& state) {
  const int backlog = int(state.range(0));
  TempDir dir(memory_parent());
  auto opened = Store::open(dir.file("kiosk.db"), dir.file("field.key"));
  if (!opened.ok()) return state.SkipWithError(opened.error().message.c_str());
  Store& store = *opened.value();
  const int64_t rss_before = resident_bytes();
  for (int i = 0; i < backlog; ++i) {
    if (Status s = store.submit(bench_application(make_uuid_v4())); !s.ok())
      return state.SkipWithError(s.error().message.c_str());
  }
  const int64_t rss_after = resident_bytes();

  std::vector<double> samples_us;
  for (auto _ : state) {
    auto started = Clock::now();
    auto due = store.next_due(wall_now_ms());
    samples_us.push_back(elapsed_us(started));
    if (!due.ok() || !due.value()) return state.SkipWithError("next_due found nothing in the backlog");
    benchmark::DoNotOptimize(due);
  }
  auto pending = store.pending_count();
  state.counters["queued"] = double(pending.ok() ? pending.value() : -1);
  state.counters["rss_growth_MiB"] = double(rss_after - rss_before) / (1024.0 * 1024.0);
  state.counters["rss_after_MiB"] = double(rss_after) / (1024.0 * 1024.0);
  std::error_code ec;
  state.counters["db_MiB"] = double(fs::file_size(dir.file("kiosk.db"), ec)) / (1024.0 * 1024.0);
  state.counters["next_due_p50_us"] = percentile_us(samples_us, 0.50);
  state.counters["next_due_p99_us"] = percentile_us(samples_us, 0.99);
}
BENCHMARK(BM_Backlog100k)->Arg(100000)->Iterations(200)->Unit(benchmark::kMicrosecond);

// ---- key rotation of 10,000 applications ------------------------------------------------------------------

void BM_RotateKey10k(benchmark::State& state) {
  const int applications = int(state.range(0));
  TempDir filled(memory_parent()), dir(same_disk_parent());
  {
    auto opened = Store::open(filled.file("kiosk.db"), filled.file("field.key"));
    if (!opened.ok()) return state.SkipWithError(opened.error().message.c_str());
    for (int i = 0; i < applications; ++i) {
      if (Status s = opened.value()->submit(bench_application(make_uuid_v4())); !s.ok())
        return state.SkipWithError(s.error().message.c_str());
    }
  }  // closing checkpoints the WAL into the database file
  std::error_code ec;
  for (const char* name : {"kiosk.db", "field.key"}) fs::copy_file(filled.file(name), dir.file(name), ec);
  if (ec) return state.SkipWithError(("copying the filled store: " + ec.message()).c_str());

  StoreOptions exclusive;
  exclusive.exclusive = true;
  const auto open_started = Clock::now();
  auto opened = Store::open(dir.file("kiosk.db"), dir.file("field.key"), exclusive);
  const double open_ms = elapsed_us(open_started) / 1000.0;
  if (!opened.ok()) return state.SkipWithError(opened.error().message.c_str());
  KeyRotationReport last;
  for (auto _ : state) {
    auto report = opened.value()->rotate_key();
    if (!report.ok()) return state.SkipWithError(report.error().message.c_str());
    last = report.value();
  }
  state.counters["values_resealed"] = double(last.values_resealed);
  state.counters["exclusive_open_ms"] = open_ms;
  state.counters["db_MiB"] = double(fs::file_size(dir.file("kiosk.db"), ec)) / (1024.0 * 1024.0);
}
BENCHMARK(BM_RotateKey10k)->Arg(10000)->Iterations(5)->Unit(benchmark::kMillisecond);

}  // namespace
