// card_codes.cpp — see card_codes.h. Table from hardware-facts.md §1.8 (46 is 德昂, not 德昴).
#include "drivers/id_reader/card_codes.h"

#include <array>
#include <utility>

namespace zhidui::drivers::id_reader {
namespace {

struct Nation {
  std::string_view code;
  std::string_view name;
};

constexpr std::array<Nation, 58> kNations = {{
    {"01", "汉"},     {"02", "蒙古"},   {"03", "回"},       {"04", "藏"},     {"05", "维吾尔"}, {"06", "苗"},
    {"07", "彝"},     {"08", "壮"},     {"09", "布依"},     {"10", "朝鲜"},   {"11", "满"},     {"12", "侗"},
    {"13", "瑶"},     {"14", "白"},     {"15", "土家"},     {"16", "哈尼"},   {"17", "哈萨克"}, {"18", "傣"},
    {"19", "黎"},     {"20", "傈僳"},   {"21", "佤"},       {"22", "畲"},     {"23", "高山"},   {"24", "拉祜"},
    {"25", "水"},     {"26", "东乡"},   {"27", "纳西"},     {"28", "景颇"},   {"29", "柯尔克孜"}, {"30", "土"},
    {"31", "达斡尔"}, {"32", "仫佬"},   {"33", "羌"},       {"34", "布朗"},   {"35", "撒拉"},   {"36", "毛南"},
    {"37", "仡佬"},   {"38", "锡伯"},   {"39", "阿昌"},     {"40", "普米"},   {"41", "塔吉克"}, {"42", "怒"},
    {"43", "乌孜别克"}, {"44", "俄罗斯"}, {"45", "鄂温克"}, {"46", "德昂"},   {"47", "保安"},   {"48", "裕固"},
    {"49", "京"},     {"50", "塔塔尔"}, {"51", "独龙"},     {"52", "鄂伦春"}, {"53", "赫哲"},   {"54", "门巴"},
    {"55", "珞巴"},   {"56", "基诺"},   {"97", "其他"},     {"98", "外国血统中国籍人士"},
}};

constexpr std::string_view kZu = "族";

bool is_ethnic_group(std::string_view code) { return code != "97" && code != "98"; }

}  // namespace

std::string sex_name(std::string_view code) {
  if (code == "1") return "男";
  if (code == "2") return "女";
  if (code == "9") return "未说明";
  return "未知";
}

std::string sex_code_for(std::string_view name) {
  if (name == "男") return "1";
  if (name == "女") return "2";
  if (name == "未说明") return "9";
  return "0";
}

std::string_view nation_base_name(std::string_view code) {
  for (const auto& n : kNations)
    if (n.code == code) return n.name;
  return {};
}

std::string nation_display_name(std::string_view code) {
  std::string_view base = nation_base_name(code);
  if (base.empty()) return {};
  std::string out(base);
  if (is_ethnic_group(code)) out += kZu;
  return out;
}

std::string nation_code_for(std::string_view name) {
  for (const auto& n : kNations) {
    if (n.name == name) return std::string(n.code);
    if (is_ethnic_group(n.code) && name.size() == n.name.size() + kZu.size() && name.starts_with(n.name) &&
        name.ends_with(kZu))
      return std::string(n.code);
  }
  return {};
}

}  // namespace zhidui::drivers::id_reader
