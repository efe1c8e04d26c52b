// voice_guide.h — speaks screen prompts and important errors on a worker thread of its own.
//
// The UI thread calls say() and stop(); both only update a small queue under a mutex and return, so
// speech never blocks the frame loop. The worker owns synthesis (espeak-ng's global engine is only
// used from this thread) and hands each utterance, scaled to the volume, to a VoiceSink — the SDL
// speaker in the kiosk, a recording fake in tests. Every sink call is made on the worker thread.
//
// What is said when several things are asked for:
//   - a new screen prompt replaces a screen prompt still waiting or being synthesised, and cuts off
//     one already playing (the citizen has moved on);
//   - an error replaces every waiting screen prompt and the same error still waiting, and cuts off
//     whatever is playing, a prompt or an earlier error;
//   - a screen prompt asked for while an error is playing is queued after it, not cut in.
// Recently synthesised texts are kept (by text, within a byte budget) so a screen revisited or an
// error repeated is spoken without synthesising again.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "base/result.h"
#include "kiosk/voice/pcm.h"
#include "kiosk/voice/speech_synth.h"

namespace zhidui::voice {

enum class Priority { prompt = 0, error = 1 };

class VoiceSink {
 public:
  virtual ~VoiceSink() = default;
  // One whole utterance, already scaled to the volume, to be played after anything still queued.
  virtual void play(const Pcm& pcm) = 0;
  // Drops everything queued or playing.
  virtual void clear() = 0;
};

// Text to PCM; should give up soon after cancel becomes true (any result is then discarded).
using SynthesiseFn = std::function<Result<Pcm>(const std::string& text, const std::atomic<bool>& cancel)>;

class VoiceGuide {
 public:
  struct Options {
    int volume = 80;                     // 0..100, the technician's setting
    size_t cache_bytes = 8 * 1024 * 1024;  // about 3 minutes of speech at 22050 Hz
  };
  struct Stats {
    uint64_t delivered = 0;   // utterances handed to the sink
    uint64_t superseded = 0;  // dropped because something replaced them or stop() was called
    uint64_t cache_hits = 0;
    uint64_t failures = 0;    // synthesis errors (logged once each)
  };

  // With espeak-ng (SpeechSynth with synth_options). The sink must outlive the guide.
  VoiceGuide(VoiceSink& sink, SynthOptions synth_options, Options options);
  // With any synthesiser (tests).
  VoiceGuide(VoiceSink& sink, SynthesiseFn synthesise, Options options);
  ~VoiceGuide();  // cancels what is in progress and joins the worker; the sink is not called after
  VoiceGuide(const VoiceGuide&) = delete;
  VoiceGuide& operator=(const VoiceGuide&) = delete;

  // Never blocks on synthesis or the sink. Empty text is ignored.
  void say(std::string text, Priority priority);
  // Silences everything: waiting speech is dropped, synthesis in progress is cancelled, and the sink
  // is cleared (by the worker, at once).
  void stop();

  void set_volume(int volume);  // clamped to 0..100; applies to utterances delivered from now on
  int volume() const { return volume_.load(); }
  // The amplitude factor for a volume: perceived loudness follows roughly the square of the setting.
  static double gain_for_volume(int volume);

  // Blocks until nothing is waiting, being synthesised or waiting to be cleared (tests, shutdown).
  void wait_until_idle();
  Stats stats() const;

 private:
  struct Utterance {
    std::string text;
    Priority priority;
  };
  void run();
  std::shared_ptr<const Pcm> synthesise_cached(const std::string& text, bool& cancelled);

  VoiceSink& sink_;
  SynthesiseFn synthesise_;
  Options options_;
  std::atomic<int> volume_;

  mutable std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<Utterance> pending_;
  std::optional<Utterance> in_flight_;
  std::atomic<bool> cancel_in_flight_{false};
  // stop() asks for a sink clear by counting up; the worker counts clears done after sink.clear() returned,
  // so wait_until_idle() cannot return between the two.
  uint64_t clears_requested_ = 0, clears_done_ = 0;
  bool stopping_ = false;
  Stats stats_;

  // Worker thread only.
  std::optional<Priority> last_delivered_;
  std::map<std::string, std::shared_ptr<const Pcm>, std::less<>> cache_;
  std::deque<std::string> cache_order_;  // oldest first
  size_t cache_size_bytes_ = 0;

  std::thread worker_;  // last: starts after everything above is constructed
};

}  // namespace zhidui::voice
