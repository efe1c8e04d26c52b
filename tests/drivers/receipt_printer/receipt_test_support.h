// receipt_test_support.h — shared by the receipt printer tests: the sample receipt, QR decoding with
// zbar, PNG loading, ink measurements and scratch folders.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "drivers/receipt_printer/escpos.h"
#include "drivers/receipt_printer/escpos_emulator.h"

namespace zhidui::drivers::receipt_printer::testing {

inline constexpr const char* kSampleQrPayload = "https://zwfw.hunan.gov.cn/hsfw/receipt?no=HN430102-20240605-000123";

// A realistic kiosk receipt: double-size centred title, Chinese lines (wrapped for the paper), a rare
// character, a bold line, a QR code and a partial cut.
std::vector<uint8_t> sample_receipt(PaperWidth paper);

EscPosEmulator make_emulator(PaperWidth paper, bool chinese_mode_at_power_on = false);
// Feeds the bytes in one chunk and returns the single ticket they cut (asserting there is exactly one).
Raster render_one_ticket(PaperWidth paper, const std::vector<uint8_t>& bytes);

// Every QR symbol zbar finds, as raw bytes (no charset guessing).
std::vector<std::string> decode_qr(const Raster& raster);

std::optional<Raster> load_png(const std::filesystem::path& path);

struct InkBox {
  int left = 0, top = 0, right = -1, bottom = -1;  // inclusive; right < left when there is no ink
  bool empty() const { return right < left; }
  int width() const { return right - left + 1; }
  int height() const { return bottom - top + 1; }
};
InkBox ink_box(const Raster& r, int row_begin = 0, int row_end = -1);
size_t ink_count(const Raster& r, int row_begin = 0, int row_end = -1);

// A fresh empty folder under the system temp dir, removed by the destructor.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag);
  ~ScratchDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace zhidui::drivers::receipt_printer::testing
