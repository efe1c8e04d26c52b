// Contrast of the theme's text colours on the backgrounds they are drawn on (WCAG 2).
#include <gtest/gtest.h>

#include "ui/theme.h"

using namespace zhidui::ui::theme;

TEST(Theme, ContrastRatioArithmetic) {
  EXPECT_NEAR(contrast_ratio({0, 0, 0}, {255, 255, 255}), 21.0, 0.01);
  EXPECT_NEAR(contrast_ratio({119, 119, 119}, {255, 255, 255}), 4.48, 0.02);
}

TEST(Theme, TextPairsMeetAAAForBodyText) {
  struct Pair { const char* name; Rgb fg, bg; double min; };
  const Pair pairs[] = {
      {"text on background", kText, kBackground, 7.0},
      {"text on surface", kText, kSurface, 7.0},
      {"muted text on background", kTextMuted, kBackground, 7.0},
      {"muted text on surface", kTextMuted, kSurface, 7.0},
      {"text on secondary button", kText, kSecondaryButton, 7.0},
      {"text on read-only field", kText, kFieldReadOnly, 7.0},
      {"white on primary", kTextOnPrimary, kPrimary, 7.0},
      {"white on header", kTextOnPrimary, kHeader, 7.0},
      {"white on accent", kTextOnPrimary, kAccent, 4.5},
      {"error text on background", kError, kBackground, 4.5},
      {"success text on background", kSuccess, kBackground, 4.5},
      {"warning text on background", kWarning, kBackground, 4.5},
      {"white on warning banner", kTextOnPrimary, kWarning, 4.5},
  };
  for (const auto& p : pairs) EXPECT_GE(contrast_ratio(p.fg, p.bg), p.min) << p.name;
}

// 长辈模式: every text colour against every ground it is drawn on, at AAA (7:1) for all text.
TEST(Theme, ElderPaletteMeetsAAAForEveryTextPair) {
  const Palette& p = kElderPalette;
  struct Pair { const char* name; Rgb fg, bg; };
  const Rgb grounds[] = {p.background, p.surface, p.secondary_button, p.field_read_only};
  const char* ground_names[] = {"background", "surface", "secondary button", "read-only field"};
  const Rgb texts[] = {p.text, p.text_muted, p.error, p.success, p.warning, p.primary, p.focus};
  const char* text_names[] = {"text", "muted text", "error", "success", "warning", "primary", "focus"};
  for (size_t t = 0; t < std::size(texts); ++t)
    for (size_t g = 0; g < std::size(grounds); ++g)
      EXPECT_GE(contrast_ratio(texts[t], grounds[g]), 7.0) << text_names[t] << " on " << ground_names[g];
  // White text on every filled button and banner.
  for (Rgb fill : {p.primary, p.primary_pressed, p.accent, p.accent_pressed, p.header, p.warning, p.success, p.error})
    EXPECT_GE(contrast_ratio(p.text_on_primary, fill), 7.0);
  // Pressed secondary buttons keep black text readable.
  EXPECT_GE(contrast_ratio(p.text, p.secondary_pressed), 7.0);
}

TEST(Theme, ElderThemeMakesTextAndTargetsAtLeastHalfAgainAsLarge) {
  use_elder_theme(false);
  const float body = kFontBody, small = kFontSmall, button = kButtonHeight, target = kMinTarget;
  const Rgb text = kText;
  use_elder_theme(true);
  EXPECT_GE(kFontSmall, 1.5f * small);
  EXPECT_GE(kFontBody, 1.5f * body);
  EXPECT_GE(kButtonHeight, 1.5f * button);
  EXPECT_GE(kMinTarget, 1.5f * target);
  EXPECT_EQ(kText.r, kElderPalette.text.r);
  EXPECT_NE(kText.r, text.r);
  use_elder_theme(false);  // back for the other tests in this process
  EXPECT_EQ(kFontBody, body);
  EXPECT_EQ(kBackground.r, kStandardPalette.background.r);
}
