// enterprises.h — the simulator's enterprise register (企业登记): the records behind
// GET /api/v1/enterprises/{uscc} and the representative check, seeded with demo enterprises whose legal
// representatives are the ID-card personas (drivers/id_reader/personas.cpp), so the enterprise journey
// can be walked end to end with the fake card reader.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zhidui::platform_sim {

struct EnterpriseRecord {
  std::string uscc;                 // 统一社会信用代码 (GB 32100-2015), check character verified
  std::string name;
  std::string legal_rep_name;       // public register data (公示信息)
  std::string legal_rep_id_number;  // never sent: only masked, or compared by the representative check
  std::string region_code;          // 6-digit registration division (positions 3..8 of the USCC)
  std::string type;                 // the register's own wording, e.g. 有限责任公司（自然人独资）
  std::string status;               // active (存续) | deregistered (注销) | revoked (吊销)
  std::string registered_at;        // YYYY-MM-DD
};

// The demo register; every USCC passes uscc_check_char (tests/offline/platform_enterprise_test.cpp).
const std::vector<EnterpriseRecord>& demo_enterprises();

// GB 32100-2015: 18 characters of 0-9 A-H J-N P-R T U W-Y, the registration division (3..8) digits,
// and the last one the check character over the first 17 (weights 3^i mod 31).
bool is_valid_uscc(std::string_view code);
char uscc_check_char(std::string_view first17);  // '?' when the input is not 17 code characters

// The register's status in Chinese, as the kiosk may show it next to the name.
std::string_view enterprise_status_text(std::string_view status);

}  // namespace zhidui::platform_sim
