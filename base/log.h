// log.h — structured log lines with personal data masked at the logging layer.
//
// Every line is `<UTC time> <LEVEL> <component>: <message>` on stderr (journald takes it from there),
// and the last lines are kept in memory for the technician panel. Before a line leaves this layer it
// is passed through redact(): digit runs shaped like ID numbers, phone numbers and bank accounts are
// masked, and any value registered as a secret of the current session (name, address…) is replaced.
// So a careless call site still cannot print a full ID number.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zhidui::log {

enum class Level { debug, info, warn, error };

void write(Level level, std::string_view component, std::string_view message);
inline void debug(std::string_view c, std::string_view m) { write(Level::debug, c, m); }
inline void info(std::string_view c, std::string_view m) { write(Level::info, c, m); }
inline void warn(std::string_view c, std::string_view m) { write(Level::warn, c, m); }
inline void error(std::string_view c, std::string_view m) { write(Level::error, c, m); }

void set_min_level(Level level);
// Lines are also appended to this file when set (tests scan it for canary personal data).
void set_file(const std::string& path);

// Session secrets: exact strings that must never appear in a log line while registered.
void register_secret(std::string_view value);
void clear_secrets();

// Masks what must not be logged; exposed for tests.
std::string redact(std::string_view line);

// The most recent lines (already redacted), oldest first, for the technician panel.
std::vector<std::string> recent(size_t max_lines = 200);

}  // namespace zhidui::log
