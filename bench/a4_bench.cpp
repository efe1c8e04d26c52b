// a4_bench.cpp — A4 printing: laying out and rendering one receipt page to PDF with cairo + pango (the
// work a print request does before CUPS sees it), a three-page form, and one job end to end through a
// private cupsd (IPP submission, the backend writing the file, completion seen by polling).
// Figures are reported by Google Benchmark; nothing here asserts a time.
#include <benchmark/benchmark.h>

#include <memory>

#include "drivers/a4_printer/a4_page.h"
#include "drivers/a4_printer/cups_a4_printer.h"
#include "drivers/a4_printer/private_cupsd.h"

using namespace zhidui::drivers::a4_printer;

namespace {

A4Page receipt_page() {
  A4Page p;
  p.title = "长沙市高校毕业生一次性求职创业补贴";
  p.subtitle = "受理回执";
  p.sections = {{"申请人信息", {{"姓名", "张*"}, {"公民身份号码", "4301**********0015"}, {"联系电话", "138****5678"}}},
                {"办理信息",
                 {{"受理编号", "HN20261125-000123"},
                  {"受理时间", "2026-11-25 11:00"},
                  {"受理地点", "湖南省长沙市岳麓区政务服务中心"}}}};
  p.paragraphs = {"请妥善保管本回执。您可以扫描下方二维码，或凭受理编号在湖南政务服务网查询办理进度。"};
  p.qr_payload = "zhidui://receipt/v1?id=7f9c2a4e-1b3d-4c5e-8f60-123456789abc&no=HN20261125-000123";
  p.qr_caption = "扫码查询办理进度";
  p.footer_lines = {"湖南省政务服务自助终端"};
  return p;
}

A4Page three_page_form() {
  A4Page p = receipt_page();
  A4Section materials{"申请材料清单", {}};
  for (int i = 1; i <= 60; ++i)
    materials.rows.push_back({"材料" + std::to_string(i), "居民身份证复印件一份（正反面）"});
  p.sections.push_back(materials);
  return p;
}

void BM_RenderA4ReceiptPage(benchmark::State& state) {
  const A4Page page = receipt_page();
  size_t bytes = 0;
  for (auto _ : state) {
    auto pdf = render_pdf(page);
    if (!pdf) state.SkipWithError(pdf.error().message.c_str());
    bytes = pdf ? pdf->bytes.size() : 0;
    benchmark::DoNotOptimize(pdf);
  }
  state.counters["pdf_bytes"] = double(bytes);
}
BENCHMARK(BM_RenderA4ReceiptPage)->Unit(benchmark::kMillisecond);

void BM_RenderA4ThreePageForm(benchmark::State& state) {
  const A4Page page = three_page_form();
  int pages = 0;
  for (auto _ : state) {
    auto pdf = render_pdf(page);
    if (!pdf) state.SkipWithError(pdf.error().message.c_str());
    pages = pdf ? pdf->pages : 0;
    benchmark::DoNotOptimize(pdf);
  }
  state.counters["pages"] = pages;
}
BENCHMARK(BM_RenderA4ThreePageForm)->Unit(benchmark::kMillisecond);

// One receipt through a real (private) cupsd: submit, backend writes the PDF, completion observed.
void BM_PrintA4ReceiptThroughPrivateCupsd(benchmark::State& state) {
  auto cupsd = PrivateCupsd::start();
  if (!cupsd) {
    state.SkipWithError(cupsd.error().message.c_str());
    return;
  }
  CupsA4Config config;
  config.server = (*cupsd)->server();
  config.queue = (*cupsd)->queue();
  config.poll_interval = std::chrono::milliseconds(10);
  CupsA4Printer printer(config);
  const auto pdf = render_pdf(receipt_page()).value().bytes;
  for (auto _ : state) {
    auto job = printer.print_pdf(pdf, "zhidui bench");
    if (!job) state.SkipWithError(job.error().message.c_str());
  }
}
BENCHMARK(BM_PrintA4ReceiptThroughPrivateCupsd)->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace
