// theme.h — the kiosk's visual language in one place: colours, type scale, spacing, target sizes.
//
// Touch targets are at least 72 px (≈ 9 mm on a 21–27" panel); body text is large because many
// users are elderly. Colours are chosen for contrast on white (text ≥ 7:1 where it matters).
//
// 长辈模式 swaps in a second set for the session: every text pair ≥ 7:1 (AAA for all text, checked by
// tests/ui/theme_test.cpp), text 1.5× larger and targets 1.5× larger. The values below are variables,
// not constants, so that one switch (use_elder_theme) changes every screen; only the UI thread reads or
// writes them, once per frame before drawing.
#pragma once

#include <cstdint>

namespace zhidui::ui::theme {

struct Rgb { uint8_t r, g, b; };

struct Palette {
  Rgb background, surface, header, primary, primary_pressed, accent, accent_pressed, secondary_button,
      secondary_pressed, text, text_muted, text_on_primary, border, success, warning, error, field_read_only,
      focus;
};
// The standard palette (government blue, 政务 red for the key action) and the 长辈模式 one: white
// grounds, black text, darker blue, red, green and amber so that every pair reaches 7:1.
inline constexpr Palette kStandardPalette{
    .background = {0xF3, 0xF5, 0xF9},
    .surface = {0xFF, 0xFF, 0xFF},
    .header = {0x15, 0x4E, 0x9A},  // government blue
    .primary = {0x15, 0x4E, 0x9A},
    .primary_pressed = {0x0E, 0x3A, 0x75},
    .accent = {0xB7, 0x1C, 0x1C},  // red of the 政务 identity, for the key action
    .accent_pressed = {0x8E, 0x14, 0x14},
    .secondary_button = {0xE3, 0xE9, 0xF3},
    .secondary_pressed = {0xC8, 0xD3, 0xE6},
    .text = {0x1A, 0x1A, 0x1A},
    .text_muted = {0x45, 0x4F, 0x5C},
    .text_on_primary = {0xFF, 0xFF, 0xFF},
    .border = {0xC9, 0xD1, 0xDC},
    .success = {0x1B, 0x6E, 0x34},
    .warning = {0x8A, 0x4B, 0x00},
    .error = {0xB7, 0x1C, 0x1C},
    .field_read_only = {0xEE, 0xF1, 0xF5},
    .focus = {0x15, 0x4E, 0x9A},
};
inline constexpr Palette kElderPalette{
    .background = {0xFF, 0xFF, 0xFF},
    .surface = {0xFF, 0xFF, 0xFF},
    .header = {0x0B, 0x3A, 0x75},
    .primary = {0x0B, 0x3A, 0x75},
    .primary_pressed = {0x06, 0x24, 0x4A},
    .accent = {0x8E, 0x14, 0x14},
    .accent_pressed = {0x6A, 0x0E, 0x0E},
    .secondary_button = {0xE3, 0xE9, 0xF3},
    .secondary_pressed = {0xC8, 0xD3, 0xE6},
    .text = {0x00, 0x00, 0x00},
    .text_muted = {0x33, 0x33, 0x33},
    .text_on_primary = {0xFF, 0xFF, 0xFF},
    .border = {0x55, 0x5F, 0x6D},  // borders are what separate targets: darker than standard
    .success = {0x14, 0x52, 0x28},
    .warning = {0x6B, 0x3A, 0x00},
    .error = {0x8E, 0x14, 0x14},
    .field_read_only = {0xEE, 0xF1, 0xF5},
    .focus = {0x0B, 0x3A, 0x75},
};

// Type scale (pixel sizes of the atlas fonts), spacing and targets: standard, and 长辈模式 with text and
// targets 1.5× as large.
struct Sizes {
  float font_small, font_body, font_heading, font_title;
  float gap, min_target, button_height, header_height, footer_height;
};
inline constexpr Sizes kStandardSizes{28, 34, 44, 60, 24, 72, 112, 128, 150};
inline constexpr Sizes kElderSizes{42, 51, 66, 90, 30, 108, 168, 150, 200};

// Colours (sRGB) of the current theme.
inline Rgb kBackground = kStandardPalette.background, kSurface = kStandardPalette.surface,
           kHeader = kStandardPalette.header, kPrimary = kStandardPalette.primary,
           kPrimaryPressed = kStandardPalette.primary_pressed, kAccent = kStandardPalette.accent,
           kAccentPressed = kStandardPalette.accent_pressed, kSecondaryButton = kStandardPalette.secondary_button,
           kSecondaryPressed = kStandardPalette.secondary_pressed, kText = kStandardPalette.text,
           kTextMuted = kStandardPalette.text_muted, kTextOnPrimary = kStandardPalette.text_on_primary,
           kBorder = kStandardPalette.border, kSuccess = kStandardPalette.success, kWarning = kStandardPalette.warning,
           kError = kStandardPalette.error, kFieldReadOnly = kStandardPalette.field_read_only,
           kFocus = kStandardPalette.focus;

// Sizes of the current theme.
inline float kFontSmall = kStandardSizes.font_small;
inline float kFontBody = kStandardSizes.font_body;
inline float kFontHeading = kStandardSizes.font_heading;
inline float kFontTitle = kStandardSizes.font_title;
inline float kGap = kStandardSizes.gap;
inline float kMinTarget = kStandardSizes.min_target;
inline float kButtonHeight = kStandardSizes.button_height;
inline float kHeaderHeight = kStandardSizes.header_height;
inline float kFooterHeight = kStandardSizes.footer_height;

// The same in both themes.
inline constexpr float kMargin = 48.0f;
inline constexpr float kRounding = 16.0f;

// Switches every current value above to the 长辈模式 set (or back). Cheap; returns whether anything changed.
bool use_elder_theme(bool elder);

// WCAG relative-luminance contrast ratio between two colours (1..21).
double contrast_ratio(Rgb a, Rgb b);

}  // namespace zhidui::ui::theme
