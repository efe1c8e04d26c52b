// VoiceGuide's queue rules with a fake synthesiser that can hold the worker mid-synthesis and a sink
// that records what it is asked to do. Nothing here sleeps to make a point: the worker is held and
// released explicitly, and wait_until_idle() is the completion signal.
#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>

#include "kiosk/voice/voice_guide.h"
#include "kiosk/voice/voice_prompts.h"
#include "zhidui_build_paths.h"

using namespace zhidui;
using namespace zhidui::voice;

namespace {

constexpr int16_t kLoud = 16000;

// Each text gets its own length (10 samples × its number), so the sink can tell utterances apart.
class FakeSynth {
 public:
  void hold(std::string text) {
    std::lock_guard lock(m_);
    held_ = std::move(text);
  }
  void wait_until_holding() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return holding_; });
  }
  void release() {
    std::lock_guard lock(m_);
    held_.clear();
    cv_.notify_all();
  }
  void fail_on(std::string text) { failing_ = std::move(text); }

  Result<Pcm> operator()(const std::string& text, const std::atomic<bool>& cancel) {
    std::unique_lock lock(m_);
    synthesised_.push_back(text);
    if (text == held_) {
      holding_ = true;
      cv_.notify_all();
      // Like espeak-ng, the synthesiser notices cancel between chunks of work.
      while (held_ == text && !cancel) cv_.wait_for(lock, std::chrono::milliseconds(1));
      holding_ = false;
    }
    if (text == failing_) return make_error("fake.synth", "asked to fail");
    Pcm pcm{1000, std::vector<int16_t>(10 * id_locked(text), kLoud)};
    return pcm;
  }

  std::string text_of(const Pcm& pcm) {
    std::lock_guard lock(m_);
    for (const auto& [text, id] : ids_)
      if (size_t(10 * id) == pcm.samples.size()) return text;
    return "?";
  }
  std::vector<std::string> synthesised() {
    std::lock_guard lock(m_);
    return synthesised_;
  }

 private:
  int id_locked(const std::string& text) { return ids_.emplace(text, int(ids_.size()) + 1).first->second; }
  std::mutex m_;
  std::condition_variable cv_;
  std::string held_, failing_;
  bool holding_ = false;
  std::map<std::string, int> ids_;
  std::vector<std::string> synthesised_;
};

class RecordingSink : public VoiceSink {
 public:
  std::function<std::string(const Pcm&)> name_of = [](const Pcm&) { return std::string("pcm"); };
  void play(const Pcm& pcm) override {
    std::lock_guard lock(m_);
    events_.push_back("play:" + name_of(pcm));
    played_.push_back(pcm);
  }
  void clear() override {
    std::lock_guard lock(m_);
    events_.push_back("clear");
  }
  std::vector<std::string> events() {
    std::lock_guard lock(m_);
    return events_;
  }
  std::vector<Pcm> played() {
    std::lock_guard lock(m_);
    return played_;
  }

 private:
  std::mutex m_;
  std::vector<std::string> events_;
  std::vector<Pcm> played_;
};

using Events = std::vector<std::string>;

class VoiceGuideTest : public ::testing::Test {
 protected:
  VoiceGuideTest() {
    sink.name_of = [this](const Pcm& pcm) { return synth.text_of(pcm); };
  }
  VoiceGuide make(int volume = 100) {
    return VoiceGuide(sink, [this](const std::string& t, const std::atomic<bool>& c) { return synth(t, c); },
                      VoiceGuide::Options{.volume = volume});
  }
  FakeSynth synth;
  RecordingSink sink;
};

}  // namespace

TEST_F(VoiceGuideTest, SpeaksWhatItIsAskedAtFullVolume) {
  auto guide = make();
  guide.say("A", Priority::prompt);
  guide.wait_until_idle();
  EXPECT_EQ(sink.events(), (Events{"play:A"}));
  EXPECT_EQ(sink.played().at(0).samples.front(), kLoud);
  EXPECT_EQ(guide.stats().delivered, 1u);
}

TEST_F(VoiceGuideTest, NewScreenPromptReplacesUnspokenOnes) {
  auto guide = make();
  synth.hold("A");
  guide.say("A", Priority::prompt);
  synth.wait_until_holding();  // A is being synthesised; say() must still return at once
  guide.say("B", Priority::prompt);
  guide.say("C", Priority::prompt);
  synth.release();
  guide.wait_until_idle();
  EXPECT_EQ(sink.events(), (Events{"play:C"}));
  EXPECT_EQ(synth.synthesised(), (std::vector<std::string>{"A", "C"})) << "B was replaced before synthesis";
  EXPECT_EQ(guide.stats().superseded, 2u);
}

TEST_F(VoiceGuideTest, ErrorReplacesWaitingPromptsAndCutsOffEarlierError) {
  auto guide = make();
  synth.hold("A");
  guide.say("A", Priority::prompt);
  synth.wait_until_holding();
  guide.say("P", Priority::prompt);
  guide.say("E1", Priority::error);     // drops P and cancels A
  guide.say("E2", Priority::error);     // waits behind E1
  guide.say("E1", Priority::error);     // the same error again replaces its waiting copy
  guide.say("P2", Priority::prompt);    // after the errors
  synth.release();
  guide.wait_until_idle();
  EXPECT_EQ(sink.events(), (Events{"play:E2", "clear", "play:E1", "play:P2"}));
}

TEST_F(VoiceGuideTest, PromptCutsOffPlayingPromptButQueuesBehindAnError) {
  auto guide = make();
  guide.say("A", Priority::prompt);
  guide.wait_until_idle();
  guide.say("B", Priority::prompt);
  guide.wait_until_idle();
  guide.say("E", Priority::error);
  guide.wait_until_idle();
  guide.say("C", Priority::prompt);
  guide.wait_until_idle();
  EXPECT_EQ(sink.events(), (Events{"play:A", "clear", "play:B", "clear", "play:E", "play:C"}));
}

TEST_F(VoiceGuideTest, StopClearsTheSinkAndDropsEverything) {
  auto guide = make();
  synth.hold("A");
  guide.say("A", Priority::error);
  synth.wait_until_holding();
  guide.say("B", Priority::prompt);
  guide.stop();
  synth.release();
  guide.wait_until_idle();
  EXPECT_EQ(sink.events(), (Events{"clear"}));
  guide.say("C", Priority::prompt);
  guide.wait_until_idle();
  EXPECT_EQ(sink.events(), (Events{"clear", "play:C"})) << "nothing left to cut off after a stop";
}

TEST_F(VoiceGuideTest, VolumeScalesWhatTheSinkGetsAndZeroIsSilent) {
  auto guide = make(50);
  guide.say("A", Priority::prompt);
  guide.wait_until_idle();
  guide.set_volume(0);
  guide.say("B", Priority::prompt);
  guide.wait_until_idle();
  auto played = sink.played();
  ASSERT_EQ(played.size(), 2u);
  EXPECT_EQ(played[0].samples.front(), int16_t(kLoud * VoiceGuide::gain_for_volume(50)));
  EXPECT_LT(played[0].samples.front(), kLoud / 2);
  EXPECT_FALSE(played[1].samples.empty());
  EXPECT_EQ(rms(played[1]), 0.0);
  guide.set_volume(250);
  EXPECT_EQ(guide.volume(), 100);
}

TEST_F(VoiceGuideTest, RepeatedTextIsSynthesisedOnce) {
  auto guide = make();
  guide.say("A", Priority::error);
  guide.wait_until_idle();
  guide.say("A", Priority::error);
  guide.wait_until_idle();
  EXPECT_EQ(synth.synthesised(), (std::vector<std::string>{"A"}));
  EXPECT_EQ(guide.stats().cache_hits, 1u);
  EXPECT_EQ(sink.events(), (Events{"play:A", "clear", "play:A"}));
}

TEST_F(VoiceGuideTest, FailedSynthesisPlaysNothingAndIsCounted) {
  auto guide = make();
  synth.fail_on("bad");
  guide.say("bad", Priority::error);
  guide.say("good", Priority::error);
  guide.wait_until_idle();
  EXPECT_EQ(sink.events(), (Events{"play:good"}));
  EXPECT_EQ(guide.stats().failures, 1u);
}

TEST_F(VoiceGuideTest, DestructionDuringSynthesisCancelsIt) {
  {
    auto guide = make();
    synth.hold("A");
    guide.say("A", Priority::prompt);
    synth.wait_until_holding();
  }  // the destructor cancels A and joins without a release()
  EXPECT_TRUE(sink.events().empty());
}

TEST(VoiceGuideEspeak, SpeaksARealPromptAndVolumeZeroIsSilent) {
  auto prompts = VoicePrompts::load(std::string(ZHIDUI_SOURCE_DIR) + "/assets/strings/voice-zh-CN.json");
  ASSERT_TRUE(prompts.ok());
  RecordingSink sink;
  VoiceGuide guide(sink, SynthOptions{}, VoiceGuide::Options{.volume = 100});
  guide.say(*prompts->error("card.misplaced"), Priority::error);
  guide.wait_until_idle();
  guide.set_volume(0);
  guide.say(*prompts->screen("identify"), Priority::prompt);
  guide.wait_until_idle();
  auto played = sink.played();
  ASSERT_EQ(played.size(), 2u);
  EXPECT_GT(played[0].seconds(), 1.5);
  EXPECT_GT(rms(played[0]), 800.0);
  EXPECT_GT(played[1].seconds(), 1.5);
  EXPECT_EQ(rms(played[1]), 0.0);
}
