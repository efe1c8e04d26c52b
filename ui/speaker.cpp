// speaker.cpp — SDL audio device, queueing, and the WAV fallback without a device.
#include "ui/speaker.h"

#include <cstdio>
#include <filesystem>
#include <vector>

#include "base/log.h"

namespace zhidui::ui {

namespace {
// Resamples to the device's rate when an utterance comes at another one (SDL does the filtering).
std::vector<int16_t> convert_rate(const voice::Pcm& pcm, int to_rate) {
  std::vector<int16_t> out;
  SDL_AudioStream* stream = SDL_NewAudioStream(AUDIO_S16SYS, 1, pcm.sample_rate, AUDIO_S16SYS, 1, to_rate);
  if (!stream) return out;
  // SDL 2.26's resampler keeps back about 512 input samples even after a flush: a tail of silence
  // makes sure it is the silence that stays behind, not the end of the utterance.
  const std::vector<int16_t> tail(1024, 0);
  if (SDL_AudioStreamPut(stream, pcm.samples.data(), int(pcm.samples.size() * sizeof(int16_t))) == 0 &&
      SDL_AudioStreamPut(stream, tail.data(), int(tail.size() * sizeof(int16_t))) == 0 &&
      SDL_AudioStreamFlush(stream) == 0) {
    out.resize(size_t(SDL_AudioStreamAvailable(stream)) / sizeof(int16_t));
    int got = SDL_AudioStreamGet(stream, out.data(), int(out.size() * sizeof(int16_t)));
    out.resize(got > 0 ? size_t(got) / sizeof(int16_t) : 0);
  }
  SDL_FreeAudioStream(stream);
  return out;
}
}  // namespace

Speaker::Speaker(SpeakerOptions options) : options_(std::move(options)) {
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    log::warn("speaker", std::string("no audio device (SDL audio: ") + SDL_GetError() + "); speech is not played" +
                             (options_.wav_folder.empty() ? "" : ", written to " + options_.wav_folder));
    return;
  }
  subsystem_started_ = true;
  SDL_AudioSpec want{};
  want.freq = options_.sample_rate;
  want.format = AUDIO_S16SYS;
  want.channels = 1;
  want.samples = 2048;
  want.callback = nullptr;  // queued audio (SDL_QueueAudio), no callback
  SDL_AudioSpec have{};
  // No allowed changes: SDL converts our format to the hardware's itself.
  device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
  if (device_ == 0) {
    log::warn("speaker", std::string("no audio device (SDL_OpenAudioDevice: ") + SDL_GetError() +
                             "); speech is not played" +
                             (options_.wav_folder.empty() ? "" : ", written to " + options_.wav_folder));
    return;
  }
  const char* driver = SDL_GetCurrentAudioDriver();
  driver_ = driver ? driver : "";
  SDL_PauseAudioDevice(device_, 0);
  log::info("speaker", "audio device open: driver " + driver_ + ", " + std::to_string(want.freq) + " Hz mono");
}

Speaker::~Speaker() {
  if (device_ != 0) SDL_CloseAudioDevice(device_);
  if (subsystem_started_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void Speaker::play(const voice::Pcm& pcm) {
  if (pcm.samples.empty()) return;
  if (device_ == 0) {
    if (options_.wav_folder.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(options_.wav_folder, ec);
    char name[32];
    std::snprintf(name, sizeof name, "utterance-%04d.wav", wav_files_written_.load() + 1);
    if (voice::write_wav((std::filesystem::path(options_.wav_folder) / name).string(), pcm).ok()) ++wav_files_written_;
    return;
  }
  if (pcm.sample_rate == options_.sample_rate) {
    SDL_QueueAudio(device_, pcm.samples.data(), Uint32(pcm.samples.size() * sizeof(int16_t)));
  } else {
    std::vector<int16_t> converted = convert_rate(pcm, options_.sample_rate);
    SDL_QueueAudio(device_, converted.data(), Uint32(converted.size() * sizeof(int16_t)));
  }
}

void Speaker::clear() {
  if (device_ != 0) SDL_ClearQueuedAudio(device_);
}

uint32_t Speaker::queued_bytes() const { return device_ != 0 ? SDL_GetQueuedAudioSize(device_) : 0; }

}  // namespace zhidui::ui
