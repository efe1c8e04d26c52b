// WAV files written by the voice code read back sample for sample; RMS and volume scaling behave.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "kiosk/voice/pcm.h"

using namespace zhidui::voice;
namespace fs = std::filesystem;

TEST(Pcm, WavRoundTripKeepsRateAndSamples) {
  Pcm pcm{22050, {0, 1, -1, 32767, -32768, 1234, -4321}};
  fs::path path = fs::temp_directory_path() / "zhidui-pcm-test.wav";
  ASSERT_TRUE(write_wav(path.string(), pcm).ok());
  EXPECT_EQ(fs::file_size(path), 44u + 2 * pcm.samples.size());
  auto back = read_wav(path.string());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->sample_rate, 22050);
  EXPECT_EQ(back->samples, pcm.samples);
  fs::remove(path);
}

TEST(Pcm, ReadWavRefusesWhatIsNotMonoPcm) {
  fs::path path = fs::temp_directory_path() / "zhidui-pcm-test-bad.wav";
  std::ofstream(path) << "RIFF\x04\x00\x00\x00WAVEjunk";
  auto r = read_wav(path.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "voice.wav_format");
  fs::remove(path);
  EXPECT_EQ(read_wav(path.string()).error().code, "voice.wav_open");
}

TEST(Pcm, RmsOfSquareWaveIsItsAmplitude) {
  Pcm pcm{8000, {}};
  for (int i = 0; i < 800; ++i) pcm.samples.push_back(i % 2 ? 1000 : -1000);
  EXPECT_DOUBLE_EQ(rms(pcm), 1000.0);
  EXPECT_DOUBLE_EQ(rms(Pcm{}), 0.0);
  EXPECT_DOUBLE_EQ(pcm.seconds(), 0.1);
}

TEST(Pcm, ScaleHalvesAndZeroSilences) {
  Pcm pcm{8000, {1000, -1000, 3}};
  scale(pcm, 0.5);
  EXPECT_EQ(pcm.samples, (std::vector<int16_t>{500, -500, 2}));
  scale(pcm, 0.0);
  EXPECT_EQ(pcm.samples, (std::vector<int16_t>{0, 0, 0}));
}
