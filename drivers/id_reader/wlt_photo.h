// wlt_photo.h — the plug-in point for decoding the chip's photo.
//
// The photo on the card is 1024 bytes in the proprietary "WLT" format; no open-source decoder exists
// (hardware-facts.md §1.10), so decoding needs a vendor library (hxgc_Wlt2Bmp, CV_Decode, …) with its
// own licence file. The kiosk depends only on this interface; a vendor adapter implements it in its
// own file when a licensed library is installed. Until then the photo stays undecoded in memory and
// is never shown, stored or logged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"

namespace zhidui::drivers::id_reader {

inline constexpr size_t kWltPhotoSize = 1024;
inline constexpr int kDecodedPhotoWidth = 102;
inline constexpr int kDecodedPhotoHeight = 126;
// 24-bit BMP: 14 + 40 header bytes + 126 rows of 308 bytes (306 padded to a multiple of 4).
inline constexpr size_t kDecodedPhotoBmpSize = 38862;

class WltPhotoDecoder {
 public:
  virtual ~WltPhotoDecoder() = default;
  // Returns a complete 102×126 24-bit BMP file. Errors: "photo.decoder_unavailable" (library or
  // licence missing), "photo.invalid" (the bytes are not a WLT image).
  virtual Result<std::vector<uint8_t>> decode_to_bmp(std::span<const uint8_t> wlt) = 0;
};

}  // namespace zhidui::drivers::id_reader
