// scan_line.cpp — see scan_line.h.
#include "drivers/barcode/scan_line.h"

namespace zhidui::drivers::barcode {

void LineSplitter::feed(std::string_view bytes, const std::function<void(std::string)>& on_line,
                        const std::function<void()>& on_overflow) {
  for (char c : bytes) {
    if (c == '\r' || c == '\n') {
      if (!overflowing_ && !line_.empty()) on_line(std::move(line_));
      line_.clear();
      overflowing_ = false;
      continue;
    }
    if (overflowing_) continue;
    if (line_.size() >= max_line_) {
      line_.clear();
      line_.shrink_to_fit();
      overflowing_ = true;
      if (on_overflow) on_overflow();
      continue;
    }
    line_.push_back(c);
  }
}

void LineSplitter::reset() {
  line_.clear();
  overflowing_ = false;
}

}  // namespace zhidui::drivers::barcode
