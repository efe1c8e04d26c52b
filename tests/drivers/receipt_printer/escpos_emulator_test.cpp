// escpos_emulator_test.cpp — the emulator prints what a 24-dot ESC/POS printer would: the sample receipt
// decodes and matches its golden image, widths per paper, chunking does not matter, each command's
// visible effect, and DLE EOT answers per condition.
#include "drivers/receipt_printer/escpos_emulator.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "drivers/receipt_printer/escpos.h"
#include "receipt_test_support.h"
#include "zhidui_build_paths.h"

namespace zhidui::drivers::receipt_printer {
namespace {

using namespace testing;
using Bytes = std::vector<uint8_t>;

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes text_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

// --- the sample receipt --------------------------------------------------------------------------------------

class EscPosEmulatorSample : public ::testing::TestWithParam<PaperWidth> {};

TEST_P(EscPosEmulatorSample, RendersAtThePaperWidthAndTheQrDecodes) {
  const PaperWidth paper = GetParam();
  EscPosEmulator emulator = make_emulator(paper);
  emulator.feed(sample_receipt(paper));
  ASSERT_EQ(emulator.ticket_count(), 1u);
  const Raster& ticket = emulator.ticket(0);
  EXPECT_EQ(ticket.width, paper == PaperWidth::mm58 ? 384 : 576);
  EXPECT_GT(ticket.height, 400);
  EXPECT_EQ(emulator.stats().qr_printed, 1u);
  EXPECT_EQ(emulator.stats().unknown_commands, 0u);
  EXPECT_EQ(emulator.stats().replaced_characters, 0u);
  EXPECT_EQ(emulator.stats().missing_glyphs, 0u);
  EXPECT_EQ(decode_qr(ticket), std::vector<std::string>{kSampleQrPayload});
  // Pixels are pure ink or pure paper: what a thermal head can make.
  for (uint8_t p : ticket.pixels) ASSERT_TRUE(p == 0 || p == 255);

  // Kept for people: look at it after a run.
  const std::string out = std::string(ZHIDUI_BUILD_DIR) + "/sample_receipt_" + to_string(paper) + ".png";
  EXPECT_TRUE(emulator.write_png(0, out).ok());
}

TEST_P(EscPosEmulatorSample, MatchesGoldenImage) {
  const PaperWidth paper = GetParam();
  const Raster ticket = render_one_ticket(paper, sample_receipt(paper));
  const std::string name = std::string("sample_receipt_") + to_string(paper) + ".png";
  const std::filesystem::path golden =
      std::filesystem::path(ZHIDUI_SOURCE_DIR) / "tests/drivers/receipt_printer/golden" / name;

  const char* update = std::getenv("ZHIDUI_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    ASSERT_TRUE(write_png(ticket, golden.string()).ok());
    std::cout << "[ golden  ] wrote " << golden << "\n";
    return;
  }
  auto expected = load_png(golden);
  ASSERT_TRUE(expected) << "no golden image " << golden
                        << "; create it with ZHIDUI_UPDATE_GOLDEN=1 and check it by eye before committing";
  const std::filesystem::path actual = std::filesystem::path(ZHIDUI_BUILD_DIR) / ("actual_" + name);
  const std::string how_to_update = "\nactual image: " + actual.string() +
                                    "\nif the change is intended, re-run with ZHIDUI_UPDATE_GOLDEN=1 to rewrite " +
                                    golden.string() + " and review the new image before committing";
  if (expected->width != ticket.width || expected->height != ticket.height) {
    (void)write_png(ticket, actual.string());
    FAIL() << "size " << ticket.width << "x" << ticket.height << " differs from golden " << expected->width << "x"
           << expected->height << how_to_update;
  }
  size_t differing = 0;
  for (size_t i = 0; i < ticket.pixels.size(); ++i)
    differing += (ticket.pixels[i] < 128) != (expected->pixels[i] < 128);
  // A tiny tolerance (0.05 % of the pixels) absorbs rasteriser rounding, not a changed layout.
  const size_t tolerance = ticket.pixels.size() / 2000;
  if (differing > tolerance) (void)write_png(ticket, actual.string());
  EXPECT_LE(differing, tolerance) << differing << " pixels differ from the golden image" << how_to_update;
}

TEST_P(EscPosEmulatorSample, ChunkingNeverChangesThePaper) {
  const PaperWidth paper = GetParam();
  const Bytes bytes = sample_receipt(paper);
  const Raster reference = render_one_ticket(paper, bytes);
  // Split at every position: two chunks.
  for (size_t split = 0; split <= bytes.size(); ++split) {
    EscPosEmulator emulator = make_emulator(paper);
    emulator.feed(std::span(bytes).first(split));
    emulator.feed(std::span(bytes).subspan(split));
    ASSERT_EQ(emulator.ticket_count(), 1u) << "split at " << split;
    ASSERT_TRUE(emulator.ticket(0) == reference) << "split at " << split;
  }
  // And one byte at a time.
  EscPosEmulator trickle = make_emulator(paper);
  for (uint8_t b : bytes) trickle.feed(std::span(&b, 1));
  ASSERT_EQ(trickle.ticket_count(), 1u);
  EXPECT_TRUE(trickle.ticket(0) == reference);
}

INSTANTIATE_TEST_SUITE_P(Paper, EscPosEmulatorSample, ::testing::Values(PaperWidth::mm58, PaperWidth::mm80),
                         [](const auto& info) { return std::string("w") + to_string(info.param); });

TEST(EscPosEmulator, QrPayloadWithChineseDecodesToTheSameUtf8Bytes) {
  const std::string payload = "湖南政务 受理编号HN-0001 https://zwfw.hunan.gov.cn/";
  EscPosBuilder b;
  b.initialize()
      .feed_lines(2)
      .align(Align::center)
      .qr(payload, {QrModel::model2, 4, QrErrorCorrection::H})
      .feed_lines(2)
      .cut();
  const Raster ticket = render_one_ticket(PaperWidth::mm58, b.build().value());
  EXPECT_EQ(decode_qr(ticket), std::vector<std::string>{payload});
}

// --- one command at a time ------------------------------------------------------------------------------------

// Renders `body` after ESC @ FS & and before a cut; returns the ticket without its cut mark.
Raster render(const Bytes& body, PaperWidth paper = PaperWidth::mm80) {
  Raster r =
      render_one_ticket(paper, concat({cmd::initialize(), cmd::chinese_mode_on(), body, cmd::cut(CutMode::full)}));
  r.height -= 4;  // the cut mark
  r.pixels.resize(size_t(r.height) * size_t(r.width));
  return r;
}

Bytes zhong() { return {0xD6, 0xD0}; }  // 中 in GB18030

TEST(EscPosEmulator, EmptyTicketIsJustTheCutMark) {
  EscPosEmulator e = make_emulator(PaperWidth::mm58);
  e.feed(cmd::cut(CutMode::full));
  ASSERT_EQ(e.ticket_count(), 1u);
  EXPECT_EQ(e.ticket(0).height, 4);
  EXPECT_GT(ink_count(e.ticket(0)), 0u);
}

TEST(EscPosEmulator, ChineseCharacterFillsA24DotCell) {
  const Raster r = render(concat({zhong(), cmd::line_feed()}));
  const InkBox box = ink_box(r);
  ASSERT_FALSE(box.empty());
  EXPECT_GE(box.left, 0);
  EXPECT_LE(box.right, 23);
  EXPECT_LE(box.bottom, 23);
  EXPECT_GE(box.width(), 18);  // an ideograph spans most of its em box
  EXPECT_GE(box.height(), 18);
  EXPECT_EQ(r.height, kDefaultLineSpacingDots);
}

TEST(EscPosEmulator, AsciiCharacterFillsA12DotCell) {
  const Raster r = render(concat({text_bytes("MW"), cmd::line_feed()}));
  const InkBox m = ink_box(r);
  ASSERT_FALSE(m.empty());
  EXPECT_LE(m.right, 23);  // two 12-dot cells, however wide the font's M and W are
  const Raster one = render(concat({text_bytes("M"), cmd::line_feed()}));
  EXPECT_LE(ink_box(one).right, 11);
}

TEST(EscPosEmulator, CharacterSizeScalesTheCellExactly) {
  const InkBox normal = ink_box(render(concat({zhong(), cmd::line_feed()})));
  const InkBox both = ink_box(render(concat({cmd::char_size(2, 2), zhong(), cmd::line_feed()})));
  EXPECT_EQ(both.width(), 2 * normal.width());
  EXPECT_EQ(both.height(), 2 * normal.height());
  // GS ! 0x01 is double HEIGHT (bits 0–2); a reversed implementation would double the width.
  const InkBox tall = ink_box(render(concat({Bytes{0x1D, 0x21, 0x01}, zhong(), cmd::line_feed()})));
  EXPECT_EQ(tall.width(), normal.width());
  EXPECT_EQ(tall.height(), 2 * normal.height());
  const InkBox wide = ink_box(render(concat({Bytes{0x1D, 0x21, 0x10}, zhong(), cmd::line_feed()})));
  EXPECT_EQ(wide.width(), 2 * normal.width());
  EXPECT_EQ(wide.height(), normal.height());
  // ESC ! 0x30: double width and height through the print-mode command.
  const InkBox esc = ink_box(render(concat({Bytes{0x1B, 0x21, 0x30}, zhong(), cmd::line_feed()})));
  EXPECT_EQ(esc.width(), 2 * normal.width());
  EXPECT_EQ(esc.height(), 2 * normal.height());
}

TEST(EscPosEmulator, EnlargedCharactersShareTheBaselineAndPushTheLineDown) {
  const Raster r = render(concat({zhong(), cmd::char_size(2, 2), zhong(), cmd::line_feed()}));
  EXPECT_EQ(r.height, 48);  // the line is as tall as its tallest character, more than the 30-dot spacing
  // The small character sits at the bottom of the 48-dot line, not at its top.
  Raster left_half = r;
  for (int y = 0; y < r.height; ++y)
    for (int x = 24; x < r.width; ++x) left_half.pixels[size_t(y * r.width + x)] = 255;
  EXPECT_GE(ink_box(left_half).top, 24);
}

TEST(EscPosEmulator, BoldAddsInkOneDotToTheRight) {
  const Raster plain = render(concat({zhong(), cmd::line_feed()}));
  const Raster bold = render(concat({cmd::bold(true), zhong(), cmd::line_feed()}));
  EXPECT_GT(ink_count(bold), ink_count(plain));
  EXPECT_EQ(ink_box(bold).right, ink_box(plain).right + 1);
  EXPECT_EQ(ink_box(bold).left, ink_box(plain).left);
}

TEST(EscPosEmulator, AlignmentPlacesTheLine) {
  const int width = 576;
  const Raster left = render(concat({zhong(), cmd::line_feed()}));
  const Raster center = render(concat({cmd::align(Align::center), zhong(), cmd::line_feed()}));
  const Raster right = render(concat({cmd::align(Align::right), zhong(), cmd::line_feed()}));
  EXPECT_EQ(ink_box(center).left - ink_box(left).left, (width - 24) / 2);
  EXPECT_EQ(ink_box(right).left - ink_box(left).left, width - 24);
}

TEST(EscPosEmulator, AlignmentMidLineIsIgnored) {
  const Raster r = render(concat({zhong(), cmd::align(Align::right), zhong(), cmd::line_feed()}));
  EXPECT_LT(ink_box(r).right, 48);  // both characters stay left
}

TEST(EscPosEmulator, LongLinesWrapWithoutSplittingCharacters) {
  // 25 Chinese characters on 80 mm (24 per line): the 25th starts a second line.
  Bytes body;
  for (int i = 0; i < 25; ++i) body = concat({body, zhong()});
  const Raster r = render(concat({body, cmd::line_feed()}));
  EXPECT_EQ(r.height, 2 * kDefaultLineSpacingDots);
  const InkBox second = ink_box(r, kDefaultLineSpacingDots);
  EXPECT_LT(second.right, 24);
  // 49 ASCII characters: 48 per line.
  const Raster a = render(concat({Bytes(49, 'H'), cmd::line_feed()}));
  EXPECT_EQ(a.height, 2 * kDefaultLineSpacingDots);
}

TEST(EscPosEmulator, FeedsAndLineSpacing) {
  EXPECT_EQ(render(cmd::feed_lines(3)).height, 3 * kDefaultLineSpacingDots);
  EXPECT_EQ(render(concat({cmd::line_spacing(50), cmd::line_feed(), cmd::line_feed()})).height, 100);
  EXPECT_EQ(render(concat({cmd::line_spacing(50), cmd::default_line_spacing(), cmd::line_feed()})).height, 30);
  EXPECT_EQ(render(Bytes{0x1B, 0x4A, 17}).height, 17);  // ESC J n: n dots
  // GS V 66 n: feed n dots, then cut.
  EscPosEmulator e = make_emulator(PaperWidth::mm58);
  e.feed(cmd::feed_and_cut(CutMode::partial, 40));
  EXPECT_EQ(e.ticket(0).height, 40 + 4);
}

TEST(EscPosEmulator, WithoutChineseModeGb18030PrintsAsSingleByteCharacters) {
  EscPosEmulator strict = make_emulator(PaperWidth::mm58);
  strict.feed(concat({zhong(), cmd::line_feed()}));
  EXPECT_EQ(strict.stats().characters_printed, 2u);  // mojibake: two code-page characters

  EscPosEmulator chinese = make_emulator(PaperWidth::mm58, /*chinese_mode_at_power_on=*/true);
  chinese.feed(concat({zhong(), cmd::line_feed()}));
  EXPECT_EQ(chinese.stats().characters_printed, 1u);

  EscPosEmulator cancelled = make_emulator(PaperWidth::mm58);
  cancelled.feed(concat({cmd::chinese_mode_on(), cmd::chinese_mode_off(), zhong()}));
  EXPECT_EQ(cancelled.stats().characters_printed, 2u);
}

TEST(EscPosEmulator, StrayLeadByteBecomesQuestionMarkAndTheNextCommandStillWorks) {
  EscPosEmulator e = make_emulator(PaperWidth::mm58, true);
  e.feed(Bytes{0xD6, 0x0A, 'A', 0x0A});
  EXPECT_EQ(e.stats().replaced_characters, 1u);
  EXPECT_EQ(e.stats().characters_printed, 2u);  // '?' and 'A'
  EXPECT_EQ(e.uncut_paper().height, 2 * kDefaultLineSpacingDots);
}

TEST(EscPosEmulator, MissingGlyphPrintsAVisibleBox) {
  EscPosEmulator e = make_emulator(PaperWidth::mm58, true);
  e.feed(Bytes{0x84, 0x31, 0xA4, 0x39, 0x0A});  // U+FFFF, valid GB18030, no glyph in any font
  EXPECT_EQ(e.stats().missing_glyphs, 1u);
  EXPECT_GT(ink_count(e.uncut_paper()), 20u);
}

TEST(EscPosEmulator, InitializeDropsTheUnprintedLineAndResetsModes) {
  const Raster r = render(concat({cmd::char_size(3, 3), cmd::bold(true), text_bytes("lost"), cmd::initialize(),
                                  cmd::chinese_mode_on(), zhong(), cmd::line_feed()}));
  const Raster plain = render(concat({zhong(), cmd::line_feed()}));
  EXPECT_TRUE(r == plain);
}

TEST(EscPosEmulator, RasterImageIsDrawnBitForBit) {
  // GS v 0, 2 bytes wide (16 dots), 3 rows: a checker of 0xAA / 0x55 and a full row.
  const Bytes image = {0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x03, 0x00, 0xAA, 0x55, 0x55, 0xAA, 0xFF, 0xFF};
  const Raster r = render(image);
  ASSERT_EQ(r.height, 3);
  EXPECT_EQ(r.at(0, 0), 0);
  EXPECT_EQ(r.at(1, 0), 255);
  EXPECT_EQ(r.at(9, 0), 0);  // second byte 0x55: bit 6 set → x = 9
  EXPECT_EQ(r.at(8, 0), 255);
  for (int x = 0; x < 16; ++x) EXPECT_EQ(r.at(x, 2), 0);
  EXPECT_EQ(r.at(16, 2), 255);
  EXPECT_EQ(ink_count(r), 8u + 8u + 16u);
}

TEST(EscPosEmulator, QrModuleSizeSetsTheSymbolSize) {
  auto symbol_width = [](uint8_t module) {
    EscPosBuilder b;
    b.qr("HELLO", {QrModel::model2, module, QrErrorCorrection::L});
    return ink_box(render(b.build().value())).width();
  };
  EXPECT_EQ(symbol_width(3), 21 * 3);  // version 1 is 21 modules; finder patterns reach both edges
  EXPECT_EQ(symbol_width(8), 21 * 8);
}

TEST(EscPosEmulator, QrWiderThanThePaperIsNotPrinted) {
  EscPosBuilder b;
  b.qr(std::string(500, 'x'), {QrModel::model2, 16, QrErrorCorrection::H});
  EscPosEmulator e = make_emulator(PaperWidth::mm58);
  e.feed(b.build().value());
  EXPECT_EQ(e.stats().qr_failed, 1u);
  EXPECT_EQ(e.stats().qr_printed, 0u);
  EXPECT_EQ(ink_count(e.uncut_paper()), 0u);
}

TEST(EscPosEmulator, QrPrintWithoutStoredDataPrintsNothing) {
  EscPosEmulator e = make_emulator(PaperWidth::mm58);
  e.feed(cmd::qr_print());
  EXPECT_EQ(e.stats().qr_failed, 1u);
}

TEST(EscPosEmulator, EachCutEndsATicket) {
  EscPosEmulator e = make_emulator(PaperWidth::mm58);
  e.feed(concat({text_bytes("one\n"), cmd::cut(CutMode::full), text_bytes("two\n"), cmd::cut(CutMode::partial),
                 text_bytes("three")}));
  EXPECT_EQ(e.ticket_count(), 2u);
  EXPECT_EQ(ink_count(e.uncut_paper()), 0u);  // "three" waits in the line buffer: not printed yet
  // A partial cut leaves paper uncut in the middle of the dashed line.
  const Raster& partial = e.ticket(1);
  EXPECT_EQ(partial.at(partial.width / 2, partial.height - 1), 255);
  const Raster& full = e.ticket(0);
  EXPECT_EQ(full.at(full.width / 2, full.height - 1), 0);  // a dash (x % 12 < 8) at the centre
  e.forget_tickets_before(1);
  EXPECT_EQ(e.ticket_count(), 2u);
  EXPECT_FALSE(e.write_png(0, "/tmp/never-written.png").ok());
}

TEST(EscPosEmulator, UnknownCommandsAreSkippedAndCounted) {
  EscPosEmulator e = make_emulator(PaperWidth::mm58);
  e.feed(concat({Bytes{0x1B, 0x01}, Bytes{0x1D, 0xF0}, Bytes{0x1C, 0x7F}, Bytes{0x10, 0x7F}, text_bytes("ok\n")}));
  EXPECT_EQ(e.stats().unknown_commands, 4u);
  EXPECT_EQ(e.stats().characters_printed, 3u);  // the DLE's follower 0x7F prints as '?', then "ok"
}

TEST(EscPosEmulator, LongTicketsAreClippedNotGrownForever) {
  EmulatorOptions options;
  options.paper = PaperWidth::mm58;
  options.max_ticket_dots = 1000;
  auto e = EscPosEmulator::create(options);
  ASSERT_TRUE(e.ok());
  for (int i = 0; i < 100; ++i) e->feed(concat({text_bytes("x"), cmd::feed_lines(255)}));
  e->feed(cmd::cut(CutMode::full));
  EXPECT_EQ(e->ticket(0).height, 1000 + 4);
}

// --- status ----------------------------------------------------------------------------------------------------

struct ConditionBytes {
  PrinterCondition condition;
  Bytes dle_eot_1_to_4;
};

class EscPosEmulatorStatus : public ::testing::TestWithParam<ConditionBytes> {};

TEST_P(EscPosEmulatorStatus, AnswersDleEotWithTheFactSheetBits) {
  EscPosEmulator e = make_emulator(PaperWidth::mm80);
  e.set_condition(GetParam().condition);
  for (uint8_t n = 1; n <= 4; ++n) e.feed(cmd::status_request(StatusRequest(n)));
  EXPECT_EQ(e.take_replies(), GetParam().dle_eot_1_to_4);
  EXPECT_TRUE(e.take_replies().empty());
}

INSTANTIATE_TEST_SUITE_P(Conditions, EscPosEmulatorStatus,
                         ::testing::Values(ConditionBytes{PrinterCondition::ok, {0x12, 0x12, 0x12, 0x12}},
                                           ConditionBytes{PrinterCondition::paper_low, {0x12, 0x12, 0x12, 0x1E}},
                                           ConditionBytes{PrinterCondition::paper_out, {0x1A, 0x32, 0x12, 0x72}},
                                           ConditionBytes{PrinterCondition::cover_open, {0x1A, 0x16, 0x12, 0x12}},
                                           ConditionBytes{PrinterCondition::jammed, {0x1A, 0x52, 0x1A, 0x12}}),
                         [](const auto& info) { return std::string(to_string(info.param.condition)); });

TEST(EscPosEmulator, StatusRequestSplitAcrossChunksIsAnswered) {
  EscPosEmulator e = make_emulator(PaperWidth::mm80);
  e.feed(Bytes{0x10});
  e.feed(Bytes{0x04});
  EXPECT_TRUE(e.take_replies().empty());
  e.feed(Bytes{0x01});
  EXPECT_EQ(e.take_replies(), Bytes{0x12});
}

TEST(EscPosEmulator, StatusIsAnsweredWhileACommandIsIncomplete) {
  EscPosEmulator e = make_emulator(PaperWidth::mm80);
  e.feed(Bytes{0x1D, 0x28, 0x6B, 0xFF, 0xFF, 0x31, 0x50, 0x30});  // announces 65535 bytes, sends 3
  e.feed(cmd::status_request(StatusRequest::printer));
  EXPECT_EQ(e.take_replies(), Bytes{0x12});
}

TEST(EscPosEmulator, SilentPrinterNeverReplies) {
  EscPosEmulator e = make_emulator(PaperWidth::mm80);
  e.set_answers_status(false);
  for (uint8_t n = 1; n <= 4; ++n) e.feed(cmd::status_request(StatusRequest(n)));
  e.feed(Bytes{0x1D, 0x72, 0x01});
  EXPECT_TRUE(e.take_replies().empty());
}

TEST(EscPosEmulator, PaperSensorStatusGsR) {
  EscPosEmulator e = make_emulator(PaperWidth::mm80);
  e.feed(Bytes{0x1D, 0x72, 0x01});
  e.set_condition(PrinterCondition::paper_low);
  e.feed(Bytes{0x1D, 0x72, 0x31});
  EXPECT_EQ(e.take_replies(), (Bytes{0x00, 0x03}));
}

TEST(EscPosEmulator, OfflineConditionsPrintNothingButStillAnswerStatus) {
  for (PrinterCondition c : {PrinterCondition::paper_out, PrinterCondition::cover_open, PrinterCondition::jammed}) {
    EscPosEmulator e = make_emulator(PaperWidth::mm58, true);
    e.set_condition(c);
    const Bytes job =
        concat({text_bytes("lost\n"), cmd::status_request(StatusRequest::printer), cmd::cut(CutMode::full)});
    e.feed(job);
    EXPECT_EQ(e.take_replies(), Bytes{0x1A}) << to_string(c);
    EXPECT_EQ(e.ticket_count(), 0u) << to_string(c);
    EXPECT_EQ(e.stats().bytes_discarded, job.size());
    e.set_condition(PrinterCondition::ok);
    e.feed(concat({text_bytes("kept\n"), cmd::cut(CutMode::full)}));
    ASSERT_EQ(e.ticket_count(), 1u);
    EXPECT_EQ(e.stats().characters_printed, 4u) << "only the job after recovery prints";
  }
  // Paper low still prints.
  EscPosEmulator low = make_emulator(PaperWidth::mm58);
  low.set_condition(PrinterCondition::paper_low);
  low.feed(concat({text_bytes("ok\n"), cmd::cut(CutMode::full)}));
  EXPECT_EQ(low.ticket_count(), 1u);
  EXPECT_GT(ink_count(low.ticket(0)), 0u);
}

}  // namespace
}  // namespace zhidui::drivers::receipt_printer
