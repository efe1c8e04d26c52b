// qr_code.cpp — see qr_code.h.
#include "kiosk/qr_code.h"

#include <qrencode.h>

namespace zhidui {

Result<QrMatrix> make_qr(const std::string& payload) {
  QRcode* code = QRcode_encodeString8bit(payload.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return make_error("qr.encode", "cannot encode QR payload of " + std::to_string(payload.size()) + " bytes");
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(size_t(code->width) * size_t(code->width));
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
  QRcode_free(code);
  return m;
}

}  // namespace zhidui
