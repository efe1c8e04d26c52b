// handwriting.cpp — see handwriting.h.
#include "kiosk/input/handwriting.h"

#include <zinnia.h>

#include <algorithm>
#include <cmath>

#include "kiosk/input/pinyin_ime.h"

namespace zhidui::input {

struct HandwritingRecognizer::Zinnia {
  zinnia_recognizer_t* recognizer = nullptr;
  zinnia_character_t* character = nullptr;
  ~Zinnia() {
    if (character) zinnia_character_destroy(character);
    if (recognizer) zinnia_recognizer_destroy(recognizer);
  }
};

Result<std::unique_ptr<HandwritingRecognizer>> HandwritingRecognizer::open(const std::string& model_path) {
  std::unique_ptr<HandwritingRecognizer> r(new HandwritingRecognizer);
  r->z_ = std::make_unique<Zinnia>();
  r->z_->recognizer = zinnia_recognizer_new();
  r->z_->character = zinnia_character_new();
  if (!r->z_->recognizer || !r->z_->character) return make_error("handwriting.alloc", "zinnia allocation failed");
  if (!zinnia_recognizer_open(r->z_->recognizer, model_path.c_str()))
    return make_error("handwriting.model", "cannot open zinnia model " + model_path + ": " +
                                               zinnia_recognizer_strerror(r->z_->recognizer));
  return r;
}

HandwritingRecognizer::~HandwritingRecognizer() = default;

std::vector<HandwritingCandidate> HandwritingRecognizer::recognize(const std::vector<Stroke>& strokes,
                                                                   int max_candidates, float pad_size) const {
  std::vector<HandwritingCandidate> out;
  if (max_candidates <= 0 || pad_size <= 0) return out;
  std::lock_guard lock(mutex_);
  zinnia_character_t* c = z_->character;
  zinnia_character_clear(c);
  // Integer coordinates at a fixed resolution, whatever unit the pad uses.
  constexpr float kGrid = 1000.0f;
  zinnia_character_set_width(c, size_t(kGrid));
  zinnia_character_set_height(c, size_t(kGrid));
  size_t id = 0;
  for (const Stroke& s : strokes) {
    if (s.empty()) continue;
    for (const PadPoint& p : s) {
      int x = int(std::lround(std::clamp(p.x / pad_size, 0.0f, 1.0f) * kGrid));
      int y = int(std::lround(std::clamp(p.y / pad_size, 0.0f, 1.0f) * kGrid));
      zinnia_character_add(c, id, x, y);
    }
    ++id;
  }
  if (id == 0) return out;
  // Ask for a few more than wanted: anything outside the BMP is dropped (the model has none today,
  // but the keyboard's promise must not depend on the model file).
  zinnia_result_t* result = zinnia_recognizer_classify(z_->recognizer, c, size_t(max_candidates) + 4);
  if (!result) return out;
  for (size_t i = 0; i < zinnia_result_size(result) && int(out.size()) < max_candidates; ++i) {
    std::string text = zinnia_result_value(result, i);
    if (is_bmp_text(text)) out.push_back({std::move(text), zinnia_result_score(result, i)});
  }
  zinnia_result_destroy(result);
  return out;
}

std::vector<std::string> HandwritingRecognizer::characters() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  size_t n = zinnia_recognizer_size(z_->recognizer);
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.emplace_back(zinnia_recognizer_value(z_->recognizer, i));
  return out;
}

}  // namespace zhidui::input
