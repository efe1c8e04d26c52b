// theme.cpp — the two palettes and size sets, the switch between them, and colour arithmetic (WCAG 2
// contrast) so tests can check every pair.
#include "ui/theme.h"

#include <algorithm>
#include <cmath>

namespace zhidui::ui::theme {
namespace {
double channel(uint8_t v) {
  double c = v / 255.0;
  return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double luminance(Rgb c) { return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b); }

bool g_elder = false;  // the header initialises every value to the standard set

void apply(const Palette& p) {
  kBackground = p.background, kSurface = p.surface, kHeader = p.header, kPrimary = p.primary;
  kPrimaryPressed = p.primary_pressed, kAccent = p.accent, kAccentPressed = p.accent_pressed;
  kSecondaryButton = p.secondary_button, kSecondaryPressed = p.secondary_pressed, kText = p.text;
  kTextMuted = p.text_muted, kTextOnPrimary = p.text_on_primary, kBorder = p.border, kSuccess = p.success;
  kWarning = p.warning, kError = p.error, kFieldReadOnly = p.field_read_only, kFocus = p.focus;
}

void apply(const Sizes& s) {
  kFontSmall = s.font_small, kFontBody = s.font_body, kFontHeading = s.font_heading, kFontTitle = s.font_title;
  kGap = s.gap, kMinTarget = s.min_target, kButtonHeight = s.button_height;
  kHeaderHeight = s.header_height, kFooterHeight = s.footer_height;
}
}  // namespace

bool use_elder_theme(bool elder) {
  if (elder == g_elder) return false;
  g_elder = elder;
  apply(elder ? kElderPalette : kStandardPalette);
  apply(elder ? kElderSizes : kStandardSizes);
  return true;
}

double contrast_ratio(Rgb a, Rgb b) {
  double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace zhidui::ui::theme
