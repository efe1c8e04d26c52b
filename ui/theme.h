// theme.h — the kiosk's visual language in one place: colours, type scale, spacing, target sizes.
//
// Touch targets are at least 72 px (≈ 9 mm on a 21–27" panel); body text is large because many
// users are elderly. Colours are chosen for contrast on white (text ≥ 7:1 where it matters).
#pragma once

#include <cstdint>

namespace zhidui::ui::theme {

struct Rgb { uint8_t r, g, b; };

// Colours (sRGB).
inline constexpr Rgb kBackground{0xF3, 0xF5, 0xF9};
inline constexpr Rgb kSurface{0xFF, 0xFF, 0xFF};
inline constexpr Rgb kHeader{0x15, 0x4E, 0x9A};      // government blue
inline constexpr Rgb kPrimary{0x15, 0x4E, 0x9A};
inline constexpr Rgb kPrimaryPressed{0x0E, 0x3A, 0x75};
inline constexpr Rgb kAccent{0xB7, 0x1C, 0x1C};      // red of the 政务 identity, for the key action
inline constexpr Rgb kAccentPressed{0x8E, 0x14, 0x14};
inline constexpr Rgb kSecondaryButton{0xE3, 0xE9, 0xF3};
inline constexpr Rgb kSecondaryPressed{0xC8, 0xD3, 0xE6};
inline constexpr Rgb kText{0x1A, 0x1A, 0x1A};
inline constexpr Rgb kTextMuted{0x45, 0x4F, 0x5C};
inline constexpr Rgb kTextOnPrimary{0xFF, 0xFF, 0xFF};
inline constexpr Rgb kBorder{0xC9, 0xD1, 0xDC};
inline constexpr Rgb kSuccess{0x1B, 0x6E, 0x34};
inline constexpr Rgb kWarning{0x8A, 0x4B, 0x00};
inline constexpr Rgb kError{0xB7, 0x1C, 0x1C};
inline constexpr Rgb kFieldReadOnly{0xEE, 0xF1, 0xF5};
inline constexpr Rgb kFocus{0x15, 0x4E, 0x9A};

// Type scale (pixel sizes of the atlas fonts).
inline constexpr float kFontSmall = 28.0f;
inline constexpr float kFontBody = 34.0f;
inline constexpr float kFontHeading = 44.0f;
inline constexpr float kFontTitle = 60.0f;

// Spacing and targets.
inline constexpr float kMargin = 48.0f;
inline constexpr float kGap = 24.0f;
inline constexpr float kMinTarget = 72.0f;
inline constexpr float kButtonHeight = 112.0f;
inline constexpr float kRounding = 16.0f;
inline constexpr float kHeaderHeight = 128.0f;
inline constexpr float kFooterHeight = 150.0f;

// WCAG relative-luminance contrast ratio between two colours (1..21).
double contrast_ratio(Rgb a, Rgb b);

}  // namespace zhidui::ui::theme
