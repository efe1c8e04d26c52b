// voice_test_support.h — measures of synthesised speech shared by the voice tests: how many Chinese
// characters a prompt has, and how its energy is spread over time (speech, not one click or silence).
#pragma once

#include <string>

#include "base/utf8.h"
#include "kiosk/voice/pcm.h"

namespace zhidui::voice::testing {

inline size_t han_count(const std::string& text) {
  size_t n = 0;
  for (char32_t c : utf8::decode(text))
    if (c >= 0x4E00 && c <= 0x9FFF) ++n;
  return n;
}

struct Envelope {
  double voiced_fraction = 0;      // share of 50 ms frames with clear energy
  double longest_silence_s = 0;    // longest run of quiet frames
  double clipped_fraction = 0;     // share of samples at full scale
};

inline Envelope envelope(const Pcm& pcm, double voiced_rms = 300) {
  Envelope e;
  const size_t frame = size_t(pcm.sample_rate / 20);
  size_t frames = 0, voiced = 0, run = 0, longest = 0, clipped = 0;
  for (size_t at = 0; frame > 0 && at + frame <= pcm.samples.size(); at += frame, ++frames) {
    if (rms(pcm.samples.data() + at, frame) >= voiced_rms) {
      ++voiced;
      run = 0;
    } else {
      longest = std::max(longest, ++run);
    }
  }
  for (int16_t s : pcm.samples)
    if (s >= 32767 || s <= -32768) ++clipped;
  e.voiced_fraction = frames ? double(voiced) / frames : 0;
  e.longest_silence_s = double(longest) / 20;
  e.clipped_fraction = pcm.samples.empty() ? 0 : double(clipped) / pcm.samples.size();
  return e;
}

}  // namespace zhidui::voice::testing
