// A broken catalog never replaces a good one: the last good catalog stays in service.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/catalog_keeper.h"
#include "zhidui_build_paths.h"

namespace fs = std::filesystem;
using namespace zhidui;

namespace {
std::string sample() {
  std::ifstream in(std::string(ZHIDUI_SOURCE_DIR) + "/assets/catalog/catalog.json");
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}
}  // namespace

TEST(CatalogKeeper, ABrokenCatalogLeavesTheLastGoodOneInService) {
  fs::path dir = fs::temp_directory_path() / ("zhidui-keeper-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  CatalogKeeper keeper((dir / "last-good.json").string());

  std::ofstream((dir / "catalog.json").string()) << sample();
  Error refused;
  auto good = keeper.load_or_last_good((dir / "catalog.json").string(), &refused);
  ASSERT_TRUE(good.ok()) << good.error().message;
  ASSERT_TRUE(fs::exists(dir / "last-good.json"));

  // The shipped (or refreshed) catalog is now broken: a duplicate id.
  std::string broken = sample();
  broken.replace(broken.find("\"hn-mz-gljt\""), 12, "\"cs-rlzy-ycxcybt\"");
  std::ofstream((dir / "catalog.json").string(), std::ios::trunc) << broken;
  auto served = keeper.load_or_last_good((dir / "catalog.json").string(), &refused);
  ASSERT_TRUE(served.ok());
  EXPECT_EQ(served->items.size(), good->items.size());
  EXPECT_NE(refused.message.find("duplicate item id"), std::string::npos) << refused.message;
  EXPECT_NE(refused.message.find("catalog.json"), std::string::npos);

  // adopt() of a broken text is refused and does not touch the last good copy.
  auto before = fs::last_write_time(dir / "last-good.json");
  EXPECT_FALSE(keeper.adopt("{\"format\":1", "platform").ok());
  EXPECT_EQ(fs::last_write_time(dir / "last-good.json"), before);
  fs::remove_all(dir);
}

TEST(CatalogKeeper, NoLastGoodCatalogMeansThePreciseErrorComesBack) {
  CatalogKeeper keeper("/nonexistent/last-good.json");
  Error refused;
  auto r = keeper.load_or_last_good("/nonexistent/catalog.json", &refused);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "catalog.open");
}

TEST(CatalogKeeper, EveryKindOfBrokenCatalogIsRefusedPreciselyAndTheGoodOneServes) {
  fs::path dir = fs::temp_directory_path() / ("zhidui-keeper-all-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  CatalogKeeper keeper((dir / "last-good.json").string());
  const std::string path = (dir / "catalog.json").string();
  std::ofstream(path) << sample();
  Error refused;
  auto good = keeper.load_or_last_good(path, &refused);
  ASSERT_TRUE(good.ok()) << good.error().message;

  auto with = [](const std::string& from, const std::string& to) {
    std::string text = sample();
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  };
  const std::pair<std::string, std::string> cases[] = {
      {sample().substr(0, 5000), "not valid JSON"},
      {with(R"("type": "phone")", R"("type": "telephone")"), "item 'cs-rlzy-ycxcybt': field 'form[3].type': unknown field type 'telephone'"},
      {with(R"({"fact": "age", "op": "between")", R"({"fact": "income", "op": "between")"), "unknown fact 'income'"},
      {with("\"hn-mz-gljt\"", "\"cs-rlzy-ycxcybt\""), "duplicate item id"},
      // A misspelt key is refused, never ignored: "eligibilty" would open the item to everyone.
      {with(R"("eligibility": {"fact": "age")", R"("eligibilty": {"fact": "age")"), "field 'eligibilty': unknown key"},
      {with(R"("commitment_allowed": false, "e_licence": true, "trust_level": "original")",
            R"("commitment_allowed": true, "e_licence": true, "trust_level": "original")"),
       "trust_level original cannot be replaced by a commitment"},
      {with(R"("trust_level": "declared")", R"("trust_level": "sworn")"), "must be declared, copy or original"},
  };
  for (const auto& [text, reason] : cases) {
    std::ofstream(path, std::ios::trunc) << text;
    refused = Error{};
    auto served = keeper.load_or_last_good(path, &refused);
    ASSERT_TRUE(served.ok()) << reason;
    EXPECT_EQ(served->items.size(), good->items.size()) << reason;
    EXPECT_NE(refused.message.find(reason), std::string::npos) << refused.message;
    EXPECT_NE(refused.message.find("catalog.json"), std::string::npos) << refused.message;
  }
  fs::remove_all(dir);
}
