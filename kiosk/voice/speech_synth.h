// speech_synth.h — Chinese text to 16-bit mono PCM in memory, with espeak-ng's Mandarin voice.
//
// espeak-ng keeps all of its state in globals (one voice, one callback, one set of parameters per
// process), so every SpeechSynth shares one process-wide engine, initialised on first use and guarded
// by a mutex: calls from different threads are serialised, never interleaved. The voice guide gives it
// a thread of its own, so the UI thread never waits for synthesis.
//
// The default voice is "cmn-Latn-pinyin", not "cmn": both are espeak-ng's Mandarin, but in Debian's
// 1.51 the "cmn" voice reads the pinyin of most characters as English words with English tone
// numbers (请 → "king three"); "cmn-Latn-pinyin" reads the same characters as Mandarin, and also
// accepts pinyin with tone digits (zhang3), which the prompt file uses to fix polyphonic characters.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "base/result.h"
#include "kiosk/voice/pcm.h"

namespace zhidui::voice {

struct SynthOptions {
  std::string voice = "cmn-Latn-pinyin";
  // espeak-ng's speaking rate in words per minute (80..450; its default is 175). Slower speech is
  // easier to follow for elderly listeners, and Mandarin at 175 sounds hurried.
  int rate_wpm = 165;
  int pitch = 50;      // 0..100, espeak-ng's default 50
  int word_gap_10ms = 0;  // extra pause between words, in units of 10 ms
};

class SpeechSynth {
 public:
  explicit SpeechSynth(SynthOptions options = {}) : options_(std::move(options)) {}

  // Synthesises UTF-8 text. Errors: "voice.init" (espeak-ng or its data missing), "voice.voice"
  // (the voice is not installed), "voice.synth", "voice.cancelled" (cancel became true; checked
  // between the engine's chunks of about 50 ms of audio).
  Result<Pcm> synthesise(std::string_view text, const std::atomic<bool>* cancel = nullptr) const;

  // espeak-ng's phoneme mnemonics for text, clause by clause; a language switch shows as "(en)" (how
  // tests prove a prompt is read as Mandarin, not spelled out in English).
  Result<std::string> phonemes(std::string_view text) const;

  const SynthOptions& options() const { return options_; }

  // The engine's output sample rate (espeak-ng's is 22050 Hz), initialising the engine if needed.
  static Result<int> sample_rate();

 private:
  SynthOptions options_;
};

}  // namespace zhidui::voice
