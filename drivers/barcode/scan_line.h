// scan_line.h — splits a scanner's byte stream into scans: a scan is a line ending in CR or LF.
//
// Shared by serial mode (bytes from the port) and keyboard-wedge mode (text the UI received as key
// presses), so both treat terminators and over-long input the same. CR LF counts once (empty lines are
// skipped). A line longer than the bound is dropped up to its terminator and reported once, so a
// scanner spewing garbage without terminators cannot grow memory.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace zhidui::drivers::barcode {

class LineSplitter {
 public:
  explicit LineSplitter(size_t max_line) : max_line_(max_line) {}

  // on_line(line) for each complete line; on_overflow() once per over-long line, at its terminator
  // (or as soon as the bound is passed, so the report is not delayed by a missing terminator).
  void feed(std::string_view bytes, const std::function<void(std::string)>& on_line,
            const std::function<void()>& on_overflow);
  void reset();  // forget a partial line (the link dropped mid-scan)
  bool has_partial() const { return !line_.empty() || overflowing_; }

 private:
  size_t max_line_;
  std::string line_;
  bool overflowing_ = false;
};

}  // namespace zhidui::drivers::barcode
