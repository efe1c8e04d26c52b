// The speaker through SDL's real audio path, with SDL's "disk" driver standing in for a sound card (it
// writes what the device plays to a raw file, at the device's pace), and without any device at all.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "ui/speaker.h"

using namespace zhidui;
namespace fs = std::filesystem;

namespace {

voice::Pcm tone(double seconds, int rate = 22050) {
  voice::Pcm pcm{rate, {}};
  for (int i = 0; i < int(seconds * rate); ++i)
    pcm.samples.push_back(int16_t(10000 * std::sin(2 * M_PI * 440.0 * i / rate + 0.5)));
  return pcm;
}

std::vector<int16_t> read_raw(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<int16_t> samples(bytes.size() / 2);
  std::memcpy(samples.data(), bytes.data(), samples.size() * 2);
  return samples;
}

class SpeakerDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("zhidui-speaker-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    raw = dir / "played.raw";
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILE", raw.c_str(), 1);
  }
  void TearDown() override {
    unsetenv("SDL_AUDIODRIVER");
    unsetenv("SDL_DISKAUDIOFILE");
    fs::remove_all(dir);
  }
  // Waits (bounded) until the device has taken everything queued; not a timing assertion.
  static bool drained(const ui::Speaker& speaker) {
    for (int i = 0; i < 1000 && speaker.queued_bytes() > 0; ++i) SDL_Delay(10);
    return speaker.queued_bytes() == 0;
  }
  fs::path dir, raw;
};

}  // namespace

TEST_F(SpeakerDiskTest, DevicePlaysTheQueuedSamplesUnchanged) {
  voice::Pcm pcm = tone(0.3);
  {
    ui::Speaker speaker(ui::SpeakerOptions{.sample_rate = 22050});
    ASSERT_TRUE(speaker.has_device());
    EXPECT_EQ(speaker.driver(), "disk");
    speaker.play(pcm);
    ASSERT_TRUE(drained(speaker));
  }  // closing the device flushes the file
  std::vector<int16_t> played = read_raw(raw);
  auto first = std::find_if(played.begin(), played.end(), [](int16_t s) { return s != 0; });
  ASSERT_NE(first, played.end()) << "the device played only silence";
  ASSERT_GE(size_t(played.end() - first), pcm.samples.size());
  EXPECT_TRUE(std::equal(pcm.samples.begin(), pcm.samples.end(), first)) << "samples changed on the way";
}

TEST_F(SpeakerDiskTest, ClearDropsWhatIsStillQueued) {
  ui::Speaker speaker;
  ASSERT_TRUE(speaker.has_device());
  speaker.play(tone(5.0));
  EXPECT_GT(speaker.queued_bytes(), 0u);
  speaker.clear();
  EXPECT_EQ(speaker.queued_bytes(), 0u);
}

TEST_F(SpeakerDiskTest, OtherSampleRatesAreConverted) {
  voice::Pcm pcm = tone(0.3, 11025);
  {
    ui::Speaker speaker(ui::SpeakerOptions{.sample_rate = 22050});
    ASSERT_TRUE(speaker.has_device());
    speaker.play(pcm);
    ASSERT_TRUE(drained(speaker));
  }
  std::vector<int16_t> played = read_raw(raw);
  auto loud = [](int16_t s) { return std::abs(s) > 2000; };
  auto first = std::find_if(played.begin(), played.end(), loud);
  ASSERT_NE(first, played.end()) << "the device played only silence";
  auto last = std::find_if(played.rbegin(), played.rend(), loud).base();
  // 0.3 s of tone, now at 22050 Hz: about twice as many samples as were given.
  const double span = double(last - first);
  EXPECT_GT(span, 2 * pcm.samples.size() * 0.9);
  EXPECT_LT(span, 2 * pcm.samples.size() * 1.1);
}

TEST(SpeakerWithoutDevice, WritesEachUtteranceAsWav) {
  fs::path dir = fs::temp_directory_path() / ("zhidui-speaker-wav-" + std::to_string(::getpid()));
  setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
  {
    ui::Speaker speaker(ui::SpeakerOptions{.sample_rate = 22050, .wav_folder = dir.string()});
    EXPECT_FALSE(speaker.has_device());
    voice::Pcm pcm = tone(0.1);
    speaker.play(pcm);
    speaker.clear();  // harmless without a device
    speaker.play(pcm);
    EXPECT_EQ(speaker.wav_files_written(), 2);
    EXPECT_EQ(speaker.queued_bytes(), 0u);
    auto back = voice::read_wav((dir / "utterance-0002.wav").string());
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->samples, pcm.samples);
  }
  unsetenv("SDL_AUDIODRIVER");
  fs::remove_all(dir);
}
