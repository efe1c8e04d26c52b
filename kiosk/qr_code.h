// qr_code.h — QR symbols as a module matrix (libqrencode), for the receipt shown on screen. The
// printed receipt's QR is made by the printer itself from the GS ( k payload.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"

namespace zhidui {

struct QrMatrix {
  int size = 0;                 // modules per side
  std::vector<uint8_t> dark;    // size*size, row-major, 1 = dark
  bool at(int x, int y) const { return dark[size_t(y) * size_t(size) + size_t(x)] != 0; }
};

Result<QrMatrix> make_qr(const std::string& payload);

}  // namespace zhidui
