// voice-prompts — writes every spoken prompt of assets/strings/voice-zh-CN.json as a WAV file, for a
// person to listen to what the kiosk says (the test SpeechSynth.EveryPromptIsAudibleSpeechAndIsWrittenAsWav
// writes the same files to <build>/spoken-prompts/).
//
//   voice-prompts [--assets DIR] [--rate WPM] OUT_DIR
//
// Files are named by key: home.wav, identify.wav, card.misplaced.wav…
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "base/paths.h"
#include "kiosk/voice/pcm.h"
#include "kiosk/voice/speech_synth.h"
#include "kiosk/voice/voice_prompts.h"

using namespace zhidui;
using namespace zhidui::voice;

int main(int argc, char** argv) {
  std::string assets = paths::assets_dir();
  std::string out_dir;
  SynthOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--assets" && i + 1 < argc) {
      assets = argv[++i];
    } else if (arg == "--rate" && i + 1 < argc) {
      options.rate_wpm = std::atoi(argv[++i]);
    } else if (!arg.empty() && arg[0] != '-' && out_dir.empty()) {
      out_dir = arg;
    } else {
      std::fprintf(stderr, "usage: voice-prompts [--assets DIR] [--rate WPM] OUT_DIR\n");
      return 2;
    }
  }
  if (out_dir.empty()) {
    std::fprintf(stderr, "usage: voice-prompts [--assets DIR] [--rate WPM] OUT_DIR\n");
    return 2;
  }
  auto prompts = VoicePrompts::load(assets + "/strings/voice-zh-CN.json");
  if (!prompts.ok()) {
    std::fprintf(stderr, "%s\n", prompts.error().message.c_str());
    return 1;
  }
  std::filesystem::create_directories(out_dir);
  SpeechSynth synth(options);
  int failures = 0;
  auto write = [&](const std::string& key, const std::string& spoken) {
    auto pcm = synth.synthesise(spoken);
    std::string path = (std::filesystem::path(out_dir) / (key + ".wav")).string();
    Status written = pcm.ok() ? write_wav(path, *pcm) : Status(pcm.error());
    if (!written.ok()) {
      std::fprintf(stderr, "%s: %s\n", key.c_str(), written.error().message.c_str());
      ++failures;
      return;
    }
    std::printf("%s  %.1f s\n", path.c_str(), pcm->seconds());
  };
  for (const auto& [key, text] : prompts->screens()) write(key, *prompts->screen(key));
  for (const auto& [key, text] : prompts->errors()) write(key, *prompts->error(key));
  return failures == 0 ? 0 : 1;
}
