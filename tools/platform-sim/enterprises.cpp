// enterprises.cpp — see enterprises.h. The demo register: made-up companies with valid USCCs (check
// characters computed per GB 32100-2015 and re-checked by a test). The legal representatives' ID
// numbers are those of the card-reader personas: 张伟 430104199003070138 leads a 长沙 company and
// 李秀英 430302196204150243 a 湘潭 one; 刘建国 (no persona) leads a third, where 张伟 can only act as
// 经办人; the fourth is 注销 (deregistered).
#include "tools/platform-sim/enterprises.h"

#include <algorithm>

namespace zhidui::platform_sim {
namespace {

constexpr std::string_view kUsccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

}  // namespace

char uscc_check_char(std::string_view first17) {
  if (first17.size() != 17) return '?';
  int sum = 0, weight = 1;
  for (char c : first17) {
    size_t value = kUsccCharset.find(c);
    if (value == std::string_view::npos) return '?';
    sum += int(value) * weight;
    weight = weight * 3 % 31;
  }
  const int check = 31 - sum % 31;
  return kUsccCharset[size_t(check == 31 ? 0 : check)];
}

bool is_valid_uscc(std::string_view code) {
  if (code.size() != 18) return false;
  if (!std::all_of(code.begin(), code.end(), [](char c) { return kUsccCharset.find(c) != std::string_view::npos; }))
    return false;
  if (!std::all_of(code.begin() + 2, code.begin() + 8, [](char c) { return c >= '0' && c <= '9'; })) return false;
  return uscc_check_char(code.substr(0, 17)) == code[17];
}

std::string_view enterprise_status_text(std::string_view status) {
  if (status == "active") return "存续";
  if (status == "deregistered") return "注销";
  if (status == "revoked") return "吊销";
  return "";
}

const std::vector<EnterpriseRecord>& demo_enterprises() {
  static const std::vector<EnterpriseRecord> records = {
      {"91430104MA4L1A2B39", "长沙岳麓山智造科技有限公司", "张伟", "430104199003070138", "430104",
       "有限责任公司（自然人独资）", "active", "2019-03-12"},
      {"91430302MA4P5C6D71", "湘潭雨湖湘韵食品有限公司", "李秀英", "430302196204150243", "430302",
       "有限责任公司（自然人投资或控股）", "active", "2012-07-02"},
      {"91430102MA4Q8E9F0C", "长沙芙蓉星辰商贸有限公司", "刘建国", "430181198505120316", "430102",
       "有限责任公司（自然人投资或控股）", "active", "2020-11-18"},
      {"91430211MA4M7K8L9J", "株洲天元旧城机械有限公司", "王强", "430211197806150510", "430211",
       "有限责任公司（自然人独资）", "deregistered", "2016-05-09"},
  };
  return records;
}

}  // namespace zhidui::platform_sim
