// receipt.h — what a receipt (办件凭证) says, and its layout as ESC/POS for the receipt printer.
//
// Only masked personal values ever reach a ReceiptData: the paper leaves the kiosk with the citizen
// and may be lost. The QR carries the application's id and acceptance number, nothing personal, so
// scanning it later (进度查询) finds the application.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace zhidui {

struct ReceiptData {
  std::string policy_title;
  std::string applicant_masked;   // 张*
  std::string id_number_masked;   // 4301**********1234
  std::string submitted_at;       // local time, YYYY-MM-DD HH:MM
  std::string acceptance_no;      // empty: not yet acknowledged (printed as 待上传)
  std::string uuid;
  std::string kiosk_id;
  std::string enterprise_name;               // enterprise journeys: the unit applied for
  std::vector<std::string> later_materials;  // 容缺: materials to bring later, by name
  // For the A4 application form (the thermal slip leaves them out): the answers, masked as on the review
  // screen, and each material with how it is provided — (label, text) pairs.
  std::vector<std::pair<std::string, std::string>> answers;
  std::vector<std::pair<std::string, std::string>> materials;

  std::string qr_payload() const;  // zhidui://receipt/v1?id=<uuid>[&no=<acceptance_no>]
};

// ESC/POS bytes of the receipt for paper `paper_dots` wide (384 = 58 mm, 576 = 80 mm).
Result<std::vector<uint8_t>> layout_receipt(const ReceiptData& receipt, int paper_dots);

}  // namespace zhidui
