// signature.cpp — see signature.h. Rasterised by stamping discs along each segment: simple, exact
// enough for a signature image, and free of any drawing library in the core.
#include "kiosk/signature.h"

#include <sodium.h>
#include <stb_image_write.h>  // implementation lives in Debian's libstb.so

#include <algorithm>
#include <cmath>

namespace zhidui {

bool Signature::plausible() const {
  size_t points = 0;
  float min_x = 1, max_x = 0, min_y = 1, max_y = 0;
  for (const auto& s : strokes)
    for (const auto& p : s) {
      ++points;
      min_x = std::min(min_x, p.x), max_x = std::max(max_x, p.x);
      min_y = std::min(min_y, p.y), max_y = std::max(max_y, p.y);
    }
  return points >= 8 && (max_x - min_x) >= 0.15f;
}

void Signature::wipe() {
  for (auto& s : strokes)
    if (!s.empty()) sodium_memzero(s.data(), s.size() * sizeof(SignaturePoint));
  strokes.clear();
  strokes.shrink_to_fit();
}

Result<std::vector<uint8_t>> render_signature_png(const Signature& sig, int width, int height, float pen_px) {
  if (width <= 0 || height <= 0 || width > 4096 || height > 4096)
    return make_error("signature.size", "signature image size out of range");
  std::vector<uint8_t> gray(size_t(width) * size_t(height), 255);
  const float r = pen_px / 2;
  auto stamp = [&](float cx, float cy) {
    int x0 = std::max(0, int(std::floor(cx - r))), x1 = std::min(width - 1, int(std::ceil(cx + r)));
    int y0 = std::max(0, int(std::floor(cy - r))), y1 = std::min(height - 1, int(std::ceil(cy + r)));
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x)
        if ((float(x) - cx) * (float(x) - cx) + (float(y) - cy) * (float(y) - cy) <= r * r)
          gray[size_t(y) * size_t(width) + size_t(x)] = 0;
  };
  for (const auto& stroke : sig.strokes) {
    for (size_t i = 0; i < stroke.size(); ++i) {
      float x = std::clamp(stroke[i].x, 0.f, 1.f) * float(width - 1);
      float y = std::clamp(stroke[i].y, 0.f, 1.f) * float(height - 1);
      if (i == 0) {
        stamp(x, y);
        continue;
      }
      float px = std::clamp(stroke[i - 1].x, 0.f, 1.f) * float(width - 1);
      float py = std::clamp(stroke[i - 1].y, 0.f, 1.f) * float(height - 1);
      int steps = std::max(1, int(std::hypot(x - px, y - py) / std::max(1.0f, r / 2)));
      for (int s = 1; s <= steps; ++s) stamp(px + (x - px) * float(s) / float(steps), py + (y - py) * float(s) / float(steps));
    }
  }
  std::vector<uint8_t> png;
  auto sink = [](void* ctx, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(ctx);
    out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
  };
  if (!stbi_write_png_to_func(sink, &png, width, height, 1, gray.data(), width))
    return make_error("signature.encode", "PNG encoding of the signature failed");
  sodium_memzero(gray.data(), gray.size());
  return png;
}

std::string base64_encode(const std::vector<uint8_t>& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

}  // namespace zhidui
