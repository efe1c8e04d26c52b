// pcm.h — a block of 16-bit mono PCM samples and the WAV file form of it.
//
// The synthesiser produces it, the voice guide scales and hands it on, the speaker queues it; a WAV
// writer lets a person listen to what the kiosk would say (tests and the voice-prompts tool), and the
// reader lets tests check those files without outside tools.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace zhidui::voice {

struct Pcm {
  int sample_rate = 0;
  std::vector<int16_t> samples;

  double seconds() const { return sample_rate > 0 ? double(samples.size()) / sample_rate : 0.0; }
};

// Root mean square of the samples, 0..32768 (0 for an empty block).
double rms(const int16_t* samples, size_t count);
inline double rms(const Pcm& pcm) { return rms(pcm.samples.data(), pcm.samples.size()); }

// Multiplies every sample by gain (0..1), in place.
void scale(Pcm& pcm, double gain);

// 16-bit mono RIFF/WAVE, little-endian.
Status write_wav(const std::string& path, const Pcm& pcm);
// Reads what write_wav writes (PCM, 16-bit, mono); anything else is an error.
Result<Pcm> read_wav(const std::string& path);

}  // namespace zhidui::voice
