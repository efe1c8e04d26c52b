// espeak-ng's Mandarin voice really speaks every shipped prompt: audible, as long as its text, energy
// spread over the utterance (not a click, not silence), no clipping. Each prompt is also written as a
// WAV to <build>/spoken-prompts/ for a person to listen to, and read back with our own parser.
#include <gtest/gtest.h>

#include <filesystem>

#include "kiosk/voice/speech_synth.h"
#include "kiosk/voice/voice_prompts.h"
#include "tests/kiosk/voice/voice_test_support.h"
#include "zhidui_build_paths.h"

using namespace zhidui::voice;
using namespace zhidui::voice::testing;
namespace fs = std::filesystem;

namespace {
VoicePrompts shipped() {
  auto p = VoicePrompts::load(std::string(ZHIDUI_SOURCE_DIR) + "/assets/strings/voice-zh-CN.json");
  EXPECT_TRUE(p.ok());
  return p.ok() ? std::move(p.value()) : VoicePrompts{};
}

// Checks one synthesised prompt and writes it as <dir>/<key>.wav.
void check_prompt(const std::string& key, const std::string& written, const std::string& spoken, const fs::path& dir) {
  SCOPED_TRACE(key);
  auto pcm = SpeechSynth().synthesise(spoken);
  ASSERT_TRUE(pcm.ok()) << pcm.error().message;
  EXPECT_EQ(pcm->sample_rate, 22050);
  const size_t chars = han_count(written);
  // espeak-ng at the default 165 wpm speaks about 3 syllables a second, plus clause pauses.
  EXPECT_GT(pcm->seconds(), 0.15 * chars);
  EXPECT_LT(pcm->seconds(), 0.6 * chars + 1.0);
  EXPECT_GT(rms(*pcm), 800.0) << "too quiet to be speech";
  Envelope e = envelope(*pcm);
  EXPECT_GT(e.voiced_fraction, 0.5) << "energy is not spread over the utterance";
  EXPECT_LT(e.longest_silence_s, 1.0);
  EXPECT_LT(e.clipped_fraction, 0.001);

  fs::path wav = dir / (key + ".wav");
  ASSERT_TRUE(write_wav(wav.string(), *pcm).ok());
  auto back = read_wav(wav.string());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->samples, pcm->samples);
}
}  // namespace

TEST(SpeechSynth, EveryPromptIsAudibleSpeechAndIsWrittenAsWav) {
  VoicePrompts prompts = shipped();
  fs::path dir = fs::path(ZHIDUI_BUILD_DIR) / "spoken-prompts";
  fs::create_directories(dir);
  for (const auto& [key, text] : prompts.screens()) check_prompt(key, text, *prompts.screen(key), dir);
  for (const auto& [key, text] : prompts.errors()) check_prompt(key, text, *prompts.error(key), dir);
  EXPECT_GE(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 20);
}

TEST(SpeechSynth, EveryPromptIsReadAsMandarin) {
  // Debian's "cmn" voice reads most characters' pinyin as English ("请" -> "qing three"); the voice we use
  // must not switch language anywhere in a prompt.
  VoicePrompts prompts = shipped();
  SpeechSynth synth;
  auto check = [&](const std::string& key, const std::string& spoken) {
    auto ph = synth.phonemes(spoken);
    ASSERT_TRUE(ph.ok()) << ph.error().message;
    EXPECT_EQ(ph->find("(en)"), std::string::npos) << key << ": " << *ph;
    EXPECT_GT(ph->size(), spoken.size() / 3) << key;
  };
  for (const auto& [key, text] : prompts.screens()) check(key, *prompts.screen(key));
  for (const auto& [key, text] : prompts.errors()) check(key, *prompts.error(key));
  auto broken = SpeechSynth(SynthOptions{.voice = "cmn"}).phonemes("请");
  ASSERT_TRUE(broken.ok());
  EXPECT_NE(broken->find("(en)"), std::string::npos) << "the check above can tell: " << *broken;
}

TEST(SpeechSynth, SentenceIsLongerThanEmptyText) {
  SpeechSynth synth;
  auto empty = synth.synthesise("");
  auto sentence = synth.synthesise(*shipped().screen("identify"));
  ASSERT_TRUE(empty.ok());
  ASSERT_TRUE(sentence.ok());
  EXPECT_GT(sentence->seconds(), empty->seconds() + 2.0);
  EXPECT_LT(rms(*empty), 100.0);
}

TEST(SpeechSynth, SlowerRateGivesLongerSpeech) {
  const std::string text = *shipped().screen("identify");
  auto slow = SpeechSynth(SynthOptions{.rate_wpm = 110}).synthesise(text);
  auto fast = SpeechSynth(SynthOptions{.rate_wpm = 220}).synthesise(text);
  ASSERT_TRUE(slow.ok());
  ASSERT_TRUE(fast.ok());
  EXPECT_GT(slow->seconds(), fast->seconds() * 1.3);
}

TEST(SpeechSynth, DigitsAreSpokenAsNumbers) {
  // "11" is read as 十一 (two syllables), not as a string of Latin letters or nothing.
  SpeechSynth synth;
  auto digits = synth.synthesise("11");
  auto words = synth.synthesise("十一");
  ASSERT_TRUE(digits.ok());
  ASSERT_TRUE(words.ok());
  EXPECT_GT(rms(*digits), 800.0);
  EXPECT_NEAR(digits->seconds(), words->seconds(), 0.25 * words->seconds());
  // The same syllables and tones; only stress marks and word boundaries may differ.
  auto bare = [](std::string p) {
    std::erase_if(p, [](char c) { return std::string_view("' _|,").find(c) != std::string_view::npos; });
    return p;
  };
  EXPECT_EQ(bare(synth.phonemes("11").value()), bare(synth.phonemes("十一").value()));
}

TEST(SpeechSynth, CancelStopsSynthesis) {
  std::atomic<bool> cancel{true};
  auto pcm = SpeechSynth().synthesise(*shipped().screen("home"), &cancel);
  ASSERT_FALSE(pcm.ok());
  EXPECT_EQ(pcm.error().code, "voice.cancelled");
  // A cancelled utterance leaves nothing behind in the engine for the next one.
  auto identify = *shipped().screen("identify");
  auto after = SpeechSynth().synthesise(identify);
  auto again = SpeechSynth().synthesise(identify);
  ASSERT_TRUE(after.ok());
  ASSERT_TRUE(again.ok());
  // espeak-ng varies an utterance by a few milliseconds from run to run; a leftover clause would be seconds.
  EXPECT_NEAR(after->seconds(), again->seconds(), 0.1);
}

TEST(SpeechSynth, UnknownVoiceIsAnError) {
  auto pcm = SpeechSynth(SynthOptions{.voice = "no-such-voice"}).synthesise("1");
  ASSERT_FALSE(pcm.ok());
  EXPECT_EQ(pcm.error().code, "voice.voice");
  EXPECT_TRUE(SpeechSynth().synthesise("1").ok()) << "the engine recovers for the next caller";
}
