// domain_bench.cpp — benchmarks of the domain core over a generated 1,000-item catalog (the 35 sample
// items repeated with new ids): parse + validate + index, search latency p50/p99 (budget ≤ 1 ms p99),
// and eligibility of one applicant over every item. Figures only; nothing here asserts a time.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/paths.h"
#include "kiosk/catalog.h"
#include "kiosk/eligibility.h"
#include "kiosk/search.h"

using namespace zhidui;

namespace {

// The sample catalog's items repeated (ids made unique) until there are `count` of them.
const std::string& big_catalog_json(size_t count = 1000) {
  static const std::string text = [count] {
    std::ifstream in(paths::assets_dir() + "/catalog/catalog.json");
    auto sample = nlohmann::json::parse(in);
    nlohmann::json items = nlohmann::json::array();
    for (size_t i = 0; items.size() < count; ++i) {
      auto item = sample["items"][i % sample["items"].size()];
      item["id"] = item["id"].get<std::string>() + "-" + std::to_string(i);
      items.push_back(std::move(item));
    }
    sample["items"] = std::move(items);
    return sample.dump();
  }();
  return text;
}

const Catalog& big_catalog() {
  static const Catalog c = parse_catalog(big_catalog_json(), "generated-1000.json").value();
  return c;
}

void BM_LoadAndIndex1000(benchmark::State& state) {
  for (auto _ : state) {
    auto c = parse_catalog(big_catalog_json(), "generated-1000.json");
    SearchIndex index(c.value());
    benchmark::DoNotOptimize(index);
  }
  state.counters["items"] = static_cast<double>(big_catalog().items.size());
}
BENCHMARK(BM_LoadAndIndex1000)->Unit(benchmark::kMillisecond);

// Latency of a mix of typical queries (Chinese, full pinyin, initials, several words, no hit), reported
// as percentiles over all queries of all iterations.
void BM_Search1000(benchmark::State& state) {
  const SearchIndex index(big_catalog());
  const std::vector<std::string> queries = {"补贴", "gaoling", "jycy", "zhuanjingtexin", "长沙 研发", "rc",
                                            "tuoyu", "稳岗", "gxjsqy", "不存在的事项", "zzzzqqq", "cyb"};
  std::vector<double> micros;
  size_t hits = 0;
  for (auto _ : state) {
    for (const auto& q : queries) {
      auto t0 = std::chrono::steady_clock::now();
      auto found = index.search(q);
      auto t1 = std::chrono::steady_clock::now();
      hits += found.size();
      micros.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
  }
  std::sort(micros.begin(), micros.end());
  auto pct = [&](double p) { return micros[std::min(micros.size() - 1, static_cast<size_t>(p * micros.size()))]; };
  state.counters["p50_us"] = pct(0.50);
  state.counters["p99_us"] = pct(0.99);
  state.counters["max_us"] = micros.back();
  state.counters["hits_per_query"] = static_cast<double>(hits) / static_cast<double>(micros.size());
}
BENCHMARK(BM_Search1000)->Unit(benchmark::kMillisecond);

void BM_EligibilityOneApplicantAllItems(benchmark::State& state) {
  const Catalog& c = big_catalog();
  ApplicantFacts facts;
  add_id_number_facts(facts, "430102196403010015", "2026-11-25");
  add_uscc_facts(facts, "91430100MA4L0000X0");  // invalid on purpose: enterprise facts stay unknown
  facts.form = {{"employees", "120"}, {"revenue", "3500"}, {"first_time", "yes"}};
  size_t eligible = 0;
  for (auto _ : state)
    for (const auto& item : c.items) eligible += evaluate_eligibility(item, facts, "2026-11-25").verdict == Verdict::eligible;
  benchmark::DoNotOptimize(eligible);
  state.counters["items"] = static_cast<double>(c.items.size());
}
BENCHMARK(BM_EligibilityOneApplicantAllItems)->Unit(benchmark::kMicrosecond);

}  // namespace
