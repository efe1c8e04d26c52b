// ime_bench.cpp — benchmarks of the Chinese input engines: preparing rime's data (first start and warm
// start), pinyin keystroke-to-candidates latency, and handwriting recognition time.
// Figures are reported by Google Benchmark; nothing here asserts a time.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "kiosk/input/handwriting.h"
#include "kiosk/input/pinyin_ime.h"
#include "zhidui_build_paths.h"

namespace fs = std::filesystem;
using namespace zhidui::input;

namespace {

std::string make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "zhidui-ime-bench-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  return made ? made : "";
}

// Rime allows one engine per process: the keystroke benchmarks share one, the start-up benchmarks
// release it first.
std::unique_ptr<PinyinIme> g_ime;
std::string g_ime_dir;
// Destroyed before the two above: removes the temporary folder. The engine is deliberately left alive:
// finalising rime during static destruction crashes (its own statics may already be gone).
struct SharedImeCleanup {
  ~SharedImeCleanup() {
    (void)g_ime.release();
    if (!g_ime_dir.empty()) fs::remove_all(g_ime_dir);
  }
} g_cleanup;
PinyinIme& shared_ime() {
  if (!g_ime) {
    if (g_ime_dir.empty()) g_ime_dir = make_temp_dir();
    g_ime = std::make_unique<PinyinIme>(PinyinImeOptions{.data_dir = g_ime_dir});
    g_ime->wait_until_prepared();
  }
  return *g_ime;
}

void BM_PinyinFirstStartDeploy(benchmark::State& state) {
  g_ime.reset();
  for (auto _ : state) {
    state.PauseTiming();
    std::string dir = make_temp_dir();
    state.ResumeTiming();
    auto ime = std::make_unique<PinyinIme>(PinyinImeOptions{.data_dir = dir});
    if (ime->wait_until_prepared() != ImeState::ready) state.SkipWithError("rime not ready");
    state.PauseTiming();
    ime.reset();
    fs::remove_all(dir);
    state.ResumeTiming();
  }
}
BENCHMARK(BM_PinyinFirstStartDeploy)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_PinyinWarmStart(benchmark::State& state) {
  g_ime.reset();
  shared_ime();  // makes sure the shared folder is deployed
  g_ime.reset();
  for (auto _ : state) {
    auto ime = std::make_unique<PinyinIme>(PinyinImeOptions{.data_dir = g_ime_dir});
    if (ime->wait_until_prepared() != ImeState::ready || ime->deployed_data())
      state.SkipWithError("warm start redeployed");
    state.PauseTiming();
    ime.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_PinyinWarmStart)->Unit(benchmark::kMillisecond)->Iterations(5);

// One keystroke as the keyboard does it: press, then read the page of candidates it draws.
void BM_PinyinKeystrokeToCandidates(benchmark::State& state) {
  PinyinIme& ime = shared_ime();
  const std::string word = "zhangsan";
  size_t i = 0;
  for (auto _ : state) {
    if (i == word.size()) {
      state.PauseTiming();
      ime.clear();
      i = 0;
      state.ResumeTiming();
    }
    ime.press(word[i++]);
    auto c = ime.candidates();
    bool more = ime.has_more();
    benchmark::DoNotOptimize(c);
    benchmark::DoNotOptimize(more);
  }
  ime.clear();
}
BENCHMARK(BM_PinyinKeystrokeToCandidates)->Unit(benchmark::kMicrosecond);

// The worst case a citizen meets: the last letter of a long sentence (rime re-segments all of it).
void BM_PinyinLastKeyOfLongInput(benchmark::State& state) {
  PinyinIme& ime = shared_ime();
  const std::string text = "hunanshengchangshashiyuelu";
  ime.clear();
  for (size_t i = 0; i + 1 < text.size(); ++i) ime.press(text[i]);
  for (auto _ : state) {
    ime.press(text.back());
    auto c = ime.candidates();
    benchmark::DoNotOptimize(c);
    state.PauseTiming();
    ime.backspace();
    state.ResumeTiming();
  }
  ime.clear();
}
BENCHMARK(BM_PinyinLastKeyOfLongInput)->Unit(benchmark::kMicrosecond);

void BM_PinyinNextPage(benchmark::State& state) {
  PinyinIme& ime = shared_ime();
  ime.clear();
  for (char c : std::string("shi")) ime.press(c);
  for (auto _ : state) {
    if (!ime.has_more()) {
      state.PauseTiming();
      ime.clear();
      for (char c : std::string("shi")) ime.press(c);
      state.ResumeTiming();
    }
    ime.page_down();
    auto c = ime.candidates();
    benchmark::DoNotOptimize(c);
  }
  ime.clear();
}
BENCHMARK(BM_PinyinNextPage)->Unit(benchmark::kMicrosecond);

void BM_PinyinWipe(benchmark::State& state) {
  PinyinIme& ime = shared_ime();
  for (auto _ : state) ime.wipe();
}
BENCHMARK(BM_PinyinWipe)->Unit(benchmark::kMicrosecond);

// The test fixtures (drawn strokes of 十 and 王), found next to the baked-in assets folder of the source tree.
std::vector<Stroke> load_strokes(const std::string& name, float* pad_size) {
  std::ifstream in(std::string(ZHIDUI_ASSETS_DIR) + "/../tests/kiosk/input/fixtures/" + name + ".json");
  std::stringstream buf;
  buf << in.rdbuf();
  auto j = nlohmann::json::parse(buf.str(), nullptr, false);
  std::vector<Stroke> strokes;
  if (j.is_discarded()) return strokes;
  *pad_size = j.at("pad_size").get<float>();
  for (const auto& s : j.at("strokes")) {
    Stroke stroke;
    for (const auto& p : s) stroke.push_back({p.at(0).get<float>(), p.at(1).get<float>()});
    strokes.push_back(std::move(stroke));
  }
  return strokes;
}

void BM_HandwritingOpenModel(benchmark::State& state) {
  for (auto _ : state) {
    auto r = HandwritingRecognizer::open();
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_HandwritingOpenModel)->Unit(benchmark::kMillisecond);

// Recognition after a finished stroke, with the pad's eight candidates.
void BM_HandwritingRecognize(benchmark::State& state, const char* fixture) {
  auto r = HandwritingRecognizer::open();
  if (!r.ok()) {
    state.SkipWithError("no zinnia model");
    return;
  }
  float pad = 300;
  auto strokes = load_strokes(fixture, &pad);
  if (strokes.empty()) {
    state.SkipWithError("fixture missing");
    return;
  }
  for (auto _ : state) {
    auto c = r.value()->recognize(strokes, 8, pad);
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK_CAPTURE(BM_HandwritingRecognize, shi_2_strokes, "shi")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_HandwritingRecognize, wang_4_strokes, "wang")->Unit(benchmark::kMicrosecond);

}  // namespace
