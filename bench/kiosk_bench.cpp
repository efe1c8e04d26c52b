// kiosk_bench.cpp — benchmarks of the walking skeleton: loading the catalog, and building one UI frame
// (NewFrame → draw → Render, with software rasterisation) of each screen of the citizen journey.
// Figures are reported by Google Benchmark; nothing here asserts a time.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "base/paths.h"
#include "kiosk/catalog.h"
#include "kiosk/event_queue.h"
#include "kiosk/session.h"
#include "kiosk/strings.h"
#include "ui/app.h"

using namespace zhidui;

namespace {

void BM_LoadCatalog(benchmark::State& state) {
  const std::string path = paths::assets_dir() + "/catalog/catalog.json";
  for (auto _ : state) {
    auto c = load_catalog(path);
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_LoadCatalog)->Unit(benchmark::kMicrosecond);

struct UiFixture {
  Catalog catalog;
  EventQueue events;
  std::unique_ptr<Session> session;
  std::unique_ptr<ui::App> app;

  UiFixture() {
    install_strings(Strings::load_kiosk(paths::assets_dir()).value());
    catalog = load_catalog(paths::assets_dir() + "/catalog/catalog.json").value();
    SessionServices sv;
    sv.save_async = [](offline::NewApplication) {};
    sv.print_receipt_async = [](ReceiptData, bool) {};
    sv.now_iso_utc = [] { return std::string("2026-11-25T03:00:00Z"); };
    sv.now_local = [] { return std::string("2026-11-25 11:00"); };
    session = std::make_unique<Session>(catalog, sv);
    app = std::make_unique<ui::App>(*session, events);
    ui::AppOptions o;
    o.headless = true;
    for (const auto& item : catalog.items) o.extra_texts.push_back(item.title + item.guide.beneficiaries);
    if (!app->init(o)) std::abort();
  }
};

void BM_Frame(benchmark::State& state) {
  static UiFixture f;
  Identity id;
  id.name = "张伟";
  id.id_number = "430104199003070015";
  id.address = "湖南省长沙市岳麓区麓山南路932号";
  f.session->apply(act::GoHome{}, 0);
  switch (state.range(0)) {
    case 0: break;  // home
    case 1: f.events.push(ev::CardInserted{id}); break;
    case 2:
      f.events.push(ev::CardInserted{id});
      f.app->frame();
      f.session->apply(act::SelectPolicy{"cs-rlzy-ycxcybt"}, 0);
      break;
  }
  f.app->run_frames(2);
  for (auto _ : state) f.app->frame();
  state.SetLabel(state.range(0) == 0 ? "home" : state.range(0) == 1 ? "policy list" : "policy detail");
}
BENCHMARK(BM_Frame)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
