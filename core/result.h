// Result<T>: an error value for the pure core, in place of exceptions.
// A Result holds either a T or an Error with a human-readable message.
// Thread-safety: a plain value type; no shared state.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace edge {

struct Error {
    std::string message;
};

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : data_(std::move(value)) {}
    Result(Error error) : data_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(data_); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(data_); }
    const T& value() const& { return std::get<T>(data_); }
    T&& value() && { return std::get<T>(std::move(data_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<Error>(data_); }

  private:
    std::variant<T, Error> data_;
};

// Status: a Result with no value, for operations that only succeed or fail.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() {
    return Ok{};
}

inline Error make_error(std::string message) {
    return Error{std::move(message)};
}

}  // namespace edge
