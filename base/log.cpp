// log.cpp — see log.h. One mutex guards the secrets, the ring of recent lines and the outputs.
#include "base/log.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <mutex>

#include "base/clock.h"
#include "base/uuid.h"

namespace zhidui::log {
namespace {

std::mutex g_mutex;
Level g_min_level = Level::info;
std::vector<std::string> g_secrets;
std::deque<std::string> g_recent;
FILE* g_file = nullptr;
constexpr size_t kRecentCapacity = 1000;

const char* level_name(Level l) {
  switch (l) {
    case Level::debug: return "DEBUG";
    case Level::info: return "INFO ";
    case Level::warn: return "WARN ";
    case Level::error: return "ERROR";
  }
  return "?";
}

bool is_id_char(char c) { return (c >= '0' && c <= '9') || c == 'X' || c == 'x'; }


}  // namespace

std::string redact(std::string_view line) {
  std::string out(line);
  // Registered secrets first (names and addresses have no recognisable shape).
  {
    std::lock_guard lock(g_mutex);
    for (const auto& s : g_secrets) {
      if (s.empty()) continue;
      for (size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos + 3))
        out.replace(pos, s.size(), "***");
    }
  }
  // Then every run of 11 or more digits (ID numbers, with a trailing X; phones; bank accounts) keeps
  // only its last 4 digits. People (and platforms) write them in groups, so digits joined by a single
  // space or dash are one run (6222 0260 1234 5678 901, 0731-8888-9999). UUIDs are skipped whole: their
  // groups may happen to be all digits.
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t i = 0;
  while (i < out.size()) {
    const bool token_start = i == 0 || !std::isalnum(static_cast<unsigned char>(out[i - 1]));
    if (token_start && i + 36 <= out.size() && is_uuid(std::string_view(out).substr(i, 36))) {
      i += 36;
      continue;
    }
    if (!is_digit(out[i])) {
      ++i;
      continue;
    }
    size_t j = i, digits = 0;
    while (j < out.size()) {
      if (is_digit(out[j])) ++j, ++digits;
      else if ((out[j] == ' ' || out[j] == '-') && j + 1 < out.size() && is_digit(out[j + 1])) ++j;
      else break;
    }
    if (j < out.size() && (out[j] == 'X' || out[j] == 'x')) ++j, ++digits;  // a check character ends the run
    if (digits >= 11) {
      size_t keep = 4;
      for (size_t k = j; k-- > i;) {
        if (!is_id_char(out[k])) continue;
        if (keep > 0) --keep;
        else out[k] = '*';
      }
    }
    i = j;
  }
  return out;
}

void write(Level level, std::string_view component, std::string_view message) {
  if (level < g_min_level) return;
  std::string line = clock::iso_utc_ms_at(clock::wall_ms()) + " " + level_name(level) + " " + std::string(component) + ": " +
                     redact(message);
  std::lock_guard lock(g_mutex);
  std::fprintf(stderr, "%s\n", line.c_str());
  if (g_file) {
    std::fprintf(g_file, "%s\n", line.c_str());
    std::fflush(g_file);
  }
  g_recent.push_back(std::move(line));
  if (g_recent.size() > kRecentCapacity) g_recent.pop_front();
}

void set_min_level(Level level) { g_min_level = level; }

void set_file(const std::string& path) {
  std::lock_guard lock(g_mutex);
  if (g_file) std::fclose(g_file);
  g_file = path.empty() ? nullptr : std::fopen(path.c_str(), "a");
}

void register_secret(std::string_view value) {
  // Very short values (a one-character name part) would mask ordinary words; the shape rules and
  // the call sites cover those.
  if (value.size() < 4) return;
  std::lock_guard lock(g_mutex);
  g_secrets.emplace_back(value);
}

void clear_secrets() {
  std::lock_guard lock(g_mutex);
  for (auto& s : g_secrets) sodium_memzero(s.data(), s.size());
  g_secrets.clear();
}

std::vector<std::string> recent(size_t max_lines) {
  std::lock_guard lock(g_mutex);
  size_t n = std::min(max_lines, g_recent.size());
  return {g_recent.end() - long(n), g_recent.end()};
}

}  // namespace zhidui::log
