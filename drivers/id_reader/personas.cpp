// personas.cpp — see personas.h. Validity dates are chosen so every card is valid on 2026-11-25.
#include "drivers/id_reader/personas.h"

#include <array>
#include <cassert>

#include "drivers/id_reader/card_codes.h"

namespace zhidui::drivers::id_reader {
namespace {

std::string with_check(std::string_view first17) {
  const char check = gb11643_check_char(first17);
  assert(check != '\0' && "persona number must start with 17 digits");
  return std::string(first17) + check;
}

IdCard resident(std::string name, std::string sex, std::string nation_code, std::string birth, std::string address,
                std::string_view first17, std::string authority, std::string from, std::string to) {
  IdCard c;
  c.type = CardType::resident;
  c.name = std::move(name);
  c.sex = std::move(sex);
  c.sex_code = sex_code_for(c.sex);
  c.nation_code = std::move(nation_code);
  c.nation = nation_display_name(c.nation_code);
  c.birth_date = std::move(birth);
  c.address = std::move(address);
  c.id_number = with_check(first17);
  c.authority = std::move(authority);
  c.valid_from = std::move(from);
  c.valid_to = std::move(to);
  return c;
}

}  // namespace

char gb11643_check_char(std::string_view first17) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr std::string_view kCheck = "10X98765432";
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    if (first17[i] < '0' || first17[i] > '9') return '\0';
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheck[size_t(sum % 11)];
}

std::vector<Persona> all_personas() {
  std::vector<Persona> out;

  out.push_back({"resident_changsha", "张伟（长沙岳麓，男，1990年生）",
                 resident("张伟", "男", "01", "19900307", "湖南省长沙市岳麓区麓山南路932号", "43010419900307013",
                          "长沙市公安局岳麓分局", "20150320", "20350320")});

  // 64 on 2026-11-25; over 46 at issue, hence a long-term card.
  out.push_back({"elderly_xiangtan", "李秀英（湘潭雨湖，女，64岁，长期证）",
                 resident("李秀英", "女", "01", "19620415", "湖南省湘潭市雨湖区韶山西路18号", "43030219620415024",
                          "湘潭市公安局雨湖分局", "20120601", "长期")});

  // 喆 (U+5586) is missing from many small fonts; also a Tujia (土家族) nation code.
  out.push_back({"rare_name_zhangjiajie", "龚喆（张家界永定，女，土家族，生僻字）",
                 resident("龚喆", "女", "15", "20010612", "湖南省张家界市永定区解放路56号", "43080220010612046",
                          "张家界市公安局永定分局", "20190701", "20290701")});

  {
    IdCard c;
    c.type = CardType::hk_macau_taiwan_permit;
    c.name = "陈嘉欣";
    c.sex = "女";
    c.sex_code = sex_code_for(c.sex);
    c.birth_date = "19950815";
    c.address = "湖南省长沙市芙蓉区五一大道389号";
    c.id_number = with_check("81000019950815002");
    c.authority = "长沙市公安局芙蓉分局";
    c.valid_from = "20230901";
    c.valid_to = "20280901";
    c.pass_number = "H60123456";
    c.issue_count = "01";
    out.push_back({"hk_permit", "陈嘉欣（香港居民居住证）", std::move(c)});
  }
  {
    IdCard c;
    c.type = CardType::foreign_permanent_2017;
    c.english_name = "SMITH, JOHN MICHAEL";
    c.name = "史密斯";
    c.sex = "男";
    c.sex_code = sex_code_for(c.sex);
    c.id_number = "USA438503150123";  // 15-character permanent-residence number of the 2017 card
    c.nationality = "USA";
    c.birth_date = "19850315";
    c.valid_from = "20180520";
    c.valid_to = "20280520";
    c.card_version = "01";
    c.authority = "4300";
    out.push_back({"foreigner_2017", "史密斯（外国人永久居留证，2017版）", std::move(c)});
  }
  {
    IdCard c;
    c.type = CardType::foreign_permanent_2023;
    c.name = "玛丽亚";
    c.english_name = "GARCIA, MARIA";
    c.sex = "女";
    c.sex_code = sex_code_for(c.sex);
    c.birth_date = "19910203";
    c.id_number = with_check("94372419910203002");  // 9 + Hunan 43 + Spain 724 + birth + sequence
    c.nationality = "ESP";
    c.valid_from = "20240110";
    c.valid_to = "20340110";
    out.push_back({"foreigner_2023", "玛丽亚（外国人永久居留证，2023版）", std::move(c)});
  }

  out.push_back({"damaged_card", "王芳（证件损坏，无法识别）",
                 resident("王芳", "女", "01", "19850620", "湖南省岳阳市岳阳楼区洞庭南路7号", "43060219850620028",
                          "岳阳市公安局岳阳楼分局", "20100110", "20300110"),
                 CardCondition::unrecognised});
  return out;
}

std::optional<Persona> find_persona(std::string_view id) {
  for (auto& p : all_personas())
    if (p.id == id) return std::move(p);
  return std::nullopt;
}

}  // namespace zhidui::drivers::id_reader
