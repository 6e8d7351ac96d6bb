// Status and Result<T>: the one error type that crosses module boundaries.
//
// Every public function of core/ and storage/ that can fail returns a Status or a Result<T>,
// both [[nodiscard]]. Exceptions never cross those boundaries: code that calls a throwing
// library (nlohmann::json, date) catches at the nearest edge and converts.
//
// A Status for bad user input carries where it was found (file, line, field) so that cli/
// can print the one line `FILE:LINE: field: message`.
#ifndef CHRONICLE_CORE_STATUS_H_
#define CHRONICLE_CORE_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace chronicle {

enum class StatusCode : uint8_t {
  kOk = 0,
  kNotFound,         // no record / entity / store with that name
  kInvalidArgument,  // bad user input: a date, a field, a flag value
  kAmbiguous,        // a name that resolves to several records
  kCorruption,       // stored bytes that do not decode
  kIoError,          // the file system or RocksDB failed
  kBusy,             // another process holds the store open for writing
};

// Where in the user's input a problem was found. Every part is optional.
struct SourceLocation {
  std::string file;   // "" when unknown
  int64_t line = 0;   // 1-based; 0 when unknown
  std::string field;  // JSON path of the field ("when", "participants[1].entity"); "" if none
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) {
    return Status(StatusCode::kInvalidArgument, std::move(msg));
  }
  static Status Ambiguous(std::string msg) {
    return Status(StatusCode::kAmbiguous, std::move(msg));
  }
  static Status Corruption(std::string msg) {
    return Status(StatusCode::kCorruption, std::move(msg));
  }
  static Status IoError(std::string msg) { return Status(StatusCode::kIoError, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(StatusCode::kBusy, std::move(msg)); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const SourceLocation& location() const { return location_; }

  // Returns a copy of this status that names where the problem is. Parts already set are kept
  // unless the new value is non-empty, so an inner function can set the field and an outer
  // one the file and line.
  Status At(std::string file, int64_t line) const;
  Status WithField(std::string field) const;
  // Prefixes the field path: "when" inside participants[1] becomes "participants[1].when".
  Status InField(const std::string& parent) const;

  // "FILE:LINE: field: message", leaving out the parts that are not known.
  std::string ToString() const;

  // Marks a status as deliberately ignored; searchable, as RocksDB's PermitUncheckedError.
  void IgnoreError() const {}

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  SourceLocation location_;
};

// A value of type T or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(value_); }
  // REQUIRES: !ok()
  const Status& status() const { return std::get<Status>(value_); }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace chronicle

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define CHRONICLE_RETURN_IF_ERROR(expr)                    \
  do {                                                     \
    ::chronicle::Status chronicle_status_ = (expr);        \
    if (!chronicle_status_.ok()) return chronicle_status_; \
  } while (0)

#endif  // CHRONICLE_CORE_STATUS_H_
