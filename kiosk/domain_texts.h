// domain_texts.h — the short Chinese templates of domain output (validator messages, eligibility
// explanations), kept in assets/strings/eligibility-zh-CN.json rather than inline in code.
//
// They are not UI strings (zh-CN.json): they are composed with catalog data into sentences that the
// validators and the eligibility engine return. Loaded once, lazily, from the assets folder; a missing
// file or key yields "[[key]]" so a test or a technician sees the gap instead of a crash.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace zhidui {

using TemplateArgs = std::vector<std::pair<std::string, std::string>>;

// The template for `key` with {name} placeholders replaced by `args`.
std::string domain_text(std::string_view key, const TemplateArgs& args = {});
bool has_domain_text(std::string_view key);

// Every template as (key, text), for the glyph atlas and --self-check.
std::vector<std::pair<std::string, std::string>> all_domain_texts();

// Replaces the process-wide templates (tests, or a kiosk with a custom assets folder).
Status load_domain_texts(const std::string& path);

}  // namespace zhidui
