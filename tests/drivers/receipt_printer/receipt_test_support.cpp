// receipt_test_support.cpp — see receipt_test_support.h.
#include "receipt_test_support.h"

#include <gtest/gtest.h>
#include <stb_image.h>  // implementation lives in Debian's libstb.so
#include <unistd.h>
#include <zbar.h>

#include <atomic>
#include <cstdlib>

namespace zhidui::drivers::receipt_printer::testing {

std::vector<uint8_t> sample_receipt(PaperWidth paper) {
  const int width = printable_dots(paper);
  EscPosBuilder b;
  // Every line goes through wrap_text, as the kiosk's receipt layout does, so the 58 mm receipt breaks
  // where a typesetter would rather than where the printer runs out of paper.
  auto paragraph = [&](std::string_view text, int width_multiplier = 1) {
    for (const auto& l : wrap_text(text, width, width_multiplier)) b.line(l);
  };
  b.initialize().chinese_mode(true);
  b.align(Align::center).size(2, 2);
  paragraph("湖南政务服务", 2);
  b.size(1, 1);
  paragraph("自助服务终端 · 受理回执");
  b.line_feed();
  b.align(Align::left);
  paragraph("办理事项：城乡居民基本医疗保险参保登记（含新生儿参保），材料已齐全。");
  paragraph("申请人：王喆（赟）");
  paragraph("受理编号：HN430102-20240605-000123");
  paragraph("提交时间：2024-06-05 10:32");
  b.bold(true);
  paragraph("请妥善保管本回执，凭编号查询进度。");
  b.bold(false);
  b.feed_lines(1);
  b.align(Align::center).qr(kSampleQrPayload, {QrModel::model2, 6, QrErrorCorrection::M});
  b.feed_lines(1);
  paragraph("微信或支付宝扫码查询办理进度");
  b.feed_lines(2);
  b.cut(CutMode::partial);
  auto bytes = b.build();
  EXPECT_TRUE(bytes.ok());
  EXPECT_EQ(b.replaced_characters(), 0u);
  return bytes.ok() ? bytes.value() : std::vector<uint8_t>{};
}

EscPosEmulator make_emulator(PaperWidth paper, bool chinese_mode_at_power_on) {
  EmulatorOptions options;
  options.paper = paper;
  options.chinese_mode_at_power_on = chinese_mode_at_power_on;
  auto emulator = EscPosEmulator::create(options);
  if (!emulator.ok()) {
    ADD_FAILURE() << "emulator: " << emulator.error().message;
    std::abort();  // every receipt test needs the font; nothing sensible can follow
  }
  return std::move(emulator).value();
}

Raster render_one_ticket(PaperWidth paper, const std::vector<uint8_t>& bytes) {
  EscPosEmulator emulator = make_emulator(paper);
  emulator.feed(bytes);
  EXPECT_EQ(emulator.ticket_count(), 1u);
  if (emulator.ticket_count() == 0) return {};
  return emulator.ticket(0);
}

std::vector<std::string> decode_qr(const Raster& raster) {
  using namespace ::zbar;  // zbar.h puts its C API in namespace zbar when compiled as C++
  std::vector<std::string> found;
  if (raster.width == 0 || raster.height == 0) return found;
  zbar_image_scanner_t* scanner = zbar_image_scanner_create();
  zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
  zbar_image_t* image = zbar_image_create();
  zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
  zbar_image_set_size(image, unsigned(raster.width), unsigned(raster.height));
  zbar_image_set_data(image, raster.pixels.data(), raster.pixels.size(), nullptr);
  zbar_scan_image(scanner, image);
  for (const zbar_symbol_t* s = zbar_image_first_symbol(image); s; s = zbar_symbol_next(s))
    found.emplace_back(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
  zbar_image_destroy(image);
  zbar_image_scanner_destroy(scanner);
  return found;
}

std::optional<Raster> load_png(const std::filesystem::path& path) {
  int w = 0, h = 0, channels = 0;
  unsigned char* data = stbi_load(path.string().c_str(), &w, &h, &channels, 1);
  if (!data) return std::nullopt;
  Raster r;
  r.width = w;
  r.height = h;
  r.pixels.assign(data, data + size_t(w) * size_t(h));
  stbi_image_free(data);
  return r;
}

InkBox ink_box(const Raster& r, int row_begin, int row_end) {
  if (row_end < 0 || row_end > r.height) row_end = r.height;
  InkBox box{r.width, r.height, -1, -1};
  for (int y = row_begin; y < row_end; ++y)
    for (int x = 0; x < r.width; ++x)
      if (r.at(x, y) < 128) {
        box.left = std::min(box.left, x);
        box.right = std::max(box.right, x);
        box.top = std::min(box.top, y);
        box.bottom = std::max(box.bottom, y);
      }
  return box;
}

size_t ink_count(const Raster& r, int row_begin, int row_end) {
  if (row_end < 0 || row_end > r.height) row_end = r.height;
  size_t n = 0;
  for (int y = row_begin; y < row_end; ++y)
    for (int x = 0; x < r.width; ++x) n += r.at(x, y) < 128;
  return n;
}

ScratchDir::ScratchDir(const std::string& tag) {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("zhidui-" + tag + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace zhidui::drivers::receipt_printer::testing
