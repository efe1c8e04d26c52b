// result.h — Result<T>: the value or the error of an operation at an I/O boundary.
//
// Devices, files, the database and the network fail in ordinary ways; those failures travel as
// values, never as exceptions (no exception may cross the frame loop). An Error carries a stable
// machine code (for tests, logs and the technician) and a message for people.
//
// Codes are named constants of the module that makes them (`offline::errc::kStoreCorrupt`), declared
// beside the function that returns them, and compared with Error::is: a typo then fails to compile
// instead of silently changing control flow. ZHIDUI_TRY passes an error up (SerenityOS's TRY):
//
//   Result<Config> load(const std::string& path) {
//     std::string text = ZHIDUI_TRY(read_file(path));   // returns read_file's Error, or yields the text
//     return parse(text);
//   }
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace zhidui {

struct Error {
  std::string code;     // stable, ASCII, e.g. "sam.checksum", "store.disk_full"
  std::string message;  // what happened, for the log and the technician (never personal data)

  bool is(std::string_view named_code) const { return code == named_code; }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok() && "Result::value() on an error");
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok() && "Result::value() on an error");
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok() && "Result::value() on an error");
    return std::get<0>(std::move(v_));
  }
  const Error& error() const {
    assert(!ok() && "Result::error() on a success");
    return std::get<1>(v_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

inline Error make_error(std::string_view code, std::string message) {
  return Error{std::string(code), std::move(message)};
}

}  // namespace zhidui

// Evaluates `expr` (a Result or Status); on an error returns it from the enclosing function, else yields
// the value. A GNU statement expression, as SerenityOS's TRY: g++ and clang both accept it.
#define ZHIDUI_TRY(expr)                                 \
  ({                                                     \
    auto zhidui_try_result_ = (expr);                    \
    if (!zhidui_try_result_) return zhidui_try_result_.error(); \
    std::move(zhidui_try_result_).value();               \
  })
