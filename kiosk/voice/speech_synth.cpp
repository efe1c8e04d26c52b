// speech_synth.cpp — the process-wide espeak-ng engine behind SpeechSynth.
#include "kiosk/voice/speech_synth.h"

#include <espeak-ng/speak_lib.h>

#include <mutex>
#include <optional>

#include "base/log.h"

namespace zhidui::voice {

namespace {

// What one espeak_Synth call collects; reaches the callback through the event's user_data.
struct Collector {
  Pcm* out;
  const std::atomic<bool>* cancel;
};

int collect_samples(short* wav, int count, espeak_EVENT* events) {
  auto* collector = static_cast<Collector*>(events ? events->user_data : nullptr);
  if (!collector) return 0;
  if (wav && count > 0) collector->out->samples.insert(collector->out->samples.end(), wav, wav + count);
  return (collector->cancel && collector->cancel->load()) ? 1 : 0;  // 1 asks espeak-ng to stop
}

struct Engine {
  std::mutex mutex;
  std::optional<Result<int>> sample_rate;  // set once: the rate, or why the engine cannot start
  std::string voice;                       // currently selected voice ("" = none yet)
};

Engine& engine() {
  static Engine e;
  return e;
}

// Requires engine().mutex held.
const Result<int>& initialise_locked() {
  Engine& e = engine();
  if (!e.sample_rate) {
    // Synchronous: espeak_Synth returns when all audio has gone through the callback, on this thread.
    // DONT_EXIT: without it espeak-ng calls exit() when its data folder is missing.
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 50, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) {
      e.sample_rate = Result<int>(make_error("voice.init", "espeak-ng failed to initialise (is espeak-ng-data installed?)"));
      log::error("voice", "espeak-ng failed to initialise");
    } else {
      espeak_SetSynthCallback(collect_samples);
      e.sample_rate = Result<int>(rate);
      log::info("voice", "espeak-ng " + std::string(espeak_Info(nullptr)) + " at " + std::to_string(rate) + " Hz");
    }
  }
  return *e.sample_rate;
}

// Requires engine().mutex held and the engine initialised.
Status select_voice_locked(const std::string& voice) {
  Engine& e = engine();
  if (e.voice != voice) {
    if (espeak_SetVoiceByName(voice.c_str()) != EE_OK) {
      e.voice.clear();
      return make_error("voice.voice", "espeak-ng has no voice " + voice);
    }
    e.voice = voice;
  }
  return Ok{};
}

}  // namespace

Result<int> SpeechSynth::sample_rate() {
  std::lock_guard lock(engine().mutex);
  return initialise_locked();
}

Result<Pcm> SpeechSynth::synthesise(std::string_view text, const std::atomic<bool>* cancel) const {
  Engine& e = engine();
  std::lock_guard lock(e.mutex);
  const Result<int>& rate = initialise_locked();
  if (!rate.ok()) return rate.error();
  if (Status voice = select_voice_locked(options_.voice); !voice.ok()) return voice.error();
  // Parameters are set on every call: another SpeechSynth may have changed them since.
  espeak_SetParameter(espeakRATE, options_.rate_wpm, 0);
  espeak_SetParameter(espeakPITCH, options_.pitch, 0);
  espeak_SetParameter(espeakWORDGAP, options_.word_gap_10ms, 0);

  Pcm pcm;
  pcm.sample_rate = rate.value();
  Collector collector{&pcm, cancel};
  std::string buffer(text);  // espeak-ng wants a NUL-terminated buffer and its size including the NUL
  espeak_ERROR status = espeak_Synth(buffer.c_str(), buffer.size() + 1, 0, POS_CHARACTER, 0,
                                     espeakCHARS_UTF8 | espeakENDPAUSE, nullptr, &collector);
  if (cancel && cancel->load()) {
    // Drops what espeak-ng still holds of the abandoned text, so the next utterance starts clean.
    espeak_Cancel();
    return make_error("voice.cancelled", "synthesis cancelled");
  }
  if (status != EE_OK) return make_error("voice.synth", "espeak_Synth failed with " + std::to_string(int(status)));
  return pcm;
}

Result<std::string> SpeechSynth::phonemes(std::string_view text) const {
  Engine& e = engine();
  std::lock_guard lock(e.mutex);
  const Result<int>& rate = initialise_locked();
  if (!rate.ok()) return rate.error();
  if (Status voice = select_voice_locked(options_.voice); !voice.ok()) return voice.error();
  std::string buffer(text);
  const void* cursor = buffer.c_str();
  std::string out;
  while (cursor) {  // one clause per call; espeak-ng sets cursor to null at the end
    const char* clause = espeak_TextToPhonemes(&cursor, espeakCHARS_UTF8, 0);
    if (clause) out += std::string(clause) + " | ";
  }
  return out;
}

}  // namespace zhidui::voice
