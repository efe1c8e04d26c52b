// ui_bench.cpp — frame BUILD time of every screen: events, session tick, NewFrame → draw → Render, without
// rasterising or presenting (AppOptions::rasterize = false), p50/p99 per screen and orientation.
// Budget: p99 ≤ 2 ms (issue 6); the counter over_budget is 1 where it is exceeded.
//
// Each screen is reached through the golden scenario table (tests/ui/golden_scenarios.h), so a new
// scenario is benchmarked without an edit here. The table's .cpp is compiled into this file because the
// bench target globs bench/ only (a target_sources line in CMakeLists.txt would be the cleaner home).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>

#include "tests/ui/golden_scenarios.cpp"  // NOLINT(bugprone-suspicious-include): see above

namespace {

using namespace zhidui;

constexpr int kFrames = 1000;  // one kiosk frame each, the clock moving 16 ms; p99 is the 10th-worst frame
constexpr double kBudgetP99Ms = 2.0;

void BM_UiFrameBuild(benchmark::State& state, const golden::Scenario* scenario, const golden::Orientation* o) {
  // One App at a time: ImGui's context and SDL are process-wide.
  auto harness = golden::Harness::create(*o);  // builds frames without rasterising
  if (!harness) {
    state.SkipWithError(harness.error().message.c_str());
    return;
  }
  golden::Harness& h = *harness.value();
  if (auto s = scenario->drive(h); !s) {
    state.SkipWithError(s.error().message.c_str());
    return;
  }
  std::vector<double> ms;
  ms.reserve(kFrames);
  for (auto _ : state) {
    h.advance(16);
    auto t0 = std::chrono::steady_clock::now();
    h.app().frame();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, size_t(p * double(ms.size())))]; };
  state.counters["p50_ms"] = pct(0.50);
  state.counters["p99_ms"] = pct(0.99);
  state.counters["max_ms"] = ms.back();
  state.counters["over_budget"] = pct(0.99) > kBudgetP99Ms ? 1 : 0;
}

const bool registered = [] {
  for (const auto& o : golden::kOrientations)
    for (const auto& s : golden::scenarios())
      benchmark::RegisterBenchmark((std::string("BM_UiFrameBuild/") + o.name + "/" + s.name).c_str(), BM_UiFrameBuild,
                                   &s, &o)
          ->Iterations(kFrames)
          ->Unit(benchmark::kMillisecond);
  return true;
}();

}  // namespace
