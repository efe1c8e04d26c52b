// signature.h — a handwritten signature drawn on the screen (告知承诺, 经办人授权), kept as strokes while
// the person signs and turned into a PNG image when they confirm: the image is what the application
// carries (encrypted at rest with the rest of the upload body).
//
// Points are in pad coordinates normalised to 0..1 (x right, y down), so the UI's pad size does not
// matter. A signature is personal data: wipe() when the session ends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace zhidui {

struct SignaturePoint {
  float x = 0, y = 0;
};
using SignatureStroke = std::vector<SignaturePoint>;

struct Signature {
  std::vector<SignatureStroke> strokes;

  // Enough ink to count as a signature rather than a stray touch: several points spanning some of the pad.
  bool plausible() const;
  void wipe();
};

// A black-on-white PNG, `width` × `height` pixels, strokes drawn `pen_px` wide.
Result<std::vector<uint8_t>> render_signature_png(const Signature& sig, int width = 600, int height = 240,
                                                  float pen_px = 5.0f);

std::string base64_encode(const std::vector<uint8_t>& bytes);

}  // namespace zhidui
