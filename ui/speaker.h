// speaker.h — the kiosk's loudspeaker: plays what the voice guide says through an SDL audio device.
//
// The voice guide calls play() and clear() on its own thread; SDL_QueueAudio copies the samples into
// the device's queue and returns, so neither that thread nor the frame loop waits for audio. The audio
// subsystem is started with SDL_InitSubSystem and stopped with SDL_QuitSubSystem, independently of the
// video subsystem the app shell owns (SDL counts the references).
//
// Without a sound card (CI, containers, a kiosk whose audio failed) the speaker has no device: it says
// so once in the log, drops the audio, and, when a folder is given, writes each utterance there as a
// WAV file so a person can still hear what the kiosk would have said.
//
// Volume is applied by the voice guide before play(); the speaker plays samples as given.
// Destroy the speaker before the App: App's destructor calls SDL_Quit, which closes every subsystem.
#pragma once

#include <SDL.h>

#include <atomic>
#include <string>

#include "kiosk/voice/pcm.h"
#include "kiosk/voice/voice_guide.h"

namespace zhidui::ui {

struct SpeakerOptions {
  int sample_rate = 22050;  // the synthesiser's rate (voice::SpeechSynth::sample_rate())
  std::string wav_folder;   // without a device: utterance-NNNN.wav files here ('' = none)
};

class Speaker : public voice::VoiceSink {
 public:
  explicit Speaker(SpeakerOptions options = {});
  ~Speaker() override;
  Speaker(const Speaker&) = delete;
  Speaker& operator=(const Speaker&) = delete;

  bool has_device() const { return device_ != 0; }
  // The SDL audio driver in use ("pulseaudio", "alsa", "disk"…), empty without a device.
  const std::string& driver() const { return driver_; }

  // VoiceSink: called on the voice thread.
  void play(const voice::Pcm& pcm) override;
  void clear() override;

  // Bytes still waiting in the device's queue (0 without a device).
  uint32_t queued_bytes() const;
  int wav_files_written() const { return wav_files_written_.load(); }

 private:
  SpeakerOptions options_;
  bool subsystem_started_ = false;
  SDL_AudioDeviceID device_ = 0;
  std::string driver_;
  std::atomic<int> wav_files_written_{0};
};

}  // namespace zhidui::ui
