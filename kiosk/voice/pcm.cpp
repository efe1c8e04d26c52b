// pcm.cpp — RMS, gain and the WAV form of 16-bit mono PCM.
#include "kiosk/voice/pcm.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>

namespace zhidui::voice {

namespace {
void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(char((v >> (8 * i)) & 0xff));
}
void put_u16(std::string& out, uint16_t v) {
  out.push_back(char(v & 0xff));
  out.push_back(char(v >> 8));
}
uint32_t get_u32(const std::string& in, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | uint8_t(in[at + i]);
  return v;
}
uint16_t get_u16(const std::string& in, size_t at) { return uint16_t(uint8_t(in[at]) | (uint8_t(in[at + 1]) << 8)); }
}  // namespace

double rms(const int16_t* samples, size_t count) {
  if (count == 0) return 0.0;
  double sum = 0;
  for (size_t i = 0; i < count; ++i) sum += double(samples[i]) * samples[i];
  return std::sqrt(sum / double(count));
}

void scale(Pcm& pcm, double gain) {
  if (gain >= 1.0) return;
  if (gain <= 0.0) {
    std::fill(pcm.samples.begin(), pcm.samples.end(), int16_t{0});
    return;
  }
  for (auto& s : pcm.samples) s = int16_t(std::lround(s * gain));
}

Status write_wav(const std::string& path, const Pcm& pcm) {
  const uint32_t data_bytes = uint32_t(pcm.samples.size() * 2);
  std::string out;
  out.reserve(44 + data_bytes);
  out += "RIFF";
  put_u32(out, 36 + data_bytes);
  out += "WAVEfmt ";
  put_u32(out, 16);
  put_u16(out, 1);  // PCM
  put_u16(out, 1);  // mono
  put_u32(out, uint32_t(pcm.sample_rate));
  put_u32(out, uint32_t(pcm.sample_rate) * 2);
  put_u16(out, 2);
  put_u16(out, 16);
  out += "data";
  put_u32(out, data_bytes);
  for (int16_t s : pcm.samples) put_u16(out, uint16_t(s));
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return make_error("voice.wav_open", "cannot write " + path);
  f.write(out.data(), std::streamsize(out.size()));
  if (!f) return make_error("voice.wav_write", "short write to " + path);
  return Ok{};
}

Result<Pcm> read_wav(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return make_error("voice.wav_open", "cannot read " + path);
  std::string in((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (in.size() < 12 || in.compare(0, 4, "RIFF") != 0 || in.compare(8, 4, "WAVE") != 0)
    return make_error("voice.wav_format", path + " is not RIFF/WAVE");
  Pcm pcm;
  bool have_format = false;
  for (size_t at = 12; at + 8 <= in.size();) {
    std::string id = in.substr(at, 4);
    uint32_t size = get_u32(in, at + 4);
    size_t body = at + 8;
    if (body + size > in.size()) return make_error("voice.wav_format", path + ": chunk " + id + " runs past the end");
    if (id == "fmt ") {
      if (size < 16 || get_u16(in, body) != 1 || get_u16(in, body + 2) != 1 || get_u16(in, body + 14) != 16)
        return make_error("voice.wav_format", path + " is not 16-bit mono PCM");
      pcm.sample_rate = int(get_u32(in, body + 4));
      have_format = true;
    } else if (id == "data") {
      if (!have_format) return make_error("voice.wav_format", path + ": data before fmt");
      pcm.samples.resize(size / 2);
      for (size_t i = 0; i < pcm.samples.size(); ++i) pcm.samples[i] = int16_t(get_u16(in, body + 2 * i));
      return pcm;
    }
    at = body + size + (size & 1);
  }
  return make_error("voice.wav_format", path + " has no data chunk");
}

}  // namespace zhidui::voice
