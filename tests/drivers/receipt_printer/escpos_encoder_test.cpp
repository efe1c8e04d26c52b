// escpos_encoder_test.cpp — exact bytes of every encoder command (hardware-facts §5), GB18030 text,
// and the line measurement / wrapping helpers.
#include <gtest/gtest.h>

#include <algorithm>

#include "drivers/receipt_printer/escpos.h"
#include "base/line_break.h"
#include "drivers/receipt_printer/gb18030.h"
#include "base/utf8.h"

namespace zhidui::drivers::receipt_printer {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

TEST(EscPosEncoder, BasicCommandsMatchTheFactSheet) {
  EXPECT_EQ(cmd::initialize(), (Bytes{0x1B, 0x40}));
  EXPECT_EQ(cmd::chinese_mode_on(), (Bytes{0x1C, 0x26}));
  EXPECT_EQ(cmd::chinese_mode_off(), (Bytes{0x1C, 0x2E}));
  EXPECT_EQ(cmd::line_feed(), (Bytes{0x0A}));
  EXPECT_EQ(cmd::align(Align::left), (Bytes{0x1B, 0x61, 0x00}));
  EXPECT_EQ(cmd::align(Align::center), (Bytes{0x1B, 0x61, 0x01}));
  EXPECT_EQ(cmd::align(Align::right), (Bytes{0x1B, 0x61, 0x02}));
  EXPECT_EQ(cmd::bold(true), (Bytes{0x1B, 0x45, 0x01}));
  EXPECT_EQ(cmd::bold(false), (Bytes{0x1B, 0x45, 0x00}));
  EXPECT_EQ(cmd::feed_lines(3), (Bytes{0x1B, 0x64, 0x03}));
  EXPECT_EQ(cmd::line_spacing(40), (Bytes{0x1B, 0x33, 40}));
  EXPECT_EQ(cmd::default_line_spacing(), (Bytes{0x1B, 0x32}));
}

TEST(EscPosEncoder, CharacterSizeHasWidthInHighNibbleAndHeightInLowNibble) {
  EXPECT_EQ(cmd::char_size(1, 1), (Bytes{0x1D, 0x21, 0x00}));
  EXPECT_EQ(cmd::char_size(2, 2), (Bytes{0x1D, 0x21, 0x11}));
  // Asymmetric sizes are where the reversed (Flutter) layout would show.
  EXPECT_EQ(cmd::char_size(1, 2), (Bytes{0x1D, 0x21, 0x01}));  // double height only
  EXPECT_EQ(cmd::char_size(2, 1), (Bytes{0x1D, 0x21, 0x10}));  // double width only
  EXPECT_EQ(cmd::char_size(3, 5), (Bytes{0x1D, 0x21, 0x24}));
  EXPECT_EQ(cmd::char_size(8, 8), (Bytes{0x1D, 0x21, 0x77}));
}

TEST(EscPosEncoder, QrFunctionFrames) {
  EXPECT_EQ(cmd::qr_select_model(QrModel::model2), (Bytes{0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00}));
  EXPECT_EQ(cmd::qr_module_size(6), (Bytes{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06}));
  EXPECT_EQ(cmd::qr_error_correction(QrErrorCorrection::L), (Bytes{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x30}));
  EXPECT_EQ(cmd::qr_error_correction(QrErrorCorrection::H), (Bytes{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x33}));
  EXPECT_EQ(cmd::qr_print(), (Bytes{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30}));
}

TEST(EscPosEncoder, QrStoreLengthIsPayloadPlusThreeInLittleEndian) {
  const Bytes abc = bytes_of("abc");
  EXPECT_EQ(cmd::qr_store(abc), (Bytes{0x1D, 0x28, 0x6B, 0x06, 0x00, 0x31, 0x50, 0x30, 'a', 'b', 'c'}));

  const Bytes long_payload(300, 'x');  // k + 3 = 303 = 0x012F
  const Bytes frame = cmd::qr_store(long_payload);
  ASSERT_EQ(frame.size(), 8u + 300u);
  EXPECT_EQ(frame[3], 0x2F);
  EXPECT_EQ(frame[4], 0x01);
  EXPECT_EQ(Bytes(frame.begin(), frame.begin() + 8), (Bytes{0x1D, 0x28, 0x6B, 0x2F, 0x01, 0x31, 0x50, 0x30}));

  const Bytes max_payload(kQrMaxPayloadBytes, 'y');  // 7092 = 0x1BB4
  const Bytes max_frame = cmd::qr_store(max_payload);
  EXPECT_EQ(max_frame[3], 0xB4);
  EXPECT_EQ(max_frame[4], 0x1B);
}

TEST(EscPosEncoder, CutCommands) {
  EXPECT_EQ(cmd::cut(CutMode::full), (Bytes{0x1D, 0x56, 0x00}));
  EXPECT_EQ(cmd::cut(CutMode::partial), (Bytes{0x1D, 0x56, 0x01}));
  EXPECT_EQ(cmd::feed_and_cut(CutMode::full, 5), (Bytes{0x1D, 0x56, 0x41, 0x05}));
  EXPECT_EQ(cmd::feed_and_cut(CutMode::partial, 5), (Bytes{0x1D, 0x56, 0x42, 0x05}));
}

TEST(EscPosEncoder, StatusRequests) {
  EXPECT_EQ(cmd::status_request(StatusRequest::printer), (Bytes{0x10, 0x04, 0x01}));
  EXPECT_EQ(cmd::status_request(StatusRequest::offline_cause), (Bytes{0x10, 0x04, 0x02}));
  EXPECT_EQ(cmd::status_request(StatusRequest::error_cause), (Bytes{0x10, 0x04, 0x03}));
  EXPECT_EQ(cmd::status_request(StatusRequest::roll_paper), (Bytes{0x10, 0x04, 0x04}));
}

TEST(EscPosEncoder, BuilderQrSendsModelSizeEccStorePrintInOrder) {
  EscPosBuilder b;
  b.qr("AB", {QrModel::model2, 4, QrErrorCorrection::Q});
  auto built = b.build();
  ASSERT_TRUE(built.ok());
  const Bytes expected = {0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,       // 165 model 2
                          0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x04,             // 167 size 4
                          0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x32,             // 169 Q
                          0x1D, 0x28, 0x6B, 0x05, 0x00, 0x31, 0x50, 0x30, 'A',  'B',  // 180 store
                          0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30};            // 181 print
  EXPECT_EQ(built.value(), expected);
}

TEST(EscPosEncoder, BuilderQrPayloadIsUtf8) {
  EscPosBuilder b;
  b.chinese_mode(true).qr("湖南");  // the payload must not be converted to GB18030
  const Bytes& out = b.bytes();
  const Bytes utf8 = bytes_of("湖南");
  EXPECT_NE(std::search(out.begin(), out.end(), utf8.begin(), utf8.end()), out.end());
}

TEST(EscPosEncoder, BuilderRejectsEmptyAndOversizedQrPayloads) {
  {
    EscPosBuilder b;
    b.qr("");
    auto built = b.build();
    ASSERT_FALSE(built.ok());
    EXPECT_EQ(built.error().code, "escpos.qr_payload_empty");
    EXPECT_TRUE(b.bytes().empty());
  }
  {
    EscPosBuilder b;
    b.qr(std::string(kQrMaxPayloadBytes + 1, 'x'));
    auto built = b.build();
    ASSERT_FALSE(built.ok());
    EXPECT_EQ(built.error().code, "escpos.qr_payload_too_long");
  }
  {
    EscPosBuilder b;
    b.qr(std::string(kQrMaxPayloadBytes, 'x'));
    EXPECT_TRUE(b.build().ok());
  }
}

TEST(EscPosEncoder, AlignMidLineIsAProgrammingError) {
  EscPosBuilder b;
  b.text("abc");
  EXPECT_FALSE(b.at_line_start());
  EXPECT_DEATH(b.align(Align::center), "start of a line");
  b.line_feed();
  EXPECT_TRUE(b.at_line_start());
}

TEST(EscPosEncoder, NewlineInTextIsALineFeed) {
  EscPosBuilder b;
  b.text("a\nb");
  EXPECT_EQ(b.bytes(), (Bytes{'a', 0x0A, 'b'}));
  EXPECT_EQ(b.replaced_characters(), 0u);
}

// --- GB18030 ------------------------------------------------------------------------------------------------
// Expected bytes come from Python's gb18030 codec, an implementation independent of glibc's iconv.

TEST(EscPosGb18030, CommonChineseIsTwoBytes) {
  EscPosBuilder b;
  b.chinese_mode(true).text("中文");
  EXPECT_EQ(b.bytes(), (Bytes{0x1C, 0x26, 0xD6, 0xD0, 0xCE, 0xC4}));
  EXPECT_EQ(b.replaced_characters(), 0u);
}

TEST(EscPosGb18030, RareNameCharacters) {
  Gb18030Encoder enc;
  EXPECT_EQ(enc.encode(U'喆'), std::string("\x86\xB4"));  // GBK extension, not in GB2312
  EXPECT_EQ(enc.encode(U'赟'), std::string("\xDA\x53"));
  EXPECT_EQ(enc.encode(U'𠮷'), std::string("\x95\x34\xB2\x35"));  // Extension B: four bytes
  EXPECT_EQ(enc.encode(U'€'), std::string("\xA2\xE3"));
  EXPECT_EQ(enc.encode(U'A'), std::string("A"));
}

TEST(EscPosGb18030, DecoderRoundTrips) {
  Gb18030Encoder enc;
  Gb18030Decoder dec;
  for (char32_t cp : std::u32string(U"中文喆赟𠮷€，。A1")) {
    auto bytes = enc.encode(cp);
    ASSERT_TRUE(bytes);
    std::span<const uint8_t> span(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
    EXPECT_EQ(gb18030_sequence_length(span), int(bytes->size()));
    EXPECT_EQ(dec.decode(span), std::optional<char32_t>(cp));
  }
}

TEST(EscPosGb18030, SequenceFraming) {
  const uint8_t ascii[] = {'A'};
  const uint8_t lead_only[] = {0xD6};
  const uint8_t two[] = {0xD6, 0xD0};
  const uint8_t four_partial[] = {0x95, 0x34, 0xB2};
  const uint8_t lead_then_lf[] = {0xD6, 0x0A};
  const uint8_t bad_single[] = {0x80};
  EXPECT_EQ(gb18030_sequence_length(ascii), 1);
  EXPECT_EQ(gb18030_sequence_length(lead_only), 0);
  EXPECT_EQ(gb18030_sequence_length(two), 2);
  EXPECT_EQ(gb18030_sequence_length(four_partial), 0);
  EXPECT_EQ(gb18030_sequence_length(lead_then_lf), -1);
  EXPECT_EQ(gb18030_sequence_length(bad_single), 1);
}

TEST(EscPosGb18030, InvalidUtf8AndControlCharactersBecomeCountedQuestionMarks) {
  EscPosBuilder b;
  b.chinese_mode(true);
  b.text(std::string("A\xFF") + "B\x1B@C");  // invalid byte, and an attempted ESC @ injection
  EXPECT_EQ(b.bytes(), (Bytes{0x1C, 0x26, 'A', '?', 'B', '?', '@', 'C'}));
  EXPECT_EQ(b.replaced_characters(), 2u);
}

TEST(EscPosGb18030, OutsideChineseModeNonAsciiIsReplaced) {
  EscPosBuilder b;
  b.text("ID:中");
  EXPECT_EQ(b.bytes(), (Bytes{'I', 'D', ':', '?'}));
  EXPECT_EQ(b.replaced_characters(), 1u);
}

TEST(EscPosGb18030, NoMultiByteCharacterIsSplitAcrossCommands) {
  // Styling changes between characters must land on character boundaries.
  EscPosBuilder b;
  b.chinese_mode(true).text("中").bold(true).text("文").bold(false);
  EXPECT_EQ(b.bytes(), (Bytes{0x1C, 0x26, 0xD6, 0xD0, 0x1B, 0x45, 0x01, 0xCE, 0xC4, 0x1B, 0x45, 0x00}));
}

// --- measurement and wrapping ---------------------------------------------------------------------------------

TEST(EscPosWrap, CharactersPerLine) {
  EXPECT_EQ(columns_per_line(PaperWidth::mm58), 32);
  EXPECT_EQ(columns_per_line(PaperWidth::mm80), 48);
  EXPECT_EQ(columns_per_line(PaperWidth::mm58, 2), 16);
  EXPECT_EQ(columns_per_line(PaperWidth::mm80, 2), 24);
  EXPECT_EQ(cjk_chars_per_line(PaperWidth::mm58), 16);
  EXPECT_EQ(cjk_chars_per_line(PaperWidth::mm80), 24);
  EXPECT_EQ(cjk_chars_per_line(PaperWidth::mm80, 3), 8);
  EXPECT_EQ(text_width_dots("中文ab"), 24 * 2 + 12 * 2);
  EXPECT_EQ(text_width_dots("中文ab", 2), 2 * (24 * 2 + 12 * 2));
}

TEST(EscPosWrap, ChineseBreaksBetweenCharacters) {
  const std::string twenty = "一二三四五六七八九十一二三四五六七八九十";
  auto lines = wrap_text(twenty, printable_dots(PaperWidth::mm58));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "一二三四五六七八九十一二三四五六");
  EXPECT_EQ(lines[1], "七八九十");
}

TEST(EscPosWrap, NoLineStartsWithClosingPunctuation) {
  // A naive break would put "，" first on line 2; the last character moves down with it instead.
  auto lines = wrap_text("一二三四五六七八九十一二三四五六，七八", 16 * 24);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "一二三四五六七八九十一二三四五");
  EXPECT_EQ(lines[1], "六，七八");
}

TEST(EscPosWrap, NoLineEndsWithOpeningBracket) {
  auto lines = wrap_text("一二三四五六七八九十一二三四五（注）", 16 * 24);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "一二三四五六七八九十一二三四五");
  EXPECT_EQ(lines[1], "（注）");
}

TEST(EscPosWrap, ClosingQuoteAfterFullLineDoesNotStartTheNextLine) {
  auto lines = wrap_text("“一二三四五六七八九十一二三四五”。", 16 * 24);
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& l : lines) EXPECT_LE(text_width_dots(l), 16 * 24);
  EXPECT_EQ(lines[1], "五”。");
}

TEST(EscPosWrap, AsciiWordsBreakAtSpacesAndLongOnesAnywhere) {
  // A code that fits on a line moves to the next line whole.
  auto whole = wrap_text("受理编号：HN430102-20240605-000123", printable_dots(PaperWidth::mm58));
  EXPECT_EQ(whole, (std::vector<std::string>{"受理编号：", "HN430102-20240605-000123"}));
  // One longer than a line has to be split somewhere; nothing is lost.
  auto split = wrap_text("受理编号 HN430102-20240605", 12 * 12);  // 12 columns
  EXPECT_EQ(split, (std::vector<std::string>{"受理编号 HN4", "30102-202406", "05"}));
  auto words = wrap_text("please keep this receipt", 12 * 12);
  EXPECT_EQ(words, (std::vector<std::string>{"please keep", "this receipt"}));
}

TEST(EscPosWrap, ExplicitNewlinesAndEmptyText) {
  EXPECT_TRUE(wrap_text("", 384).empty());
  auto lines = wrap_text("甲\n\n乙", 384);
  EXPECT_EQ(lines, (std::vector<std::string>{"甲", "", "乙"}));
}

TEST(EscPosWrap, EveryLineFitsAndNothingIsLost) {
  const std::string text =
      "根据《湖南省城乡居民基本医疗保险实施办法》，参保人员应于每年9月1日至12月31日缴纳下一年度的"
      "个人缴费（含“新生儿”参保）。详情请咨询12345热线，或访问 https://zwfw.hunan.gov.cn/ 查询。";
  for (int width : {384, 576, 200, 48}) {
    for (int mult : {1, 2}) {
      if (width < 24 * mult) continue;
      auto lines = wrap_text(text, width, mult);
      std::string joined;
      for (size_t i = 0; i < lines.size(); ++i) {
        EXPECT_LE(text_width_dots(lines[i], mult), width) << lines[i];
        joined += lines[i];
        const bool roomy = width / (24 * mult) >= 8;  // narrower lines may have to let a rule yield
        if (i > 0 && !lines[i].empty() && roomy) {
          const char32_t first = utf8::decode(lines[i]).front();
          EXPECT_FALSE(is_line_start_forbidden(first)) << "line starts with forbidden: " << lines[i];
        }
        if (!lines[i].empty() && i + 1 < lines.size() && roomy) {
          const char32_t last = utf8::decode(lines[i]).back();
          EXPECT_FALSE(is_line_end_forbidden(last)) << "line ends with forbidden: " << lines[i];
        }
      }
      std::string without_spaces;
      for (char c : text)
        if (c != ' ') without_spaces += c;
      std::string joined_without_spaces;
      for (char c : joined)
        if (c != ' ') joined_without_spaces += c;
      EXPECT_EQ(joined_without_spaces, without_spaces) << "width " << width;
    }
  }
}

}  // namespace
}  // namespace zhidui::drivers::receipt_printer
