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
