// voice_bench.cpp — speech synthesis with espeak-ng's Mandarin voice: time to synthesise a typical
// screen prompt and its real-time factor (synthesis time / audio duration; below 1 means faster than
// it is spoken), the first call that loads espeak-ng's data, and the memory the engine and a prompt take.
// Figures are reported by Google Benchmark; nothing here asserts a time.
#include <benchmark/benchmark.h>

#include <chrono>
#include <fstream>
#include <string>

#include "base/paths.h"
#include "kiosk/voice/speech_synth.h"
#include "kiosk/voice/voice_prompts.h"

using namespace zhidui;
using namespace zhidui::voice;

namespace {

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

const VoicePrompts& prompts() {
  static VoicePrompts p = VoicePrompts::load(paths::assets_dir() + "/strings/voice-zh-CN.json").value();
  return p;
}

// The first synthesis initialises espeak-ng and loads the Mandarin dictionary (one-off per process).
void BM_VoiceEngineStart(benchmark::State& state) {
  long before = rss_kib();
  auto start = std::chrono::steady_clock::now();
  auto rate = SpeechSynth::sample_rate();
  auto first = SpeechSynth().synthesise("1");
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  for (auto _ : state) benchmark::DoNotOptimize(rate);
  state.counters["first_call_ms"] = ms;
  state.counters["engine_rss_kib"] = double(rss_kib() - before);
  state.counters["ok"] = rate.ok() && first.ok();
}
BENCHMARK(BM_VoiceEngineStart)->Iterations(1);

void synthesise_prompt(benchmark::State& state, const std::string& text) {
  SpeechSynth synth;
  double audio_s = 0, bytes = 0, synth_s = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    auto pcm = synth.synthesise(text);
    synth_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    audio_s = pcm.ok() ? pcm->seconds() : 0;
    bytes = pcm.ok() ? double(pcm->samples.size() * sizeof(int16_t)) : 0;
    benchmark::DoNotOptimize(pcm);
  }
  state.counters["audio_s"] = audio_s;
  state.counters["pcm_kib"] = bytes / 1024;
  // Seconds of synthesis per second of speech (wall clock, on a machine shared with other work).
  state.counters["rtf"] = audio_s > 0 ? synth_s / (audio_s * double(state.iterations())) : 0;
}

void BM_SynthesiseIdentifyPrompt(benchmark::State& state) { synthesise_prompt(state, *prompts().screen("identify")); }
BENCHMARK(BM_SynthesiseIdentifyPrompt)->Unit(benchmark::kMillisecond);

void BM_SynthesiseHomePrompt(benchmark::State& state) { synthesise_prompt(state, *prompts().screen("home")); }
BENCHMARK(BM_SynthesiseHomePrompt)->Unit(benchmark::kMillisecond);

void BM_SynthesiseShortError(benchmark::State& state) {
  synthesise_prompt(state, *prompts().error("reader.unavailable"));
}
BENCHMARK(BM_SynthesiseShortError)->Unit(benchmark::kMillisecond);

}  // namespace
