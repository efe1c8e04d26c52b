// handwriting.h — handwriting recognition of one Chinese character with zinnia and the simplified-Chinese
// model of Debian's tegaki-zinnia-simplified-chinese (6,763 characters: GB 2312, all simplified, all in
// the Basic Multilingual Plane). No ImGui or SDL here: ui/keyboards/handwriting_pad draws the pad.
//
// Strokes are the pen's points in a square pad of side `pad_size` (any unit; zinnia normalises by the
// pad's size), in the order they were drawn. Recognition takes a few milliseconds, so the pad asks again
// after every finished stroke on the UI thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"

namespace zhidui::input {

struct PadPoint {
  float x = 0, y = 0;
};
using Stroke = std::vector<PadPoint>;

struct HandwritingCandidate {
  std::string text;  // one character, UTF-8
  float score = 0;   // zinnia's score: higher is better, comparable only within one result
};

inline constexpr const char* kDefaultHandwritingModel = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";

class HandwritingRecognizer {
 public:
  // Loads the model (mapped from disk; about 20 ms).
  static Result<std::unique_ptr<HandwritingRecognizer>> open(const std::string& model_path = kDefaultHandwritingModel);
  ~HandwritingRecognizer();
  HandwritingRecognizer(const HandwritingRecognizer&) = delete;
  HandwritingRecognizer& operator=(const HandwritingRecognizer&) = delete;

  // The best `max_candidates` characters for `strokes`, best first; BMP characters only. Empty strokes
  // (and strokes without points) give no candidates. Thread-safe.
  std::vector<HandwritingCandidate> recognize(const std::vector<Stroke>& strokes, int max_candidates,
                                              float pad_size) const;
  // Every character the model can produce (for the glyph atlas and tests).
  std::vector<std::string> characters() const;

 private:
  HandwritingRecognizer() = default;
  struct Zinnia;
  std::unique_ptr<Zinnia> z_;
  mutable std::mutex mutex_;
};

}  // namespace zhidui::input
