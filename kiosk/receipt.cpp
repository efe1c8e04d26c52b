// receipt.cpp — the receipt's layout. Title double size and centred; label/value lines wrapped the
// Chinese way by the printer layer; the acceptance number large and bold; the QR centred; then cut.
#include "kiosk/receipt.h"

#include "drivers/receipt_printer/escpos.h"
#include "kiosk/strings.h"

namespace zhidui {

namespace rp = drivers::receipt_printer;

std::string ReceiptData::qr_payload() const {
  std::string p = "zhidui://receipt/v1?id=" + uuid;
  if (!acceptance_no.empty()) p += "&no=" + acceptance_no;
  return p;
}

Result<std::vector<uint8_t>> layout_receipt(const ReceiptData& r, int paper_dots) {
  rp::EscPosBuilder b;
  b.initialize().chinese_mode(true);
  b.align(rp::Align::center).size(2, 2).bold(true).line(tr("receipt.title")).bold(false).size(1, 1);
  b.line(tr("app.name")).line_feed();

  b.align(rp::Align::left);
  auto field = [&](const char* label_key, const std::string& value) {
    std::string text = tr(label_key) + "：" + value;
    for (const auto& l : rp::wrap_text(text, paper_dots)) b.line(l);
  };
  field("receipt.policy", r.policy_title);
  if (!r.enterprise_name.empty()) field("receipt.enterprise", r.enterprise_name);
  field("receipt.applicant", r.applicant_masked);
  field("receipt.id_number", r.id_number_masked);
  field("receipt.date", r.submitted_at);
  field("receipt.kiosk", r.kiosk_id);
  if (!r.later_materials.empty()) {
    b.line_feed();
    for (const auto& l : rp::wrap_text(tr("receipt.later_materials"), paper_dots)) b.line(l);
    for (size_t i = 0; i < r.later_materials.size(); ++i)
      for (const auto& l : rp::wrap_text(std::to_string(i + 1) + ". " + r.later_materials[i], paper_dots)) b.line(l);
  }
  b.line_feed();

  b.align(rp::Align::center).line(tr("receipt.acceptance_no"));
  b.size(2, 2).bold(true).line(r.acceptance_no.empty() ? tr("receipt.pending") : r.acceptance_no);
  b.bold(false).size(1, 1);
  if (r.acceptance_no.empty()) {
    b.align(rp::Align::left);
    for (const auto& l : rp::wrap_text(tr("receipt.pending_note"), paper_dots)) b.line(l);
    b.align(rp::Align::center);
  }
  b.line_feed();
  b.qr(r.qr_payload(), rp::QrOptions{});
  b.line(tr("receipt.scan_hint")).line(tr("receipt.footer"));
  b.feed_and_cut(96);
  return b.build();
}

}  // namespace zhidui
